using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CorsAnalyzers.Rules;

/// <summary>Why an origin entry can never equal a browser's <c>Origin</c> header.</summary>
internal enum OriginEntryProblem
{
    None,

    /// <summary><c>"https://a.com,https://b.com"</c> (or <c>;</c>): several origins in one entry.</summary>
    JoinedList,

    /// <summary><c>" https://a.com"</c>: whitespace around the origin.</summary>
    Whitespace,

    /// <summary><c>"a.com"</c>, <c>"localhost:5001"</c>: no <c>scheme://</c>.</summary>
    NoScheme,

    /// <summary><c>"https://*.a.com"</c> without <c>SetIsOriginAllowedToAllowWildcardSubdomains()</c>.</summary>
    WildcardWithoutSubdomains,

    /// <summary><c>"https://app.*.com"</c>, <c>"https://*a.com"</c>: a <c>*</c> the subdomain check never reads as a wildcard.</summary>
    WildcardNotAtHostStart,

    /// <summary><c>"https://a.com/app"</c>, <c>"https://a.com?x"</c>, <c>"https://a.com#x"</c>.</summary>
    Path,

    /// <summary><c>"https://a.com/"</c>.</summary>
    TrailingSlash,

    /// <summary><c>"https://a.com:443"</c>, <c>"http://a.com:80"</c>.</summary>
    DefaultPort,

    /// <summary><c>"*"</c> beside other entries (<c>WithOrigins("*", "https://a.com")</c>): not any-origin, a literal that never matches.</summary>
    StarBesideOtherEntries,
}

/// <summary>What is wrong with one origin entry, and the entries that would match what it means (empty when that cannot be known).</summary>
internal readonly struct OriginEntryVerdict
{
    public OriginEntryVerdict(OriginEntryProblem problem, ImmutableArray<string> normalized)
    {
        Problem = problem;
        Normalized = normalized;
    }

    public OriginEntryProblem Problem { get; }

    /// <summary>
    /// The origins the entry was meant to be, as a browser sends them: one for a single entry, one per part of a joined
    /// list; empty when one part has no scheme or holds a wildcard (the meaning is the user's to say).
    /// </summary>
    public ImmutableArray<string> Normalized { get; }

    public bool IsProblem => Problem != OriginEntryProblem.None;
}

/// <summary>
/// The one place that knows which strings can equal a browser's <c>Origin</c> header, compared ordinally after
/// <c>WithOrigins</c> lowercases them: <c>scheme://host[:port]</c>, no path, no trailing <c>/</c>, no default port, no
/// whitespace. Upper case is fine (lowercased), a non-default port is another origin, not a mistake; <c>"*"</c> alone is
/// any-origin and <c>"null"</c> the null origin (other rules judge those).
/// </summary>
internal static class OriginEntries
{
    /// <summary>Judges <paramref name="entry"/>; <paramref name="wildcardSubdomains"/> is true when the policy calls <c>SetIsOriginAllowedToAllowWildcardSubdomains()</c>.</summary>
    public static OriginEntryVerdict Judge(string entry, bool wildcardSubdomains)
    {
        if (entry.Length == 0 || IsSpecial(entry))
        {
            return default;
        }

        if (entry.IndexOfAny(s_separators) >= 0)
        {
            var parts = entry.Split(s_separators, StringSplitOptions.RemoveEmptyEntries);
            var normalized = ImmutableArray.CreateBuilder<string>(parts.Length);
            foreach (var part in parts)
            {
                var trimmed = part.Trim();
                if (trimmed.Length == 0)
                {
                    continue;
                }

                if (trimmed == "*" || IsNull(trimmed))
                {
                    // Split out, "*" would be one literal entry among others, not any-origin: what was meant is unknown.
                    // "null" would start to match sandboxed frames and file: pages, which the joined string never let in: a
                    // fix never widens access to the null origin (CORS004's finding), so none is proposed.
                    return new OriginEntryVerdict(OriginEntryProblem.JoinedList, ImmutableArray<string>.Empty);
                }

                if (IsSpecial(trimmed))
                {
                    normalized.Add(trimmed);
                    continue;
                }

                var verdict = JudgeSingle(trimmed, wildcardSubdomains);
                if (verdict.IsProblem && verdict.Normalized.IsDefaultOrEmpty)
                {
                    return new OriginEntryVerdict(OriginEntryProblem.JoinedList, ImmutableArray<string>.Empty);
                }

                normalized.Add(verdict.IsProblem ? verdict.Normalized[0] : trimmed);
            }

            // "https://a.com," is one origin with a stray separator: still never equal, and its fix is one entry.
            return new OriginEntryVerdict(OriginEntryProblem.JoinedList, normalized.ToImmutable());
        }

        if (entry.Trim() != entry)
        {
            var trimmed = entry.Trim();
            if (trimmed.Length == 0 || trimmed == "*" || IsNull(trimmed))
            {
                // Trimmed, " * " would become any-origin and " null " the null origin: a change of meaning the user must
                // choose, and one that widens access.
                return new OriginEntryVerdict(OriginEntryProblem.Whitespace, ImmutableArray<string>.Empty);
            }

            var inner = IsSpecial(trimmed) ? default : JudgeSingle(trimmed, wildcardSubdomains);
            return new OriginEntryVerdict(
                OriginEntryProblem.Whitespace,
                !inner.IsProblem ? ImmutableArray.Create(trimmed) : inner.Normalized.IsDefault ? ImmutableArray<string>.Empty : inner.Normalized);
        }

        return JudgeSingle(entry, wildcardSubdomains);
    }

