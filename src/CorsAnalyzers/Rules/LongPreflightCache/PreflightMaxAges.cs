using System;
using System.Collections.Immutable;
using System.Globalization;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>
/// How long a preflight answer asks to be cached, read from the code or text that says it: a <c>TimeSpan</c> made of
/// constants (<c>TimeSpan.FromDays(30)</c>, <c>FromHours</c>, <c>FromMinutes</c>, <c>FromSeconds</c>,
/// <c>FromMilliseconds</c>, <c>FromMicroseconds</c>, the multi-part overloads of .NET 9, <c>new TimeSpan(...)</c>), a
/// number of seconds, or an <c>Access-Control-Max-Age</c> header value. Anything else (a value read at run time, a local,
/// a field) gives no answer: the rule stays silent rather than guess.
/// </summary>
internal static class PreflightMaxAges
{
    /// <summary>The longest cache any browser keeps (Firefox); a larger value is cut.</summary>
    public const double LongestKept = 86400;

    /// <summary>What the fix writes: the longest cache Chromium keeps.</summary>
    public const int Suggested = 7200;

    /// <summary>The seconds a constant <c>TimeSpan</c> expression stands for, or null.</summary>
    public static double? SecondsOfTimeSpan(IOperation? value, INamedTypeSymbol timeSpan)
        => value.WalkDownConversions() switch
        {
            IInvocationOperation { TargetMethod: { IsStatic: true } method } call
                when UnitOf(method.Name) is { } unit && SymbolEqualityComparer.Default.Equals(method.ContainingType, timeSpan)
                => Sum(call.Arguments, unit),
            IObjectCreationOperation { Constructor: { } constructor } creation
                when SymbolEqualityComparer.Default.Equals(constructor.ContainingType, timeSpan)
                => Sum(creation.Arguments, 0),
            _ => null,
        };

    /// <summary>The seconds of a number constant (<c>System.Web.Cors.CorsPolicy.PreflightMaxAge = 604800</c>), or null.</summary>
    public static double? SecondsOfNumber(IOperation? value)
        => value.WalkDownConversions() is { ConstantValue: { HasValue: true, Value: { } constant } } && IsNumber(constant)
            ? Convert.ToDouble(constant, CultureInfo.InvariantCulture)
            : null;

    /// <summary>
    /// The seconds an <c>Access-Control-Max-Age</c> value says: delta-seconds, digits only (spaces around them ignored), as
    /// browsers read it; null for anything else (a browser ignores it).
    /// </summary>
    public static double? SecondsOfHeader(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        foreach (var c in text!)
        {
            if (c is < '0' or > '9')
            {
                return null;
            }
        }

        return double.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>True when browsers cut <paramref name="seconds"/>.</summary>
    public static bool IsTooLong(double? seconds) => seconds > LongestKept;

    /// <summary>How the message writes a number of seconds.</summary>
    public static string Format(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Seconds per unit of a <c>TimeSpan.FromX</c> factory's single <c>value</c> parameter; null for other methods.</summary>
    private static double? UnitOf(string name)
        => name switch
        {
            "FromDays" => 86400,
            "FromHours" => 3600,
            "FromMinutes" => 60,
            "FromSeconds" => 1,
            "FromMilliseconds" => 1e-3,
            "FromMicroseconds" => 1e-6,
            _ => null,
        };

    /// <summary>The arguments' sum in seconds, each weighed by its parameter's unit; null when one is not a constant number.</summary>
    private static double? Sum(ImmutableArray<IArgumentOperation> arguments, double valueUnit)
    {
        if (arguments.IsEmpty)
        {
            return null;
        }

        var seconds = 0d;
        foreach (var argument in arguments)
        {
            var unit = argument.Parameter?.Name switch
            {
                "value" => valueUnit,
                "days" => 86400,
                "hours" => 3600,
                "minutes" => 60,
                "seconds" => 1,
                "milliseconds" => 1e-3,
                "microseconds" => 1e-6,
                "ticks" => 1e-7,
                _ => 0,
            };
            if (unit == 0 || SecondsOfNumber(argument.Value) is not { } count)
            {
                return null;
            }

            seconds += count * unit;
        }

        return seconds;
    }

    private static bool IsNumber(object constant)
        => constant is int or long or double or float or decimal or short or byte or uint or ulong or ushort or sbyte;
}
