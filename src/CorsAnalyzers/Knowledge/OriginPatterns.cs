using System;
using System.Collections.Generic;
using System.Collections.Immutable;
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
internal sealed partial class OriginPatterns
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
}