    /// <summary>
    /// The verdict on a <c>"*"</c> entry of a list that holds other entries too (<see cref="OriginList.IsLiteralStar"/>,
    /// <see cref="ConfiguredOrigins.LiteralStarsOf"/>): ASP.NET Core's any-origin is a list of exactly <c>["*"]</c>, so here the
    /// entry is compared as written and never matches. No rewrite: whether any origin or only the others were meant is the user's to say.
    /// </summary>
    public static OriginEntryVerdict StarBesideOtherEntries { get; } = new(OriginEntryProblem.StarBesideOtherEntries, ImmutableArray<string>.Empty);

    /// <summary>The message part that says why: "a browser's Origin ..." follows the entry's code.</summary>
    public static string Reason(OriginEntryVerdict verdict)
    {
        var use = verdict.Normalized.IsDefaultOrEmpty
            ? string.Empty
            : verdict.Normalized.Length == 1
                ? $"; use \"{verdict.Normalized[0]}\""
                : "; list each origin as its own entry";
        return verdict.Problem switch
        {
            OriginEntryProblem.JoinedList => "it joins several origins into one string, and an Origin header holds exactly one" + use,
            OriginEntryProblem.Whitespace => "an Origin header has no surrounding whitespace" + use,
            OriginEntryProblem.NoScheme => "an Origin header starts with its scheme, such as https://",
            OriginEntryProblem.WildcardWithoutSubdomains => "'*' is a wildcard only after SetIsOriginAllowedToAllowWildcardSubdomains(), otherwise it is compared as the character '*'",
            OriginEntryProblem.WildcardNotAtHostStart => "'*' is a wildcard only as the first label of the host, as in https://*.contoso.com",
            OriginEntryProblem.Path => "an Origin header has no path, query or fragment" + use,
            OriginEntryProblem.TrailingSlash => "an Origin header never ends with '/'" + use,
            OriginEntryProblem.DefaultPort => "an Origin header leaves out the scheme's default port" + use,
            OriginEntryProblem.StarBesideOtherEntries => "'*' is any origin only as the whole list; beside other entries it is compared as the character '*'",
            _ => string.Empty,
        };
    }

    /// <summary>A host or URL, not a header name or a word: what someone meant as an origin would have a scheme, a dot or a port.</summary>
    private static bool LooksLikeAnOrigin(string text)
        => text.IndexOf("://", StringComparison.Ordinal) >= 0 || text.IndexOf('.') > 0 || text.IndexOf(':') > 0;

