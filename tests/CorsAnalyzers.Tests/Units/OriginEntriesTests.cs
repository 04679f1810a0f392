using CorsAnalyzers.Rules;
using Microsoft.CodeAnalysis.CSharp;

namespace CorsAnalyzers.Tests.Units;

/// <summary>
/// The origin entry normaliser on its own (<c>Rules/UnmatchableOrigin/OriginEntries.cs</c>): which <c>WithOrigins</c>
/// entries can never equal a browser's <c>Origin</c> header, why, and the entries it proposes instead. Each problem stands
/// beside the entry a browser can send.
/// </summary>
public sealed class OriginEntriesTests
{
    /// <summary>The verdict as its problem, the proposed entries (space-separated) and the reason's words.</summary>
    private static (OriginEntryProblem Problem, string Normalized, string Reason) Judge(string entry, bool wildcardSubdomains = false)
    {
        var verdict = OriginEntries.Judge(entry, wildcardSubdomains);
        return (verdict.Problem, verdict.Normalized.IsDefaultOrEmpty ? string.Empty : string.Join(" ", verdict.Normalized), OriginEntries.Reason(verdict));
    }

    [Theory]
    [InlineData("https://a.com")]
    [InlineData("https://A.com")] // WithOrigins lowercases it
    [InlineData("https://a.com:8443")] // another origin, not a mistake
    [InlineData("http://a.com:443")] // 443 is not http's default
    [InlineData("https://[::1]")]
    [InlineData("*")] // any origin: another rule's
    [InlineData("null")] // the null origin: another rule's
    [InlineData("NULL")]
    [InlineData("")]
    public void Entries_a_browser_can_send_are_no_problem(string entry)
    {
        Assert.Equal((OriginEntryProblem.None, string.Empty, string.Empty), Judge(entry));
        Assert.False(OriginEntries.Judge(entry, wildcardSubdomains: false).IsProblem);
    }

    [Theory]
    [InlineData("https://a.com/", "https://a.com")]
    [InlineData("https://a.com:443/", "https://a.com")] // the default port goes too
    public void Trailing_slash(string entry, string fixedEntry)
        => Assert.Equal(
            (OriginEntryProblem.TrailingSlash, fixedEntry, $"an Origin header never ends with '/'; use \"{fixedEntry}\""),
            Judge(entry));

    [Theory]
    [InlineData("https://a.com/app")]
    [InlineData("https://a.com/app/")]
    [InlineData("https://a.com?x")]
    [InlineData("https://a.com#x")]
    public void Path_query_or_fragment(string entry)
        => Assert.Equal(
            (OriginEntryProblem.Path, "https://a.com", "an Origin header has no path, query or fragment; use \"https://a.com\""),
            Judge(entry));

    [Theory]
    [InlineData("https://a.com:443", "https://a.com")]
    [InlineData("http://a.com:80", "http://a.com")]
    [InlineData("wss://a.com:443", "wss://a.com")]
    [InlineData("HTTPS://A.COM:443", "HTTPS://A.COM")] // the case is WithOrigins' to lower
    [InlineData("https://[::1]:443", "https://[::1]")] // the colons inside an IPv6 literal are not its port
    [InlineData("https://a.com:", "https://a.com")] // an empty port
    public void Default_port(string entry, string fixedEntry)
        => Assert.Equal(
            (OriginEntryProblem.DefaultPort, fixedEntry, $"an Origin header leaves out the scheme's default port; use \"{fixedEntry}\""),
            Judge(entry));

    [Theory]
    [InlineData(" https://a.com", "https://a.com")]
    [InlineData("https://a.com ", "https://a.com")]
    [InlineData("\thttps://a.com\n", "https://a.com")]
    [InlineData(" https://a.com/ ", "https://a.com")] // the trimmed entry's own fix
    public void Whitespace(string entry, string fixedEntry)
        => Assert.Equal(
            (OriginEntryProblem.Whitespace, fixedEntry, $"an Origin header has no surrounding whitespace; use \"{fixedEntry}\""),
            Judge(entry));

    [Theory]
    [InlineData(" * ")] // trimmed it would be any origin: a change of meaning the user must choose
    [InlineData(" null ")] // trimmed it would let in the null origin, which the entry never matched
    [InlineData(" NULL")]
    [InlineData("  ")]
    public void Whitespace_with_no_proposal(string entry)
        => Assert.Equal((OriginEntryProblem.Whitespace, string.Empty, "an Origin header has no surrounding whitespace"), Judge(entry));

