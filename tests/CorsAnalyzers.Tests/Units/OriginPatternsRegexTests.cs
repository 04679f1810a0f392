using CorsAnalyzers.Knowledge;

namespace CorsAnalyzers.Tests.Units;

/// <summary>
/// The regex reader on its own (<c>Knowledge/OriginPatterns.RegexReader.cs</c> and <c>OriginPatterns.Regex.cs</c>, through
/// <see cref="OriginPatterns.RegexSlipThrough"/>): anchoring, escaped dots, alternations, wildcards, and the example origin
/// that gets through. Each pattern that lets an origin through stands beside its precise twin.
/// </summary>
public sealed class OriginPatternsRegexTests
{
    private static readonly OriginPatterns Default = new(Array.Empty<string>(), reportSubdomainWildcards: false);

    private static readonly OriginPatterns ReportingSubdomains = new(Array.Empty<string>(), reportSubdomainWildcards: true);

    private static string? On(string pattern) => Default.RegexSlipThrough(pattern, onHost: false);

    // ---------------------------------------------------------------- anchors

    [Theory]
    [InlineData(@"^https://app\.contoso\.com$", null)] // anchored at both ends: precise
    [InlineData(@"\Ahttps://app\.contoso\.com\z", null)]
    [InlineData(@"(?i)^https://app\.contoso\.com$", null)] // inline options are skipped
    [InlineData(@"https://app\.contoso\.com$", null)] // a scheme cannot be preceded by anything in an origin
    [InlineData(@"^https://app\.contoso\.com", "https://app.contoso.com.evil.net")] // no end anchor: StartsWith
    [InlineData(@"https://app\.contoso\.com", "https://app.contoso.com.evil.net")] // no anchor: Contains
    [InlineData(@"app\.contoso\.com", "https://app.contoso.com.evil.net")]
    [InlineData(@"contoso\.com$", "https://evilcontoso.com")] // only the end: EndsWith
    public void Anchors(string pattern, string? expected) => Assert.Equal(expected, On(pattern));

    // ---------------------------------------------------------------- escaped dots

    [Theory]
    [InlineData(@"^https://app.contoso\.com$", "https://appxcontoso.com")] // the '.' after app matches any character
    [InlineData(@"^https://(www.)?contoso\.com$", "https://wwwxcontoso.com")]
    [InlineData(@"^https://(www\.)?contoso\.com$", null)]
    [InlineData(@"^https://app\.contoso.com$", null)] // replacing the last dot leaves no registrable name
    [InlineData(@"^https://contoso.com$", null)]
    public void Unescaped_dots(string pattern, string? expected) => Assert.Equal(expected, On(pattern));

    // ---------------------------------------------------------------- alternations

    [Theory]
    [InlineData(@"^https://(app|www)\.contoso\.com$", null)]
    [InlineData(@"^(https://app\.contoso\.com|https://www\.contoso\.com)$", null)]
    [InlineData(@"^https://app|www\.contoso\.com$", "https://app.evil.net")] // '|' splits the anchors: ^https://app alone
    [InlineData(@"^https://(app|www)\.contoso\.com", "https://app.contoso.com.evil.net")]
    [InlineData(@"^https://app\.contoso\.com$|^https://evil", "https://evil.evil.net")] // any alternative that lets one through
    public void Alternations(string pattern, string? expected) => Assert.Equal(expected, On(pattern));

    [Theory]
    [InlineData(@"^[a-z]+$", "https://evil")] // a host of one label: the class has no '.'
    [InlineData(@"^[a-z.]+$", "every origin")] // with '.' in the class: any host
    public void A_host_that_is_all_wildcard_gives_an_example_the_class_matches(string pattern, string expected)
        => Assert.Equal(expected, Default.RegexSlipThrough(pattern, onHost: true));

    [Fact]
    public void Alternation_on_a_host_reads_the_unanchored_start_as_a_suffix()
        => Assert.Equal("https://evilwww.contoso.com", Default.RegexSlipThrough(@"^https://app|www\.contoso\.com$", onHost: true));

    // ---------------------------------------------------------------- wildcards