    /// <summary>The distinct string literals of a file that can never equal an Origin header (compared exactly, so a '*' is literal too).</summary>
    public static IEnumerable<(string Value, OriginEntryVerdict Verdict)> UnmatchableStringsIn(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in tree.GetRoot(cancellationToken).DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.StringLiteralToken) && LooksLikeAnOrigin(token.ValueText) && seen.Add(token.ValueText)
                && OriginEntries.Judge(token.ValueText, wildcardSubdomains: false) is { IsProblem: true } verdict)
            {
                yield return (token.ValueText, verdict);
            }
        }
    }

    private static readonly char[] s_separators = { ',', ';' };

    /// <summary><c>"*"</c> (any origin) and <c>"null"</c> (the null origin, any casing as <c>WithOrigins</c> lowercases): judged by other rules.</summary>
    private static bool IsSpecial(string entry) => entry == "*" || IsNull(entry);

    private static bool IsNull(string entry) => string.Equals(entry, "null", StringComparison.OrdinalIgnoreCase);

    private static OriginEntryVerdict JudgeSingle(string entry, bool wildcardSubdomains)
    {
        var schemeEnd = entry.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0 || !IsScheme(entry, schemeEnd) || entry.IndexOfAny(s_whitespace) >= 0)
        {
            return new OriginEntryVerdict(OriginEntryProblem.NoScheme, ImmutableArray<string>.Empty);
        }

        var scheme = entry.Substring(0, schemeEnd);
        var authorityStart = schemeEnd + 3;
        var authorityEnd = entry.IndexOfAny(s_authorityEnd, authorityStart);
        var authority = authorityEnd < 0 ? entry.Substring(authorityStart) : entry.Substring(authorityStart, authorityEnd - authorityStart);
        if (authority.Length == 0)
        {
            return new OriginEntryVerdict(OriginEntryProblem.NoScheme, ImmutableArray<string>.Empty);
        }

        var (host, port) = SplitPort(authority);
        var defaultPort = port is not null && (port.Length == 0 || DefaultPortOf(scheme) == port);
        var normalized = scheme + "://" + host + (port is null || defaultPort ? string.Empty : ":" + port);
        var fixable = ImmutableArray.Create(normalized);

        if (host.IndexOf('*') >= 0)
        {
            var isSubdomainPattern = host.StartsWith("*.", StringComparison.Ordinal) && host.IndexOf('*', 1) < 0;
            if (!isSubdomainPattern)
            {
                return new OriginEntryVerdict(OriginEntryProblem.WildcardNotAtHostStart, ImmutableArray<string>.Empty);
            }

            if (!wildcardSubdomains)
            {
                return new OriginEntryVerdict(OriginEntryProblem.WildcardWithoutSubdomains, ImmutableArray<string>.Empty);
            }
        }

        if (authorityEnd >= 0)
        {
            var rest = entry.Substring(authorityEnd);
            return new OriginEntryVerdict(rest == "/" ? OriginEntryProblem.TrailingSlash : OriginEntryProblem.Path, fixable);
        }

        return defaultPort ? new OriginEntryVerdict(OriginEntryProblem.DefaultPort, fixable) : default;
    }

    private static readonly char[] s_whitespace = { ' ', '\t', '\r', '\n' };

    private static readonly char[] s_authorityEnd = { '/', '?', '#' };

    private static bool IsScheme(string entry, int length)
    {
        if (!char.IsLetter(entry[0]))
        {
            return false;
        }

        for (var i = 1; i < length; i++)
        {
            var c = entry[i];
            if (!(char.IsLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The host and the port text after its last <c>:</c> (outside an IPv6 literal's brackets), or no port.</summary>
    private static (string Host, string? Port) SplitPort(string authority)
    {
        var colon = authority.LastIndexOf(':');
        if (colon < 0 || authority.IndexOf(']', colon) >= 0)
        {
            return (authority, null);
        }

        return (authority.Substring(0, colon), authority.Substring(colon + 1));
    }

    private static string? DefaultPortOf(string scheme)
        => scheme.ToLowerInvariant() switch
        {
            "https" or "wss" => "443",
            "http" or "ws" => "80",
            _ => null,
        };
}
