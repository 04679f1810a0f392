using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Knowledge;

/// <summary>How a piece of text is matched against an origin.</summary>
internal enum TextMatch
{
    Prefix,
    Suffix,
    Substring,
}

/// <summary>
/// The one place that knows what an inexact origin match accepts beyond the origins it was written for:
/// given the literal of <c>StartsWith</c>/<c>EndsWith</c>/<c>Contains</c>, a regular expression, or a
/// <c>https://*.domain</c> entry, it answers with a concrete origin that slips through, or null when the
/// match pins the origin (or only accepts subdomains of a domain the team owns, unless asked to report those).
/// </summary>
internal sealed class OriginPatterns
{
    /// <summary>Domains where anyone can get a subdomain: a wildcard under them accepts strangers' sites.</summary>
    public static readonly ImmutableArray<string> BuiltInSharedHostingDomains = ImmutableArray.Create(
        "vercel.app", "now.sh", "netlify.app", "netlify.com", "herokuapp.com", "herokudns.com",
        "azurewebsites.net", "azurestaticapps.net", "azureedge.net", "azurefd.net", "cloudapp.net", "trafficmanager.net",
        "blob.core.windows.net", "web.core.windows.net", "github.io", "githubusercontent.com", "gitlab.io", "bitbucket.io",
        "pages.dev", "workers.dev", "trycloudflare.com", "web.app", "firebaseapp.com", "appspot.com", "run.app", "cloudfunctions.net",
        "cloudfront.net", "amazonaws.com", "s3.amazonaws.com", "elasticbeanstalk.com", "amplifyapp.com", "awsapprunner.com",
        "onrender.com", "fly.dev", "railway.app", "up.railway.app", "ngrok.io", "ngrok-free.app", "ngrok.app", "glitch.me",
        "surge.sh", "repl.co", "replit.dev", "replit.app", "codesandbox.io", "csb.app", "stackblitz.io", "webcontainer.io",
        "deno.dev", "pythonanywhere.com", "wixsite.com", "webflow.io", "framer.app", "myshopify.com", "wordpress.com",
        "blogspot.com", "sharepoint.com", "digitaloceanspaces.com", "ondigitalocean.app", "loca.lt", "serveo.net", "localtunnel.me");