    [Theory]
    [InlineData(@"^https://[a-z0-9-]+\.vercel\.app$", "https://attacker.vercel.app")] // subdomains of a shared host
    [InlineData(@"^https://[a-z]+\.contoso\.com$", null)] // subdomains of an owned domain
    [InlineData(@"^https://.*\.contoso\.com$", null)]
    [InlineData(@"^https://[^.]+\.contoso\.com$", null)]
    [InlineData(@"^https://.*contoso\.com$", "https://evilcontoso.com")] // no dot before the name: look-alikes
    [InlineData(@"^https://[a-z]+contoso\.com$", "https://evilcontoso.com")]
    [InlineData(@"^https://contoso\.[a-z]+$", "https://contoso.xyz")] // any top-level domain
    [InlineData(@"^https://[a-z]+\.contoso\.com", "https://a.contoso.com.evil.net")]
    [InlineData(@"^https://.*$", "https://evil.net")]
    [InlineData(@"^https://[a-z]+$", "https://evil")] // a class without '.': the example has no dot either
    [InlineData(@".*", "every origin")]
    [InlineData(@"^.*$", "every origin")]
    [InlineData("", "every origin")]
    public void Wildcards(string pattern, string? expected) => Assert.Equal(expected, On(pattern));

    [Theory]
    [InlineData(@"^http://localhost:\d+$")] // the wildcard is in the port: the host is pinned
    [InlineData(@"^https://localhost(:\d+)?$")]
    [InlineData(@"^https://app\.contoso\.com(:\d+)?$")]
    [InlineData(@"^https?://app\.contoso\.com$")] // an optional s only changes the scheme
    [InlineData(@"^\w+://app\.contoso\.com$")] // so does a wildcard scheme
    [InlineData(@"^https://app\.contoso\.com/")] // a '/' is never in an origin
    public void Wildcards_outside_the_host_let_no_stranger_in(string pattern) => Assert.Null(On(pattern));

    [Theory]
    [InlineData(@"^https://[a-z]+\.contoso\.com$", "every subdomain of contoso.com, such as a forgotten or taken-over https://old.contoso.com")]
    [InlineData(@"\.contoso\.com$", "every subdomain of contoso.com, such as a forgotten or taken-over https://old.contoso.com")]
    [InlineData(@"^https://app\.contoso\.com$", null)]
    public void Subdomain_wildcards_of_an_owned_domain_when_asked(string pattern, string? expected)
    {
        Assert.Equal(expected, ReportingSubdomains.RegexSlipThrough(pattern, onHost: false));
        if (expected is not null)
        {
            Assert.Null(On(pattern));
        }
    }

    // ---------------------------------------------------------------- counted repetitions

    [Theory]
    [InlineData(@"^https://a{2}\.com$", null)] // a letter counted exactly: only https://aa.com
    [InlineData(@"^https://a{1,3}\.contoso\.com$", null)] // a small range over a letter: a, aa, aaa
    [InlineData(@"^https://w{3}\.contoso\.com$", null)]
    [InlineData(@"^https://app\.{1}contoso\.com$", null)] // an escaped dot counted once
    [InlineData(@"^https://a{2}.contoso\.com$", "https://aaxcontoso.com")] // the count does not hide an unescaped dot
    [InlineData(@"^https://a{2}\.com", "https://aa.com.evil.net")] // nor a missing end anchor
    [InlineData(@"^https://a{2,}\.com$", "https://attacker.com")] // no upper bound: still a wildcard
    [InlineData(@"^https://[a-z]{2}\.com$", "https://attacker.com")] // a class under a count: still a wildcard
    [InlineData(@"^https://.{2}\.com$", "https://attacker.com")] // so is a dot
    public void Counted_repetitions(string pattern, string? expected) => Assert.Equal(expected, On(pattern));

    // ---------------------------------------------------------------- what the reader does not read

    [Theory]
    [InlineData(@"^https://(?=x)a\.com$")] // lookaround
    [InlineData(@"^https://(a)\1\.com$")] // back reference
    [InlineData(@"(^https://a\.com$")] // unbalanced
    [InlineData(@"https://a\.com)")]
    [InlineData(@"*https://a\.com")] // a quantifier with nothing before it
    [InlineData(@"^https://\p{L}+\.com")] // a Unicode class
    [InlineData(@"^https://a\.com\")] // a lone escape at the end
    [InlineData(@"^https://a{3,2}\.com$")] // a count whose bounds are reversed (.NET refuses it)
    [InlineData(@"^https://a{ 2}\.com$")] // braces that are not a count
    [InlineData(@"^https://a{2\.com$")]
    public void Unreadable_patterns_give_no_answer(string pattern) => Assert.Null(On(pattern));

    [Fact]
    public void Too_many_alternatives_give_no_answer()
    {
        // Six optional groups are 64 alternatives, past the reader's 32: it stays silent rather than guess.
        const string many = @"^https://(a)?(b)?(c)?(d)?(e)?(f)?x\.com";
        const string few = @"^https://(a)?(b)?(c)?(d)?(e)?x\.com";
        Assert.Null(On(many));
        Assert.Equal("https://abcdex.com.evil.net", On(few)); // the first alternative that lets one through
    }
}
