using CorsAnalyzers.Knowledge;

namespace CorsAnalyzers.Tests.Harness.Semantic;

/// <summary>
/// The origins every decision of a test is asked about: each exact origin any decision names, and the attacker's origins
/// built from it (a look-alike prefix, the name under an attacker's domain, a subdomain, the other scheme, a port, a
/// trailing '/'), the same built from bare words ("intranet", "partner"), and "null", "" and strangers.
/// </summary>
public static class OriginBattery
{
    private static readonly string[] Strangers = { "null", "", "https://evil.net", "http://evil.net", "https://localhost", "http://localhost:3000", "https://localhost:5001", "file://" };

    public static IReadOnlyList<string> For(IEnumerable<string> literals)
    {
        var patterns = new OriginPatterns(Array.Empty<string>(), reportSubdomainWildcards: false);
        var origins = new SortedSet<string>(Strangers, StringComparer.Ordinal);
        foreach (var literal in literals.Distinct(StringComparer.Ordinal))
        {
            var text = literal.Trim().ToLowerInvariant();
            var wildcard = text.IndexOf("://*.", StringComparison.Ordinal);
            if (wildcard >= 0)
            {
                // https://*.contoso.com: the bare domain and a subdomain.
                text = text.Remove(wildcard + 3, 2);
                origins.Add(text.Insert(wildcard + 3, "app."));
            }

            if (patterns.ExactOriginNamedBy(text) is { } exact)
            {
                AddAttacks(origins, exact);
            }
            else if (text.Length is > 0 and < 40 && text.All(c => char.IsLetterOrDigit(c) || c is '.' or '-'))
            {
                // A bare word or name: the hosts it would be found in.
                var word = text.Trim('.');
                origins.UnionWith(new[] { $"https://{word}.evil.net", $"https://evil{word}", $"https://{word}", $"https://{word}.contoso.com" }.Where(o => o.Length > 8));
            }
        }

        return origins.ToList();
    }

    private static void AddAttacks(SortedSet<string> origins, string exact)
    {
        var schemeEnd = exact.IndexOf("://", StringComparison.Ordinal) + 3;
        var scheme = exact.Substring(0, schemeEnd);
        var authority = exact.Substring(schemeEnd);
        var colon = authority.LastIndexOf(':');
        var (host, port) = colon < 0 ? (authority, string.Empty) : (authority.Substring(0, colon), authority.Substring(colon));
        var otherScheme = scheme == "https://" ? "http://" : "https://";
        origins.UnionWith(new[]
        {
            exact,
            exact + "/",
            otherScheme + authority,
            scheme + host + (port.Length == 0 ? ":8443" : string.Empty),
            scheme + "evil" + authority,
            scheme + "evil-" + authority,
            scheme + host + ".attacker.net" + port,
            scheme + "app." + authority,
            scheme + "a.b." + authority,
            scheme + authority.Replace('.', 'x'),
        });
    }
}
