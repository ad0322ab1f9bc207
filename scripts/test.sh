#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what the tests need (Debian chromium and
# prometheus), restores and builds the solution, runs all test projects, prints the 10 slowest
# tests, the wall time and the closing line "N passed, N failed, N skipped". Exits non-zero on
# any failure. Services the tests need (Prometheus, the workload, the app) are started and
# stopped by the tests themselves on 127.0.0.1.
# Extra arguments go to `dotnet test`, e.g. one area:  bash scripts/test.sh --filter "FullyQualifiedName~Simulation"
set -uo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

export TMPDIR="$PWD/tmp"; mkdir -p "$TMPDIR"          # temp files stay in the (ignored) tree
export DEBIAN_FRONTEND=noninteractive
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

need=()
command -v chromium   >/dev/null || need+=(chromium)
command -v prometheus >/dev/null || need+=(prometheus)
if ((${#need[@]})); then
  echo "installing: ${need[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null ||
    { echo "apt-get install ${need[*]} failed"; echo "0 passed, 1 failed"; exit 1; }
fi
after_apt=$(date +%s)

dotnet build CanaryDashboard.sln -nologo -v q -clp:ErrorsOnly ||
  { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

log="$TMPDIR/test.log"
results="$TMPDIR/test-results"; rm -rf "$results"
dotnet test CanaryDashboard.sln --no-build -nologo --logger trx --results-directory "$results" "$@" 2>&1 | tee "$log"; rc=${PIPESTATUS[0]}

echo
echo "10 slowest tests (seconds):"
cat "$results"/*.trx 2>/dev/null | grep -o '<UnitTestResult [^>]*>' |
  sed -E 's/.* testName="([^"]*)".* duration="([0-9]+):([0-9]+):([0-9.]+)".*/\2 \3 \4 \1/' |
  awk '{ s = $1 * 3600 + $2 * 60 + $3; $1 = $2 = $3 = ""; sub(/^ +/, ""); printf "%8.1f  %s\n", s, substr($0, 1, 160) }' |
  sort -rn | head -10
now=$(date +%s)
echo "wall time: $((now - started)) s ($((now - after_apt)) s after the apt installs)"

awk '/(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+/ {
       for (i = 1; i <= NF; i++) { v = $(i+1); gsub(",", "", v)
         if ($i == "Failed:") f += v; else if ($i == "Passed:") p += v; else if ($i == "Skipped:") s += v } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s; if (p == 0) exit 1 }' "$log" || rc=${rc:-1}
exit "$rc"
