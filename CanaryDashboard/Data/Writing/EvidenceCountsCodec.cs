using System.Buffers;
using System.Text;
using System.Text.Json;
using CanaryDashboard.Engine.Evidence;

namespace CanaryDashboard.Data.Writing;

/// <summary>
/// Both versions' counts since the rung's entry as one compact JSON text, so a backtest can replay
/// the evidence from stored runs exactly as the poller weighed it:
/// <c>{"c":{"n":1240,"e":3,"le":[0.05,0.1],"cum":[900,1200],"inf":1240},"s":{…},"w":62.5}</c>.
/// <c>n</c>/<c>e</c> requests and errors (absent when missing: NaN is not JSON), <c>le</c> the
/// finite bucket bounds, <c>cum</c> their cumulative counts, <c>inf</c> the <c>+Inf</c> count,
/// <c>lp</c> why there is no histogram, <c>w</c> the window in seconds. Doubles are written
/// shortest-round-trip, so decoding gives the very same numbers back.
/// </summary>
public static class EvidenceCountsCodec
{
    public static string Encode(EvidenceInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            Write(w, "c", inputs.Canary);
            Write(w, "s", inputs.Stable);
            if (inputs.Window is { } window) w.WriteNumber("w", window.TotalSeconds);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The inputs back; null for null or text that is not this format (a damaged row replays as "no counts", it does not throw).</summary>
    public static EvidenceInputs? TryDecode(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            TimeSpan? window = root.TryGetProperty("w", out var w) ? TimeSpan.FromSeconds(w.GetDouble()) : null;
            return new EvidenceInputs(Read(root, "c"), Read(root, "s"), window);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            return null;
        }
    }

    private static void Write(Utf8JsonWriter w, string name, VersionCounts? counts)
    {
        if (counts is null) return;
        w.WriteStartObject(name);
        if (double.IsFinite(counts.Requests)) w.WriteNumber("n", counts.Requests);
        if (double.IsFinite(counts.Errors)) w.WriteNumber("e", counts.Errors);
        if (counts.Latency is { } h)
        {
            w.WriteStartArray("le");
            foreach (var bound in h.FiniteBounds) w.WriteNumberValue(bound);
            w.WriteEndArray();
            w.WriteStartArray("cum");
            foreach (var count in h.CumulativeCounts) w.WriteNumberValue(count);
            w.WriteEndArray();
            w.WriteNumber("inf", h.Total);
        }
        else if (counts.LatencyProblem is { } problem)
        {
            w.WriteString("lp", problem);
        }
        w.WriteEndObject();
    }

    private static VersionCounts Read(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var v)) return VersionCounts.Missing;
        var requests = v.TryGetProperty("n", out var n) ? n.GetDouble() : double.NaN;
        var errors = v.TryGetProperty("e", out var e) ? e.GetDouble() : double.NaN;
        if (!v.TryGetProperty("le", out var le))
            return new VersionCounts(requests, errors, null, v.TryGetProperty("lp", out var lp) ? lp.GetString() : null);
        var bounds = le.EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var cumulative = v.GetProperty("cum").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var histogram = LatencyHistogram.TryFromSorted(bounds, cumulative, v.GetProperty("inf").GetDouble(), out var problem);
        return new VersionCounts(requests, errors, histogram, problem);
    }
}
