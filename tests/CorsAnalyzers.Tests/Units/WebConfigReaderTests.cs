using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Tests.Units;

/// <summary>
/// The web.config reader on its own (<c>Knowledge/WebConfigReader.cs</c>, through <see cref="ConfigurationFile.ReadWebConfig"/>):
/// the <c>&lt;add&gt;</c> elements of <c>customHeaders</c>, keyed by header name at their value's text, with exact
/// line:column places; malformed XML read as far as it goes, never throwing.
/// </summary>
public sealed class WebConfigReaderTests
{
    private const string Head = "<configuration><system.webServer><httpProtocol><customHeaders>";

    private const string Tail = "</customHeaders></httpProtocol></system.webServer></configuration>";

    /// <summary>Each header as name, value and the line:column span of its value's text.</summary>
    private static string[] Read(string xml)
        => ConfigurationFile.ReadWebConfig("/p/web.config", SourceText.From(xml)).Values.Select(Describe).ToArray();

    private static string Describe(ConfiguredValue v)
    {
        var span = v.Location.GetLineSpan();
        return $"{v.Key}=\"{v.Value}\" @{span.StartLinePosition.Line}:{span.StartLinePosition.Character}-{span.EndLinePosition.Line}:{span.EndLinePosition.Character}";
    }

    [Fact]
    public void An_add_element_is_a_header_at_its_value_text()
        => Assert.Equal(
            new[] { "Access-Control-Allow-Origin=\"https://a.com\" @3:16-3:29" },
            Read("""
                <configuration>
                  <system.webServer><httpProtocol><customHeaders>
                    <add name="Access-Control-Allow-Origin"
                         value="https://a.com" />
                  </customHeaders></httpProtocol></system.webServer>
                </configuration>
                """));

    [Fact]
    public void Attributes_in_any_order_and_quote_and_names_trimmed()
        => Assert.Equal(
            new[] { "Access-Control-Allow-Credentials=\"true\" @0:74-0:78", "Access-Control-Allow-Origin=\"*\" @0:170-0:171" },
            Read(Head + "<add value='true' name='Access-Control-Allow-Credentials'/><add name=\" Access-Control-Allow-Origin \" value=\"*\"/>" + Tail));

    [Fact]
    public void Remove_and_clear_are_not_headers_and_leave_a_later_add_as_it_is()
        => Assert.Equal(
            new[] { "Access-Control-Allow-Origin=\"https://a.com\"" },
            Read(Head + "<clear /><remove name=\"Access-Control-Allow-Origin\" /><add name=\"Access-Control-Allow-Origin\" value=\"https://a.com\" />" + Tail)
                .Select(d => d.Substring(0, d.IndexOf(" @", StringComparison.Ordinal))));

    // ---------------------------------------------------------------- add, remove and clear in order

    [Fact]
    public void An_add_then_a_remove_of_the_same_header_gives_no_header()
        => Assert.Empty(Read(Head + "<add name=\"Access-Control-Allow-Origin\" value=\"*\" /><remove name=\"Access-Control-Allow-Origin\" />" + Tail));

    [Fact]
    public void A_remove_then_an_add_keeps_the_header_at_its_value_text()
        => Assert.Equal(
            new[] { "Access-Control-Allow-Origin=\"https://a.com\" @0:154-0:167" },
            Read(Head + "<remove name=\"Access-Control-Allow-Origin\" /><add name=\"Access-Control-Allow-Origin\" value=\"https://a.com\" />" + Tail));

    [Fact]
    public void A_clear_after_adds_removes_them_all()
        => Assert.Empty(Read(Head + "<add name=\"Access-Control-Allow-Origin\" value=\"*\" /><add name=\"Access-Control-Allow-Credentials\" value=\"true\" /><clear/>" + Tail));

    [Fact]
    public void An_add_after_a_clear_keeps_only_that_header()
        => Assert.Equal(
            new[] { "B=\"2\" @0:118-0:119" },
            Read(Head + "<add name=\"A\" value=\"1\" /><clear /><add name=\"B\" value=\"2\" />" + Tail));

    [Fact]
    public void A_remove_matches_the_header_name_case_insensitively_and_trimmed_and_leaves_the_others()
        => Assert.Equal(
            new[] { "X-Keep=\"k\" @0:140-0:141" },
            Read(Head + "<add name=\"Access-Control-Allow-Origin\" value=\"*\" /><add name=\"X-Keep\" value=\"k\" /><REMOVE name=\" access-control-allow-origin \" />" + Tail));

    [Fact]
    public void A_remove_of_another_header_or_without_a_name_removes_nothing()
        => Assert.Equal(
            new[] { "Access-Control-Allow-Origin=\"*\"" },
            Read(Head + "<add name=\"Access-Control-Allow-Origin\" value=\"*\" /><remove name=\"Access-Control-Allow-Origin-X\" /><remove /><removeX name=\"Access-Control-Allow-Origin\" /><clearX/>" + Tail)
                .Select(d => d.Substring(0, d.IndexOf(" @", StringComparison.Ordinal))));

    [Fact]
    public void A_remove_in_a_comment_removes_nothing()
        => Assert.Equal(
            new[] { "Access-Control-Allow-Origin=\"*\"" },
            Read(Head + "<add name=\"Access-Control-Allow-Origin\" value=\"*\" /><!-- <remove name=\"Access-Control-Allow-Origin\" /> <clear/> -->" + Tail)
                .Select(d => d.Substring(0, d.IndexOf(" @", StringComparison.Ordinal))));

