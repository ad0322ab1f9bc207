namespace CanaryDashboard.Simulation.Api;

/// <summary>Writes a kubeconfig that points kubectl and KubernetesClient at the simulated API server (plain HTTP on loopback).</summary>
public static class KubeconfigWriter
{
    public const string ContextName = "canary-simulated";

    public static string Render(Uri server, string defaultNamespace = "default") => $"""
        # Written by CanaryDashboard at start: the simulated cluster on loopback.
        # Use it with: KUBECONFIG={"<this file>"} kubectl get rollouts.argoproj.io -A
        apiVersion: v1
        kind: Config
        clusters:
        - name: {ContextName}
          cluster:
            server: {server.GetLeftPart(UriPartial.Authority)}
        users:
        - name: {ContextName}
          user:
            # The simulated server does not authenticate; clients need some credential to accept the file.
            token: simulated
        contexts:
        - name: {ContextName}
          context:
            cluster: {ContextName}
            user: {ContextName}
            namespace: {defaultNamespace}
        current-context: {ContextName}
        preferences: {"{}"}

        """;

    /// <summary>Writes the file atomically (temp file, then move) so a reader never sees half of it.</summary>
    public static void Write(string path, Uri server)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, Render(server));
        File.Move(temp, path, overwrite: true);
    }
}
