using System.Diagnostics.CodeAnalysis;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Tests.Units;

/// <summary>
/// The origin pattern reader on its own (<c>Knowledge/OriginPatterns.cs</c>): the exact origin a matched text names, the
/// origin that slips through a prefix, suffix or substring match, a wildcard entry or a joined list, and which domains are
/// open to strangers. Each answer stands beside the near-twin input that gives the other answer.
/// </summary>
public sealed class OriginPatternsTests
{
    private static readonly OriginPatterns Default = new(Array.Empty<string>(), reportSubdomainWildcards: false);

    private static readonly OriginPatterns ReportingSubdomains = new(Array.Empty<string>(), reportSubdomainWildcards: true);

    private const string GenericSubstring = "any origin that contains the compared text anywhere, such as a domain an attacker registers with it as a subdomain";

    // ---------------------------------------------------------------- ExactOriginNamedBy

    [Theory]
    [InlineData("https://app.contoso.com", "https://app.contoso.com")]
    [InlineData(" HTTPS://App.Contoso.com/path ", "https://app.contoso.com")] // trimmed, lowercased, path cut off
    [InlineData("https://app.contoso.com:443", "https://app.contoso.com")] // default port dropped
    [InlineData("http://app.contoso.com:80", "http://app.contoso.com")]
    [InlineData("http://app.contoso.com:443", "http://app.contoso.com:443")] // 443 is not http's default: another origin
    [InlineData("https://contoso.com:8443", "https://contoso.com:8443")]
    [InlineData("contoso.com", "https://contoso.com")] // a bare host is read as https
    [InlineData("contoso.com:8443", "https://contoso.com:8443")]
    [InlineData("contoso.co.uk", "https://contoso.co.uk")] // a name under a public suffix
    [InlineData("app.vercel.app", "https://app.vercel.app")] // one site under a shared host
    public void ExactOriginNamedBy_names_one_origin(string text, string expected)
        => Assert.Equal(expected, Default.ExactOriginNamedBy(text));

    [Theory]
    [InlineData("contoso.com/x")] // a path without a scheme
    [InlineData(".contoso.com")] // many hosts
    [InlineData("https://app.")] // an unfinished host
    [InlineData("localhost")] // a single label
    [InlineData("https://localhost:5001")]
    [InlineData("ftp://contoso.com")] // not a CORS scheme
    [InlineData("https://")]
    [InlineData(":8443")] // only a port
    [InlineData("contoso.com:")] // an empty port
    [InlineData("contoso.com:84x3")]
    [InlineData("https://-a.com")]
    [InlineData("https://a_b.com")]
    [InlineData("https://*.contoso.com")]
    [InlineData("vercel.app")] // open to strangers: names no one team's origin
    [InlineData("https://vercel.app")]
    [InlineData("co.uk")]
    [InlineData("com")]
    public void ExactOriginNamedBy_is_null_for_text_that_names_no_single_origin(string text)
        => Assert.Null(Default.ExactOriginNamedBy(text));

    // ---------------------------------------------------------------- host names and domains open to strangers

    [Theory]
    [InlineData("app.contoso.com", true)]
    [InlineData("a-b.com", true)]
    [InlineData("contoso", false)]
    [InlineData(".contoso.com", false)]
    [InlineData("app.", false)]
    [InlineData("a..b", false)]
    [InlineData("-a.com", false)]
    [InlineData("a-.com", false)]
    [InlineData("A.com", false)] // callers lowercase first
    public void IsHostName_wants_two_lowercase_labels_or_more(string host, bool expected)
        => Assert.Equal(expected, OriginPatterns.IsHostName(host));

    [Theory]
    [InlineData("com", true)] // a top-level domain
    [InlineData(".com.", true)]
    [InlineData("co.uk", true)] // a public suffix
    [InlineData("CO.UK", true)]
    [InlineData("contoso.co.uk", false)] // a registered name under it
    [InlineData("vercel.app", true)] // a shared host
    [InlineData("VERCEL.APP", true)]
    [InlineData("s3.amazonaws.com", true)]
    [InlineData("app.vercel.app", false)] // one site under it
    [InlineData("contoso.com", false)]
    [InlineData("", false)]
    [InlineData(".", false)]
    public void IsOpenToStrangers_knows_top_level_domains_public_suffixes_and_shared_hosts(string domain, bool expected)
        => Assert.Equal(expected, Default.IsOpenToStrangers(domain));

