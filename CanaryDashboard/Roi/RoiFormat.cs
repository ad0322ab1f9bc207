using System.Globalization;

namespace CanaryDashboard.Roi;

/// <summary>Number formats of the seed's <c>run_simulation()</c> output, and for the arithmetic shown.</summary>
public static class RoiFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Python's <c>f"${v:,.2f}"</c>: <c>$66,388.44</c>, <c>$-1,000.00</c>.</summary>
    public static string Money(double value) => "$" + value.ToString("#,0.00", Invariant);

    /// <summary>Rounded to the dollar: <c>$66,388</c>.</summary>
    public static string WholeDollars(double value) => "$" + value.ToString("#,0", Invariant);

    /// <summary>Python's <c>f"{v:.1f}%"</c>.</summary>
    public static string Percent(double value) => value.ToString("0.0", Invariant) + "%";

    /// <summary>A plain number without binary noise: 27.6 rather than 27.599999999999998.</summary>
    public static string Number(double value) => Math.Round(value, 9).ToString("#,0.#########", Invariant);

    public static string Count(int value) => value.ToString(Invariant);
}