    [Fact]
    public void Removes_and_clears_keep_the_exact_places_of_what_remains()
        => Assert.Equal(
            new[] { "Access-Control-Allow-Credentials=\"true\" @4:54-4:58", "Access-Control-Allow-Origin=\"https://b.com\" @6:49-6:62" },
            Read("""
                <configuration><system.webServer><httpProtocol><customHeaders>
                  <add name="Access-Control-Allow-Origin" value="*" />
                  <clear />
                  <add name="Access-Control-Allow-Origin" value="https://a.com" />
                  <add name="Access-Control-Allow-Credentials" value="true" />
                  <remove name="Access-Control-Allow-Origin" />
                  <add name="Access-Control-Allow-Origin" value="https://b.com" />
                </customHeaders></httpProtocol></system.webServer></configuration>
                """));

    [Fact]
    public void A_greater_than_sign_in_a_value_does_not_end_the_tag()
        => Assert.Equal(
            new[] { "X-A=\"a>b\" @0:85-0:88", "X-B=\"c > d\" @0:115-0:120" },
            Read(Head + "<add name=\"X-A\" value=\"a>b\" /><add name=\"X-B\" value='c > d'/>" + Tail));

    [Fact]
    public void Entities_are_decoded_once_and_the_value_then_has_no_content_start()
    {
        var file = ConfigurationFile.ReadWebConfig("/p/web.config", SourceText.From(Head + "<add name=\"A\" value=\"&lt;x&gt;&amp;lt;&quot;&apos;\" /><add name=\"B\" value=\"plain\" />" + Tail));

        Assert.Equal("<x>&lt;\"'", file.Values[0].Value);
        Assert.Equal(-1, file.Values[0].ContentStart);
        Assert.Equal("plain", file.Values[1].Value);
        Assert.Equal(file.Values[1].Span.Start, file.Values[1].ContentStart);
    }

    [Fact]
    public void Only_add_elements_inside_custom_headers_count()
        => Assert.Equal(
            new[] { "C=\"3\"", "D=\"4\"", "E=\"5\"" },
            Read("""
                <configuration>
                  <appSettings><add key="A" value="1" /><add name="A" value="1" /></appSettings>
                  <customHeadersX><add name="B" value="2" /></customHeadersX>
                  <customHeaders><addX name="X" value="x" /><add name="C" value="3" /></customHeaders>
                  <location path="api"><system.webServer><httpProtocol><customHeaders><add name="D" value="4" /></customHeaders></httpProtocol></system.webServer></location>
                  <customHeaders>
                    <!-- <add name="Access-Control-Allow-Origin" value="*" /> -->
                    <add name="E" value="5" />
                  </customHeaders>
                  <add name="F" value="6" />
                </configuration>
                """).Select(d => d.Substring(0, d.IndexOf(" @", StringComparison.Ordinal))));

    [Fact]
    public void An_add_without_name_or_value_is_skipped()
        => Assert.Equal(
            new[] { "C=\"3\" @0:139-0:140" },
            Read(Head + "<add name=\"A\" /><add value=\"2\"/><add name=B value=\"2\" /><add name=\"C\" value=\"3\" />" + Tail));

    // ---------------------------------------------------------------- malformed XML

    [Theory]
    [InlineData(Head + "<add name=\"A\" value=\"1\" /><add name=\"B\" value=\"2")] // an unclosed attribute
    [InlineData(Head + "<add name=\"A\" value=\"1\" /><add name=\"B\" value=\"2\"")] // an unclosed tag
    [InlineData(Head + "<add name=\"A\" value=\"1\" /><!-- <add name=\"B\" value=\"2\" />")] // an unclosed comment
    public void Malformed_xml_keeps_the_headers_before_the_break(string xml)
        => Assert.Equal(new[] { "A=\"1\" @0:83-0:84" }, Read(xml));

    [Theory]
    [InlineData("")]
    [InlineData("<customHeaders")]
    [InlineData("<customHeaders>")]
    [InlineData("<customHeaders/>")]
    [InlineData("<customHeaders /><add name=\"A\" value=\"1\" />")] // empty: what follows is outside it
    [InlineData("<configuration><customHeaders><add")]
    [InlineData("<<<>>>\"'&")]
    public void Malformed_or_empty_xml_gives_no_headers(string xml) => Assert.Empty(Read(xml));

    [Fact]
    public void Every_prefix_of_a_file_reads_without_throwing()
    {
        const string xml = """
            <configuration>
              <system.webServer>
                <httpProtocol>
                  <customHeaders>
                    <!-- open to partners -->
                    <remove name="Access-Control-Allow-Origin" />
                    <add name="Access-Control-Allow-Origin" value="https://a.com" />
                    <add name='Access-Control-Allow-Credentials' value='true' />
                    <add name="X-Debug" value="a>b" />
                    <remove name="x-debug" />
                  </customHeaders>
                </httpProtocol>
              </system.webServer>
            </configuration>
            """;
        for (var length = 0; length <= xml.Length; length++)
        {
            Assert.True(Read(xml.Substring(0, length)).Length <= 3);
        }

        Assert.Equal(
            new[] { "Access-Control-Allow-Origin=\"https://a.com\" @6:55-6:68", "Access-Control-Allow-Credentials=\"true\" @7:60-7:64" },
            Read(xml));
    }
}