    [Theory]
    [InlineData("https://a.com,https://b.com")]
    [InlineData("https://a.com, https://b.com")]
    [InlineData("https://a.com;https://b.com/")] // each part gets its own fix
    public void Joined_list(string entry)
        => Assert.Equal(
            (OriginEntryProblem.JoinedList, "https://a.com https://b.com",
             "it joins several origins into one string, and an Origin header holds exactly one; list each origin as its own entry"),
            Judge(entry));

    [Theory]
    [InlineData("https://a.com,")] // a stray separator: one origin
    [InlineData(",https://a.com")]
    public void Joined_list_of_one(string entry)
        => Assert.Equal(
            (OriginEntryProblem.JoinedList, "https://a.com", "it joins several origins into one string, and an Origin header holds exactly one; use \"https://a.com\""),
            Judge(entry));

    [Theory]
    [InlineData("https://a.com,*")] // split out, '*' would be a literal, not any origin
    [InlineData("https://a.com,null")] // split out, "null" would start to match sandboxed frames and file: pages
    [InlineData("https://a.com; Null")]
    [InlineData("https://a.com,b.com")] // a part without a scheme: its meaning is the user's to say
    public void Joined_list_with_no_proposal(string entry)
        => Assert.Equal(
            (OriginEntryProblem.JoinedList, string.Empty, "it joins several origins into one string, and an Origin header holds exactly one"),
            Judge(entry));

    [Theory]
    [InlineData("a.com")]
    [InlineData("localhost:5001")]
    [InlineData("://a.com")]
    [InlineData("1https://a.com")]
    public void No_scheme(string entry)
        => Assert.Equal((OriginEntryProblem.NoScheme, string.Empty, "an Origin header starts with its scheme, such as https://"), Judge(entry));

    [Theory]
    [InlineData("https://*.a.com", false, nameof(OriginEntryProblem.WildcardWithoutSubdomains), "'*' is a wildcard only after SetIsOriginAllowedToAllowWildcardSubdomains(), otherwise it is compared as the character '*'")]
    [InlineData("https://*.a.com/", false, nameof(OriginEntryProblem.WildcardWithoutSubdomains), "'*' is a wildcard only after SetIsOriginAllowedToAllowWildcardSubdomains(), otherwise it is compared as the character '*'")]
    [InlineData("https://*.a.com", true, nameof(OriginEntryProblem.None), "")]
    [InlineData("https://app.*.com", false, nameof(OriginEntryProblem.WildcardNotAtHostStart), "'*' is a wildcard only as the first label of the host, as in https://*.contoso.com")]
    [InlineData("https://app.*.com", true, nameof(OriginEntryProblem.WildcardNotAtHostStart), "'*' is a wildcard only as the first label of the host, as in https://*.contoso.com")]
    [InlineData("https://*a.com", true, nameof(OriginEntryProblem.WildcardNotAtHostStart), "'*' is a wildcard only as the first label of the host, as in https://*.contoso.com")]
    public void Star_in_the_host(string entry, bool wildcardSubdomains, string problem, string reason)
        => Assert.Equal((Enum.Parse<OriginEntryProblem>(problem), string.Empty, reason), Judge(entry, wildcardSubdomains));

    [Fact]
    public void Wildcard_entry_with_a_trailing_slash_keeps_its_wildcard_in_the_fix()
        => Assert.Equal(
            (OriginEntryProblem.TrailingSlash, "https://*.a.com", "an Origin header never ends with '/'; use \"https://*.a.com\""),
            Judge("https://*.a.com/", wildcardSubdomains: true));

    [Fact]
    public void Star_beside_other_entries()
    {
        var verdict = OriginEntries.StarBesideOtherEntries;
        Assert.Equal(OriginEntryProblem.StarBesideOtherEntries, verdict.Problem);
        Assert.Empty(verdict.Normalized);
        Assert.Equal("'*' is any origin only as the whole list; beside other entries it is compared as the character '*'", OriginEntries.Reason(verdict));
    }

    [Fact]
    public void Unmatchable_strings_of_a_file_are_the_distinct_literals_that_look_like_origins()
    {
        var tree = CSharpSyntaxTree.ParseText("""
            class C
            {
                string[] a = { "https://a.com/", "https://a.com/", "https://b.com", "a.com", "Content-Type", "hello world", " * ", "https://a.com,https://b.com" };
            }
            """);

        Assert.Equal(
            new[] { ("https://a.com/", OriginEntryProblem.TrailingSlash), ("a.com", OriginEntryProblem.NoScheme), ("https://a.com,https://b.com", OriginEntryProblem.JoinedList) },
            OriginEntries.UnmatchableStringsIn(tree, CancellationToken.None).Select(s => (s.Value, s.Verdict.Problem)));
    }
}
