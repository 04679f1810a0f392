using System;
using System.Collections.Generic;
using System.Text;

namespace CorsAnalyzers.Knowledge;

// OriginPatterns for regular expressions: what a pattern accepts beyond the origins it names. The pattern is read
// by the RegexReader (OriginPatterns.RegexReader.cs).
internal sealed partial class OriginPatterns
{
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

        // The whole host is the wildcard: a domain when it may contain dots, one label when its class excludes them.
        var text = Sample(after);
        return prefix + (text.Length == 0 || text[0] == ':' ? (body[wild].AllowsDot ? EvilDomain : Evil) : Evil) + text;
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
}