    /// <summary>Second-level public suffixes (the single-label TLDs are recognised by having no dot).</summary>
    private static readonly ImmutableHashSet<string> PublicSuffixes = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "net.au", "org.au", "co.nz", "co.jp", "ne.jp", "or.jp", "com.br", "com.cn",
        "com.mx", "com.ar", "com.tr", "co.in", "co.za", "co.kr", "com.sg", "com.hk", "com.tw", "co.il", "eu.org", "us.com");

    private const string Attacker = "attacker";
    private const string Evil = "evil";
    private const string EvilDomain = "evil.net";
    private const int MaxVariants = 32;

    private readonly ImmutableHashSet<string> _sharedHosts;
    private readonly bool _reportSubdomainWildcards;

    public OriginPatterns(IEnumerable<string> extraSharedHostingDomains, bool reportSubdomainWildcards)
    {
        var hosts = ImmutableHashSet.CreateBuilder<string>(StringComparer.OrdinalIgnoreCase);
        hosts.UnionWith(BuiltInSharedHostingDomains);
        foreach (var domain in extraSharedHostingDomains)
        {
            var trimmed = domain.Trim().TrimStart('*').Trim('.');
            if (trimmed.Length > 0)
            {
                hosts.Add(trimmed);
            }
        }

        _sharedHosts = hosts.ToImmutable();
        _reportSubdomainWildcards = reportSubdomainWildcards;
    }

    /// <summary>The patterns as a file's options configure them (see <see cref="Settings"/>).</summary>
    public static OriginPatterns FromOptions(AnalyzerConfigOptions options)
        => new(Settings.SharedHostingDomains(options), Settings.ReportSubdomainWildcards(options));

    /// <summary>True when anyone can get a name directly under <paramref name="domain"/> (a TLD, a public suffix, a shared host).</summary>
    public bool IsOpenToStrangers(string domain)
    {
        domain = domain.Trim('.');
        return domain.Length > 0 && (domain.IndexOf('.') < 0 || PublicSuffixes.Contains(domain) || _sharedHosts.Contains(domain));
    }

    /// <summary>
    /// The one exact origin that matched text names, to seed an allowlist with: a complete origin ("https://app.contoso.com",
    /// a path trimmed off, a default port dropped), or https:// and a host name ("contoso.com", "contoso.com:8443").
    /// Null for text that names many hosts (".contoso.com"), only a port, a scheme, a single-label name ("localhost"),
    /// an unfinished host ("https://app."), or a domain open to strangers ("vercel.app", "com").
    /// </summary>
    public string? ExactOriginNamedBy(string text)
    {
        text = text.Trim().ToLowerInvariant();
        var scheme = "https://";
        var authority = text;
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            scheme = text.Substring(0, schemeEnd + 3);
            if (scheme is not ("https://" or "http://"))
            {
                return null;
            }

            authority = text.Substring(schemeEnd + 3);
            var slash = authority.IndexOf('/');
            authority = slash < 0 ? authority : authority.Substring(0, slash);
        }
        else if (text.IndexOf('/') >= 0)
        {
            return null;
        }

        var host = StripPort(authority);
        var port = PortOf(authority);
        if (port.Length == 1 || !IsDigits(port, 1) || !IsHostName(host) || IsOpenToStrangers(host))
        {
            return null;
        }

        if ((scheme, port) is ("https://", ":443") or ("http://", ":80"))
        {
            port = string.Empty;
        }

        return scheme + host + port;
    }

    /// <summary>A DNS name of two labels or more (letters, digits, hyphens): "app.contoso.com", not "contoso", ".contoso.com" or "app.".</summary>
    public static bool IsHostName(string host)
    {
        var labels = host.Split('.');
        if (labels.Length < 2)
        {
            return false;
        }

        foreach (var label in labels)
        {
            if (label.Length == 0 || label[0] == '-' || label[label.Length - 1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsDigits(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// What <c>joined.Contains(origin)</c> accepts: any part of the joined text, such as its first entry cut short by one
    /// character (<c>https://a.com</c> becomes <c>https://a.co</c>, another registrable name).
    /// </summary>
    public static string JoinedListSlipThrough(string? joined)
    {
        if (joined is not null)
        {
            foreach (var entry in joined.Split(',', ';', ' ', '|'))
            {
                var trimmed = entry.Trim().TrimEnd('/');
                var hostStart = trimmed.IndexOf("://", StringComparison.Ordinal) + 3;
                if (hostStart >= 3 && trimmed.Length - hostStart >= 4)
                {
                    return trimmed.Substring(0, trimmed.Length - 1);
                }
            }
        }

        return "any origin that is part of the joined text, such as an entry cut short to another domain";
    }

    /// <summary>A true phrase for a regular expression built at run time with no anchors at both ends.</summary>
    public const string GenericPattern = "any origin that only contains a match of the pattern, such as a domain an attacker registers with it as a subdomain";

    /// <summary>A dotted suffix whose domain is known only at run time: reported only when subdomain wildcards are.</summary>
    public string? DottedSuffixOfUnknownDomain()
        => _reportSubdomainWildcards ? "any subdomain of the compared domain, at any depth" : null;

    /// <summary>A true phrase for a match whose text is not known at compile time.</summary>
    public static string Generic(TextMatch kind)
        => kind switch
        {
            TextMatch.Prefix => "any origin that only starts with the compared text, such as the same name under a domain an attacker registers",
            TextMatch.Suffix => "any origin that only ends with the compared text, such as a look-alike domain an attacker registers",
            _ => "any origin that contains the compared text anywhere, such as a domain an attacker registers with it as a subdomain",
        };

    /// <summary>What <c>StartsWith</c>/<c>EndsWith</c>/<c>Contains(<paramref name="text"/>)</c> accepts that it should not.</summary>
    /// <param name="onHost">The text is matched against a host or authority (<c>uri.Host</c>), not the whole origin.</param>
    public string? SlipThrough(TextMatch kind, string text, bool onHost)
    {
        text = text.ToLowerInvariant();
        return kind switch
        {
            TextMatch.Suffix => SuffixSlipThrough(text, onHost),
            TextMatch.Prefix => PrefixSlipThrough(text, onHost),
            _ => SubstringSlipThrough(text, onHost),
        };
    }

    private string? SuffixSlipThrough(string text, bool onHost)
    {
        if (text.Length == 0)
        {
            return "every origin";
        }

        if (text[0] == '/' || text.Contains("://"))
        {
            // "://contoso.com" or "https://contoso.com": only the scheme could differ.
            return null;
        }

        if (text[0] == ':')
        {
            // Only a port: any host.
            return "https://" + EvilDomain + text;
        }

        if (text[0] == '.')
        {
            return Subdomains("https://", StripPort(text.Substring(1)), PortOf(text));
        }

        return "https://" + Evil + text;
    }

    private string? PrefixSlipThrough(string text, bool onHost)
    {
        if (onHost)
        {
            return HostPrefixSlipThrough("https://", text);
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            // "http", "https:" are the start of every origin of that scheme; anything else never matches an origin.
            foreach (var scheme in new[] { "https://", "http://" })
            {
                if (scheme.StartsWith(text, StringComparison.Ordinal))
                {
                    return scheme + EvilDomain;
                }
            }

            return null;
        }

        return HostPrefixSlipThrough(text.Substring(0, schemeEnd + 3), text.Substring(schemeEnd + 3));
    }

    private static string? HostPrefixSlipThrough(string scheme, string host)
    {
        if (host.IndexOf(':') >= 0 || host.IndexOf('/') >= 0)
        {
            // "http://localhost:" pins the host; a '/' is never in an origin, so the prefix matches nothing.
            return null;
        }

        if (host.Length == 0 || host[host.Length - 1] == '.')
        {
            return scheme + host + EvilDomain;
        }

        return scheme + host + "." + EvilDomain;
    }

    private static string? SubstringSlipThrough(string text, bool onHost)
    {
        if (text.Length == 0)
        {
            return "every origin";
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            var host = text.Substring(schemeEnd + 3);
            return host.IndexOf(':') >= 0 || host.IndexOf('/') >= 0 ? Generic(TextMatch.Substring) : HostPrefixSlipThrough(text.Substring(0, schemeEnd + 3), host);
        }

        var start = text[0] == '.' ? "https://" + Attacker : "https://";
        var end = text[text.Length - 1] == '.' ? EvilDomain : "." + EvilDomain;
        return text.IndexOf(':') >= 0 || text.IndexOf('/') >= 0 ? Generic(TextMatch.Substring) : start + text + end;
    }

    /// <summary>What the subdomains of <paramref name="domain"/> add: always reported for a shared host or public suffix.</summary>
    private string? Subdomains(string scheme, string domain, string port)
    {
        if (domain.Length == 0)
        {
            return null;
        }

        if (IsOpenToStrangers(domain))
        {
            return scheme + Attacker + "." + domain + port;
        }

        return _reportSubdomainWildcards
            ? $"every subdomain of {domain}, such as a forgotten or taken-over {scheme}old.{domain}{port}"
            : null;
    }

    /// <summary>
    /// What a <c>WithOrigins</c> entry <c>https://*.domain</c> accepts once <c>SetIsOriginAllowedToAllowWildcardSubdomains()</c> is on,
    /// or null when it has no wildcard or only covers a domain the team owns.
    /// </summary>
    public string? WildcardEntrySlipThrough(string entry)
    {
        var marker = entry.IndexOf("://*.", StringComparison.Ordinal);
        if (marker < 0)
        {
            return null;
        }

        var rest = entry.Substring(marker + 5).ToLowerInvariant();
        return Subdomains(entry.Substring(0, marker + 3).ToLowerInvariant(), StripPort(rest), PortOf(rest));
    }

    private static string StripPort(string hostAndPort)
    {
        var colon = hostAndPort.IndexOf(':');
        return colon < 0 ? hostAndPort : hostAndPort.Substring(0, colon);
    }

    private static string PortOf(string hostAndPort)
    {
        var colon = hostAndPort.IndexOf(':');
        return colon < 0 ? string.Empty : hostAndPort.Substring(colon);
    }

    // ------------------------------------------------------------------ regular expressions

    /// <summary>
    /// What a regular expression accepts beyond the origins it names: a pattern not anchored at both ends
    /// (<c>^...$</c>, <c>\A...\z</c>), a wildcard where a name should be, or an unescaped <c>.</c> in a host.
    /// Null when the pattern is precise, or when it uses constructs we do not read (we stay silent then).
    /// </summary>
    public string? RegexSlipThrough(string pattern, bool onHost)
    {
        var variants = RegexReader.Read(pattern);
        if (variants is null)
        {
            return null;
        }

        foreach (var atoms in variants)
        {
            if (VariantSlipThrough(atoms, onHost) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private string? VariantSlipThrough(List<Atom> atoms, bool onHost)
    {
        // Anchors only count at the ends; one in the middle means a construct we do not model.
        var start = atoms.Count > 0 && atoms[0].Kind == AtomKind.Start;
        var end = atoms.Count > 0 && atoms[atoms.Count - 1].Kind == AtomKind.End && (atoms.Count > 1 || !start);
        var body = atoms.GetRange(start ? 1 : 0, atoms.Count - (start ? 1 : 0) - (end ? 1 : 0));
        if (body.Exists(a => a.Kind is AtomKind.Start or AtomKind.End))
        {
            return null;
        }

        // A leading or trailing wildcard that may contain dots is the same as a missing anchor.
        if (body.Count > 0 && body[0] is { Kind: AtomKind.Wild, AllowsDot: true })
        {
            start = false;
            body.RemoveAt(0);
        }

        if (body.Count > 0 && body[body.Count - 1] is { Kind: AtomKind.Wild, AllowsDot: true })
        {
            end = false;
            body.RemoveAt(body.Count - 1);
        }

        // A wildcard for the scheme ("\w+://") only lets other schemes in: read it as https.
        var schemeEnd = IndexOfText(body, "://");
        for (var i = 0; i < schemeEnd; i++)
        {
            if (body[i].Kind == AtomKind.Wild)
            {
                body[i] = Atom.Literal('s');
            }
        }

        var pinnedScheme = schemeEnd >= 0 && body.GetRange(0, schemeEnd).TrueForAll(a => a.Kind == AtomKind.Literal && char.IsLetter(a.Char));
        if (!start && !(pinnedScheme && !onHost))
        {
            // contoso\.com$ is EndsWith("contoso.com"), [a-z]+\.contoso\.com$ is EndsWith(".contoso.com");
            // a scheme at the start cannot be preceded by anything in an origin.
            while (body.Count > 0 && body[0].Kind == AtomKind.Wild)
            {
                body.RemoveAt(0);
            }

            return end ? SuffixSlipThrough(Sample(body), onHost) : SubstringSlipThrough(Sample(body), onHost);
        }

        if (!end)
        {
            // ^https://app\.contoso\.com is StartsWith("https://app.contoso.com"), ^https://[a-z]+ is StartsWith("https://").
            while (body.Count > 0 && body[body.Count - 1].Kind == AtomKind.Wild)
            {
                body.RemoveAt(body.Count - 1);
            }

            var sample = Sample(body);
            if (!body.Exists(a => a.Kind == AtomKind.Wild))
            {
                return PrefixSlipThrough(sample, onHost);
            }

            var hostStart = schemeEnd >= 0 ? schemeEnd + 3 : 0;
            return HostIsClosed(sample, hostStart) ? null : (onHost ? "https://" : string.Empty) + sample + "." + EvilDomain;
        }

        var wild = body.FindIndex(a => a.Kind == AtomKind.Wild);

        if (wild >= 0)
        {
            return WildcardSlipThrough(body, wild, onHost);
        }

        return UnescapedDotSlipThrough(body, schemeEnd, onHost);
    }

    private string? WildcardSlipThrough(List<Atom> body, int wild, bool onHost)
    {
        var before = Sample(body.GetRange(0, wild));
        var after = body.GetRange(wild + 1, body.Count - wild - 1);
        var schemeEnd = before.IndexOf("://", StringComparison.Ordinal);
        if (HostIsClosed(before, schemeEnd >= 0 ? schemeEnd + 3 : 0) && (schemeEnd >= 0 || onHost))
        {
            // ^http://localhost:\d+$: the wildcard is in the port (or a path), the host is pinned.
            return UnescapedDotSlipThrough(body, IndexOfText(body, "://"), onHost);
        }

        var prefix = onHost ? "https://" + before : before;
        if (after.Count > 0 && after[0].Kind is AtomKind.AnyChar || after.Count > 0 && after[0] is { Kind: AtomKind.Literal, Char: '.' })
        {
            // [a-z]+\.contoso\.com: subdomains (of any depth when the wildcard may contain dots). A wildcard after the
            // host ((:\d+)?$, a port or a path) does not open the host.
            var hostEnd = after.FindIndex(a => a.Kind == AtomKind.Literal && a.Char is ':' or '/');
            if (after.GetRange(0, hostEnd < 0 ? after.Count : hostEnd).Exists(a => a.Kind == AtomKind.Wild))
            {
                return prefix + Attacker + Sample(after);
            }

            var rest = Sample(after).Substring(1);
            return Subdomains(prefix, StripPort(rest), PortOf(rest))
                   ?? UnescapedDotSlipThrough(after, -1, false, prefix + Attacker);
        }

        if (after.Count == 0 && before.Length > 0 && before[before.Length - 1] == '.')
        {
            // contoso\.[a-z]+: any top-level domain.
            return prefix + "xyz";
        }

        var text = Sample(after);
        return prefix + (text.Length == 0 || text[0] == ':' ? EvilDomain : Evil) + text;
    }

    /// <summary>^https://app.contoso\.com$: the '.' after "app" matches any character, so appxcontoso.com (anyone can register it) passes.</summary>
    private static string? UnescapedDotSlipThrough(List<Atom> body, int schemeEnd, bool onHost, string prefix = "")
    {
        var hostStart = schemeEnd >= 0 ? schemeEnd + 3 : 0;
        var hostEnd = hostStart;
        while (hostEnd < body.Count && !(body[hostEnd].Kind == AtomKind.Literal && body[hostEnd].Char is ':' or '/'))
        {
            hostEnd++;
        }

        for (var i = hostStart; i < hostEnd; i++)
        {
            if (body[i].Kind != AtomKind.AnyChar)
            {
                continue;
            }

            // Only a dot with another dot after it in the host: replacing the last one leaves no registrable name.
            for (var j = i + 1; j < hostEnd; j++)
            {
                if (body[j].Kind == AtomKind.AnyChar || body[j] is { Kind: AtomKind.Literal, Char: '.' })
                {
                    var chars = Sample(body).ToCharArray();
                    chars[i] = 'x';
                    return (onHost ? "https://" : string.Empty) + prefix + new string(chars);
                }
            }
        }

        return null;
    }

    private static bool HostIsClosed(string sample, int hostStart)
        => hostStart <= sample.Length && sample.IndexOfAny(new[] { ':', '/' }, hostStart) >= 0;

    private static string Sample(List<Atom> atoms)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < atoms.Count; i++)
        {
            var atom = atoms[i];
            switch (atom.Kind)
            {
                case AtomKind.Literal:
                    builder.Append(char.ToLowerInvariant(atom.Char));
                    break;
                case AtomKind.AnyChar:
                    builder.Append('.');
                    break;
                case AtomKind.Wild:
                    builder.Append(i + 1 < atoms.Count && atoms[i + 1] is { Kind: AtomKind.Literal, Char: '.' } or { Kind: AtomKind.AnyChar } ? "a" : Evil);
                    break;
            }
        }

        return builder.ToString();
    }

    private static int IndexOfText(List<Atom> atoms, string text)
    {
        for (var i = 0; i + text.Length <= atoms.Count; i++)
        {
            var match = true;
            for (var j = 0; j < text.Length && match; j++)
            {
                match = atoms[i + j].Kind == AtomKind.Literal && atoms[i + j].Char == text[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }

    private enum AtomKind
    {
        Literal,

        /// <summary>An unescaped '.' matching one character.</summary>
        AnyChar,

        /// <summary>A repeated class: <c>.*</c>, <c>[a-z0-9-]+</c>, <c>\w+</c>.</summary>
        Wild,
        Start,
        End,
    }

    private readonly record struct Atom(AtomKind Kind, char Char, bool AllowsDot)
    {
        public static Atom Literal(char c) => new(AtomKind.Literal, c, false);
    }

    /// <summary>
    /// Reads a .NET regular expression into its alternatives, each a flat list of atoms: alternations and optional
    /// groups are expanded (up to <see cref="MaxVariants"/>), repeated classes become wildcards. Null for anything else
    /// (lookarounds, back references, conditionals, too many alternatives).
    /// </summary>
    private sealed class RegexReader
    {
        private readonly string _pattern;
        private int _position;

        private RegexReader(string pattern) => _pattern = pattern;

        public static List<List<Atom>>? Read(string pattern)
        {
            var reader = new RegexReader(pattern);
            var result = reader.Alternation();
            return result is not null && reader._position == pattern.Length ? result : null;
        }

        private List<List<Atom>>? Alternation()
        {
            var all = new List<List<Atom>>();
            while (true)
            {
                var sequence = Sequence();
                if (sequence is null)
                {
                    return null;
                }

                all.AddRange(sequence);
                if (all.Count > MaxVariants)
                {
                    return null;
                }

                if (_position < _pattern.Length && _pattern[_position] == '|')
                {
                    _position++;
                    continue;
                }

                return all;
            }
        }

        private List<List<Atom>>? Sequence()
        {
            var variants = new List<List<Atom>> { new() };
            while (_position < _pattern.Length && _pattern[_position] is not ('|' or ')'))
            {
                var element = Element();
                if (element is null)
                {
                    return null;
                }

                var product = new List<List<Atom>>();
                foreach (var head in variants)
                {
                    foreach (var tail in element)
                    {
                        var combined = new List<Atom>(head);
                        combined.AddRange(tail);
                        product.Add(combined);
                    }
                }

                if (product.Count > MaxVariants)
                {
                    return null;
                }

                variants = product;
            }

            return variants;
        }

        /// <summary>One element with its quantifier, as its alternatives.</summary>
        private List<List<Atom>>? Element()
        {
            var c = _pattern[_position++];
            List<List<Atom>>? alternatives;
            switch (c)
            {
                case '^':
                    return One(new Atom(AtomKind.Start, '\0', false));
                case '$':
                    return One(new Atom(AtomKind.End, '\0', false));
                case '(':
                    if (_position < _pattern.Length && _pattern[_position] == '?')
                    {
                        if (!SkipGroupPrefix(out var optionsOnly))
                        {
                            return null;
                        }

                        if (optionsOnly)
                        {
                            return One();
                        }
                    }

                    alternatives = Alternation();
                    if (alternatives is null || _position >= _pattern.Length || _pattern[_position] != ')')
                    {
                        return null;
                    }

                    _position++;
                    break;
                case '[':
                    var allowsDot = ReadClass(out var first);
                    if (allowsDot is null)
                    {
                        return null;
                    }

                    return Quantified(Atom.Literal(first), new Atom(AtomKind.Wild, '\0', allowsDot.Value));
                case '\\':
                    if (_position >= _pattern.Length)
                    {
                        return null;
                    }

                    var escaped = _pattern[_position++];
                    switch (escaped)
                    {
                        case 'A':
                            return One(new Atom(AtomKind.Start, '\0', false));
                        case 'z' or 'Z':
                            return One(new Atom(AtomKind.End, '\0', false));
                        case 'b' or 'B' or 'G':
                            return One();
                        case 'd':
                            return Quantified(Atom.Literal('1'), new Atom(AtomKind.Wild, '\0', false));
                        case 'w':
                            return Quantified(Atom.Literal('a'), new Atom(AtomKind.Wild, '\0', false));
                        case 'S' or 'W' or 'D' or 's':
                            return Quantified(Atom.Literal('a'), new Atom(AtomKind.Wild, '\0', true));
                        case >= '0' and <= '9' or 'k' or 'p' or 'P' or 'u' or 'x' or 'c':
                            return null;
                        default:
                            return Quantified(Atom.Literal(escaped), new Atom(AtomKind.Wild, '\0', escaped == '.'));
                    }

                case '.':
                    return Quantified(new Atom(AtomKind.AnyChar, '.', true), new Atom(AtomKind.Wild, '\0', true));
                case '*' or '+' or '?' or '{':
                    return null;
                default:
                    return Quantified(Atom.Literal(c), new Atom(AtomKind.Wild, '\0', c == '.'));
            }

            // A group: optional or repeated groups also stand for their absence.
            var (min, _) = Quantifier();
            if (min < 0)
            {
                return null;
            }

            if (min == 0)
            {
                alternatives.Add(new List<Atom>());
            }

            return alternatives;
        }

        private static List<List<Atom>> One(params Atom[] atoms) => new() { new List<Atom>(atoms) };

        /// <summary>Applies the quantifier after a single-character element: once, optional, or a wildcard.</summary>
        private List<List<Atom>>? Quantified(Atom once, Atom wild)
        {
            var (min, max) = Quantifier();
            if (min < 0)
            {
                return null;
            }

            if (max > 1)
            {
                return One(wild);
            }

            return min == 0 ? new List<List<Atom>> { new() { once }, new() } : One(once);
        }

        /// <summary>(min, max) of the quantifier at the position; (1, 1) for none, max = int.MaxValue for unbounded, (-1, -1) when unreadable.</summary>
        private (int Min, int Max) Quantifier()
        {
            if (_position >= _pattern.Length)
            {
                return (1, 1);
            }

            (int, int) result;
            switch (_pattern[_position])
            {
                case '?':
                    result = (0, 1);
                    _position++;
                    break;
                case '*':
                    result = (0, int.MaxValue);
                    _position++;
                    break;
                case '+':
                    result = (1, int.MaxValue);
                    _position++;
                    break;
                case '{':
                    var close = _pattern.IndexOf('}', _position);
                    if (close < 0)
                    {
                        return (-1, -1);
                    }

                    var parts = _pattern.Substring(_position + 1, close - _position - 1).Split(',');
                    if (!int.TryParse(parts[0], out var min))
                    {
                        return (-1, -1);
                    }

                    var max = parts.Length == 1 ? min : parts[1].Length == 0 ? int.MaxValue : int.TryParse(parts[1], out var m) ? m : -1;
                    if (max < 0)
                    {
                        return (-1, -1);
                    }

                    result = (min, max);
                    _position = close + 1;
                    break;
                default:
                    return (1, 1);
            }

            if (_position < _pattern.Length && _pattern[_position] == '?')
            {
                _position++; // lazy
            }

            return result;
        }

        /// <summary>After "(?": non-capturing and named groups go on; inline options "(?i)" are skipped whole; anything else is unreadable.</summary>
        private bool SkipGroupPrefix(out bool optionsOnly)
        {
            optionsOnly = false;
            _position++;
            if (_position >= _pattern.Length)
            {
                return false;
            }

            var c = _pattern[_position];
            if (c == ':')
            {
                _position++;
                return true;
            }

            if (c is '<' or '\'' && _position + 1 < _pattern.Length && _pattern[_position + 1] is not ('=' or '!'))
            {
                var close = _pattern.IndexOf(c == '<' ? '>' : '\'', _position + 1);
                if (close < 0)
                {
                    return false;
                }

                _position = close + 1;
                return true;
            }

            var options = _position;
            while (options < _pattern.Length && _pattern[options] is 'i' or 'm' or 's' or 'n' or 'x' or '-')
            {
                options++;
            }

            if (options > _position && options < _pattern.Length && _pattern[options] is ')' or ':')
            {
                optionsOnly = _pattern[options] == ')';
                _position = options + 1;
                return true;
            }

            return false;
        }

        /// <summary>Reads a character class after '['; true when it can match a dot; <paramref name="first"/> is a character it matches.</summary>
        private bool? ReadClass(out char first)
        {
            first = 'a';
            var negated = _position < _pattern.Length && _pattern[_position] == '^';
            if (negated)
            {
                _position++;
            }

            var allowsDot = negated;
            var any = false;
            while (_position < _pattern.Length && (_pattern[_position] != ']' || !any))
            {
                var c = _pattern[_position++];
                if (c == '\\' && _position < _pattern.Length)
                {
                    c = _pattern[_position++];
                    allowsDot |= c is 'S' or 'W' or 'D' or 's';
                }

                if (!any && !negated)
                {
                    first = c is 'w' or 'd' ? (c == 'w' ? 'a' : '1') : c;
                }

                allowsDot |= c == '.';
                any = true;
            }

            if (_position >= _pattern.Length)
            {
                return null;
            }

            _position++;
            return negated ? true : allowsDot;
        }
    }
}