    [Fact]
    public void Extra_shared_hosting_domains_are_trimmed_of_spaces_stars_and_dots()
    {
        var patterns = new OriginPatterns(new[] { " *.corp-host.example ", "", "..apps.internal." }, reportSubdomainWildcards: false);

        Assert.True(patterns.IsOpenToStrangers("corp-host.example"));
        Assert.True(patterns.IsOpenToStrangers("apps.internal"));
        Assert.True(patterns.IsOpenToStrangers("vercel.app")); // the built-in list stays
        Assert.False(Default.IsOpenToStrangers("corp-host.example"));
        Assert.Null(patterns.ExactOriginNamedBy("corp-host.example"));
        Assert.Equal("https://x.corp-host.example", patterns.ExactOriginNamedBy("x.corp-host.example"));
        Assert.Equal("https://attacker.corp-host.example", patterns.WildcardEntrySlipThrough("https://*.corp-host.example"));
        Assert.Null(Default.WildcardEntrySlipThrough("https://*.corp-host.example"));
    }

    // ---------------------------------------------------------------- the .editorconfig options

    [Fact]
    public void FromOptions_reads_shared_hosting_domains_as_a_comma_separated_list()
    {
        var patterns = OriginPatterns.FromOptions(new Options(("cors_analyzers.CORS003.shared_hosting_domains", "corp-host.example, *.apps.internal")));

        Assert.True(patterns.IsOpenToStrangers("corp-host.example"));
        Assert.True(patterns.IsOpenToStrangers("apps.internal"));
        Assert.False(OriginPatterns.FromOptions(new Options()).IsOpenToStrangers("apps.internal"));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData(" True ", true)]
    [InlineData("false", false)]
    [InlineData("yes", false)] // only what bool.TryParse reads
    [InlineData("1", false)]
    [InlineData(null, false)] // the key is absent
    public void FromOptions_reads_report_subdomain_wildcards_as_a_boolean(string? value, bool reports)
    {
        var options = value is null ? new Options() : new Options(("cors_analyzers.CORS003.report_subdomain_wildcards", value));
        var patterns = OriginPatterns.FromOptions(options);

        Assert.Equal(
            reports ? "every subdomain of contoso.com, such as a forgotten or taken-over https://old.contoso.com" : null,
            patterns.WildcardEntrySlipThrough("https://*.contoso.com"));
        Assert.Equal(reports ? "any subdomain of the compared domain, at any depth" : null, patterns.DottedSuffixOfUnknownDomain());
    }

    // ---------------------------------------------------------------- EndsWith

    [Theory]
    [InlineData("contoso.com", "https://evilcontoso.com")] // a look-alike name anyone can register
    [InlineData("Contoso.COM", "https://evilcontoso.com")]
    [InlineData("contoso.com:1", "https://evilcontoso.com:1")]
    [InlineData(":8443", "https://evil.net:8443")] // only a port: any host
    [InlineData(".vercel.app", "https://attacker.vercel.app")] // subdomains of a shared host
    [InlineData(".com", "https://attacker.com")]
    [InlineData("", "every origin")]
    [InlineData(".contoso.com", null)] // subdomains of a domain the team owns
    [InlineData(".contoso.com:8443", null)]
    [InlineData("https://contoso.com", null)] // pinned but for the scheme
    [InlineData("://contoso.com", null)]
    public void Suffix_slip_through(string text, string? expected)
    {
        Assert.Equal(expected, Default.SlipThrough(TextMatch.Suffix, text, onHost: false));
        Assert.Equal(expected, Default.SlipThrough(TextMatch.Suffix, text, onHost: true));
    }

    [Theory]
    [InlineData(".contoso.com", "every subdomain of contoso.com, such as a forgotten or taken-over https://old.contoso.com")]
    [InlineData(".contoso.com:8443", "every subdomain of contoso.com, such as a forgotten or taken-over https://old.contoso.com:8443")]
    [InlineData(".vercel.app", "https://attacker.vercel.app")] // a shared host is said as before
    public void Suffix_of_an_owned_domain_is_reported_when_subdomain_wildcards_are(string text, string expected)
        => Assert.Equal(expected, ReportingSubdomains.SlipThrough(TextMatch.Suffix, text, onHost: false));

    // ---------------------------------------------------------------- StartsWith

    [Theory]
    [InlineData("https://contoso.com", "https://contoso.com.evil.net")]
    [InlineData("https://app.contoso.com", "https://app.contoso.com.evil.net")]
    [InlineData("https://app.", "https://app.evil.net")]
    [InlineData("https://", "https://evil.net")]
    [InlineData("https:", "https://evil.net")] // the start of every https origin
    [InlineData("http", "https://evil.net")] // the start of every origin
    [InlineData("", "https://evil.net")]
    [InlineData("https://app.contoso.com:", null)] // the host is pinned
    [InlineData("https://app.contoso.com/", null)] // a '/' is never in an origin
    [InlineData("contoso.com", null)] // an origin starts with its scheme: never matches
    [InlineData("ftp", null)]
    public void Prefix_slip_through_on_the_whole_origin(string text, string? expected)
        => Assert.Equal(expected, Default.SlipThrough(TextMatch.Prefix, text, onHost: false));

