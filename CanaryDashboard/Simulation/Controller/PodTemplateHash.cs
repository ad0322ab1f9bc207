using System.Text;
using System.Text.Json.Nodes;

namespace CanaryDashboard.Simulation.Controller;

/// <summary>
/// The <c>rollouts-pod-template-hash</c> as Argo (and the Deployment controller) computes it in
/// spirit: FNV-1a of the pod template, written with Kubernetes' "safe" alphabet (no vowels, so
/// no words), e.g. <c>65fb5ffc84</c>. Equal templates give equal hashes.
/// </summary>
public static class PodTemplateHash
{
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Of(JsonNode? template) => SafeEncode(Fnv1a(template?.ToJsonString() ?? "{}"));

    /// <summary>Deterministic short suffix (5 safe characters) for generated names such as pods.</summary>
    public static string Suffix(string seedText, int length = 5)
    {
        var value = Fnv1a(seedText);
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(SafeAlphabet[(int)(value % (uint)SafeAlphabet.Length)]);
            value = value / (uint)SafeAlphabet.Length ^ Fnv1a(seedText + i);
        }
        return builder.ToString();
    }

    public static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 16777619u;
        }
        return hash;
    }

    /// <summary>Kubernetes' rand.SafeEncodeString over the decimal digits of the hash.</summary>
    private static string SafeEncode(uint value)
    {
        var digits = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var builder = new StringBuilder(digits.Length);
        foreach (var c in digits)
            builder.Append(SafeAlphabet[c % SafeAlphabet.Length]);
        return builder.ToString();
    }
}
