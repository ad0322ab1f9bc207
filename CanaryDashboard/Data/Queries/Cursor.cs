using System.Globalization;

namespace CanaryDashboard.Data.Queries;

/// <summary>
/// A keyset position: time (Unix ms), a tie-break rank (aggregates before raw samples at the same
/// instant) and the row id. Shown to clients as an opaque string; parsed back strictly.
/// </summary>
public readonly record struct Cursor(long At, int Rank, long Id)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{At}.{Rank}.{Id}");

    public static bool TryParse(string? text, out Cursor cursor)
    {
        cursor = default;
        if (text?.Split('.') is not [var at, var rank, var id])
            return false;
        if (!long.TryParse(at, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var a)
            || !int.TryParse(rank, NumberStyles.None, CultureInfo.InvariantCulture, out var r) || r is < 0 or > 1
            || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var i))
            return false;
        cursor = new Cursor(a, r, i);
        return true;
    }

    public bool IsBefore(Cursor other) =>
        At < other.At || (At == other.At && (Rank < other.Rank || (Rank == other.Rank && Id < other.Id)));
}