    [Theory]
    [InlineData("contoso.com", "https://contoso.com.evil.net")]
    [InlineData("Contoso.COM", "https://contoso.com.evil.net")]
    [InlineData("contoso.", "https://contoso.evil.net")]
    [InlineData("http", "https://http.evil.net")] // on a host, "http" is a name
    [InlineData("https://contoso.com", null)] // a host never starts with a scheme
    [InlineData("https:", null)]
    [InlineData("contoso.com:1", null)] // the authority is pinned
    public void Prefix_slip_through_on_the_host(string text, string? expected)
        => Assert.Equal(expected, Default.SlipThrough(TextMatch.Prefix, text, onHost: true));

    // ---------------------------------------------------------------- Contains

    [Theory]
    [InlineData("contoso.com", "https://contoso.com.evil.net")]
    [InlineData(".contoso.com", "https://attacker.contoso.com.evil.net")]
    [InlineData(".vercel.app", "https://attacker.vercel.app.evil.net")]
    [InlineData("https://contoso.com", "https://contoso.com.evil.net")]
    [InlineData("https://app.", "https://app.evil.net")]
    [InlineData("contoso.", "https://contoso.evil.net")]
    [InlineData("https://", "https://evil.net")]
    [InlineData("", "every origin")]
    [InlineData(".contoso.com:8443", GenericSubstring)] // past the host: said in general
    [InlineData("https://app.contoso.com:", GenericSubstring)]
    public void Substring_slip_through(string text, string expected)
    {
        Assert.Equal(expected, Default.SlipThrough(TextMatch.Substring, text, onHost: false));
        Assert.Equal(expected, Default.SlipThrough(TextMatch.Substring, text, onHost: true));
    }

    [Fact]
    public void Generic_phrases_name_the_kind_of_match()
    {
        Assert.Equal("any origin that only starts with the compared text, such as the same name under a domain an attacker registers", OriginPatterns.Generic(TextMatch.Prefix));
        Assert.Equal("any origin that only ends with the compared text, such as a look-alike domain an attacker registers", OriginPatterns.Generic(TextMatch.Suffix));
        Assert.Equal(GenericSubstring, OriginPatterns.Generic(TextMatch.Substring));
    }

    // ---------------------------------------------------------------- wildcard entries and joined lists

    [Theory]
    [InlineData("https://*.com", "https://attacker.com")] // every .com site
    [InlineData("https://*.co.uk", "https://attacker.co.uk")]
    [InlineData("https://*.vercel.app", "https://attacker.vercel.app")]
    [InlineData("HTTPS://*.Vercel.APP:8443", "https://attacker.vercel.app:8443")] // same scheme and port
    [InlineData("https://*.contoso.com", null)] // subdomains of a domain the team owns
    [InlineData("http://*.contoso.com:8080", null)]
    [InlineData("https://app.contoso.com", null)] // no wildcard
    [InlineData("https://*.", null)]
    public void WildcardEntrySlipThrough(string entry, string? expected)
        => Assert.Equal(expected, Default.WildcardEntrySlipThrough(entry));

    [Theory]
    [InlineData("https://*.contoso.com", "every subdomain of contoso.com, such as a forgotten or taken-over https://old.contoso.com")]
    [InlineData("http://*.contoso.com:8080", "every subdomain of contoso.com, such as a forgotten or taken-over http://old.contoso.com:8080")]
    [InlineData("https://app.contoso.com", null)]
    public void WildcardEntrySlipThrough_of_an_owned_domain_when_subdomain_wildcards_are_reported(string entry, string? expected)
        => Assert.Equal(expected, ReportingSubdomains.WildcardEntrySlipThrough(entry));

    [Theory]
    [InlineData("https://a.com,https://b.com", "https://a.co")] // the first entry cut short: another registrable name
    [InlineData("https://app.contoso.com; https://b.com", "https://app.contoso.co")]
    [InlineData("a.com,b.com", "any origin that is part of the joined text, such as an entry cut short to another domain")] // no scheme
    [InlineData("https://a.c", "any origin that is part of the joined text, such as an entry cut short to another domain")] // too short to cut
    [InlineData(null, "any origin that is part of the joined text, such as an entry cut short to another domain")]
    public void JoinedListSlipThrough(string? joined, string expected)
        => Assert.Equal(expected, OriginPatterns.JoinedListSlipThrough(joined));

    /// <summary><c>.editorconfig</c> lines as the analyzer sees them.</summary>
    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;

        public Options(params (string Key, string Value)[] values)
            => _values = values.ToDictionary(v => v.Key, v => v.Value, KeyComparer);

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
    }
}
