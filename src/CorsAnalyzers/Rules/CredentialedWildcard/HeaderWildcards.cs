using System.Collections.Generic;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;

namespace CorsAnalyzers.Rules;

/// <summary>
/// The CORS response headers whose <c>*</c> is a wildcard only without credentials (Fetch standard): with
/// <c>Access-Control-Allow-Credentials: true</c> a browser reads <c>*</c> in them as the literal name <c>*</c>.
/// (<c>*</c> in Access-Control-Allow-Origin with credentials is CORS002's finding.)
/// </summary>
internal static class HeaderWildcards
{
    public const string AllowHeaders = "Access-Control-Allow-Headers";
    public const string AllowMethods = "Access-Control-Allow-Methods";
    public const string ExposeHeaders = "Access-Control-Expose-Headers";

    /// <summary>The header of <paramref name="write"/> when it is one of the three, or null.</summary>
    public static string? WildcardHeaderOf(HeaderWrite write)
        => write.Is(AllowHeaders) ? AllowHeaders : write.Is(AllowMethods) ? AllowMethods : write.Is(ExposeHeaders) ? ExposeHeaders : null;

    /// <summary>True when a comma-separated header value holds <c>*</c> as one of its items (<c>"*"</c>, <c>"Content-Type, *"</c>).</summary>
    public static bool HasWildcardItem(string value)
    {
        foreach (var item in value.Split(','))
        {
            if (item.Trim() == "*")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The constant parts of a written value that hold a <c>*</c> item, each with the expression that gives it.</summary>
    public static IEnumerable<IOperation> WildcardLeaves(IOperation? value)
    {
        foreach (var (source, text) in HandWrittenCors.ConstantLeaves(value, listItems: true))
        {
            if (HasWildcardItem(text))
            {
                yield return source;
            }
        }
    }

    /// <summary>What goes wrong when the header's <c>*</c> is read literally (the end of the rule's message).</summary>
    public static string Consequence(string header)
        => header switch
        {
            AllowHeaders => "a preflight that asks for Authorization or any other non-safelisted header fails",
            AllowMethods => "a preflight that asks for PUT, DELETE or any other non-simple method fails",
            _ => "scripts can read no response header beyond the safelisted ones",
        };
}
