using System.Globalization;

namespace CanaryDashboard.Simulation.Analysis.Conditions;

/// <summary>
/// The functions a condition can call: the ones Argo puts in the environment
/// (utils/evaluate/evaluate.go EvalCondition: <c>asInt</c>, <c>asFloat</c>, <c>isNaN</c>, <c>isInf</c>,
/// <c>isNil</c>, <c>default</c>) and expr-lang's <c>len</c> and <c>abs</c> builtins. As in Argo,
/// <c>isNil(x)</c> and <c>default(x, d)</c> look at the measured result, whatever their first argument is.
/// </summary>
public static class ConditionFunctions
{
    public static IReadOnlyDictionary<string, Func<IReadOnlyList<object?>, object?>> For(object? result) =>
        new Dictionary<string, Func<IReadOnlyList<object?>, object?>>(StringComparer.Ordinal)
        {
            ["len"] = args => Len(One(args, "len")),
            ["abs"] = args => One(args, "abs") switch
            {
                long l => Math.Abs(l),
                double d => Math.Abs(d),
                var other => throw new ExprException($"invalid argument for abs (type {ExprValues.GoType(other)})"),
            },
            ["isNaN"] = args => double.IsNaN(Float(One(args, "isNaN"), "isNaN")),
            ["isInf"] = args => double.IsInfinity(Float(One(args, "isInf"), "isInf")),
            ["asInt"] = args => AsInt(One(args, "asInt")),
            ["asFloat"] = args => AsFloat(One(args, "asFloat")),
            ["isNil"] = args => { One(args, "isNil"); return result is null; },
            ["default"] = args =>
            {
                if (args.Count != 2)
                    throw new ExprException($"not enough arguments in call to default");
                return result ?? args[1];
            },
        };

    private static object? One(IReadOnlyList<object?> args, string name) =>
        args.Count == 1 ? args[0] : throw new ExprException($"invalid number of arguments for {name} (expected 1, got {args.Count})");

    private static object Len(object? value) => value switch
    {
        string s => (long)s.EnumerateRunes().Count(),
        List<object?> list => (long)list.Count,
        Dictionary<string, object?> map => (long)map.Count,
        _ => throw new ExprException($"invalid argument for len (type {ExprValues.GoType(value)})"),
    };

    private static double Float(object? value, string name) =>
        ExprValues.IsNumber(value)
            ? ExprValues.ToDouble(value)
            : throw new ExprException($"reflect: Call using {ExprValues.GoType(value)} as type float64 ({name})");

    private static long AsInt(object? value) => value switch
    {
        long l => l,
        double d => (long)d,
        string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
        string s => throw new ExprException($"strconv.ParseInt: parsing \"{s}\": invalid syntax"),
        _ => throw new ExprException($"asInt() not supported on {ExprValues.GoType(value)} {value}"),
    };

    private static double AsFloat(object? value) => value switch
    {
        long l => l,
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        string s => throw new ExprException($"strconv.ParseFloat: parsing \"{s}\": invalid syntax"),
        _ => throw new ExprException($"asFloat() not supported on {ExprValues.GoType(value)} {value}"),
    };
}
