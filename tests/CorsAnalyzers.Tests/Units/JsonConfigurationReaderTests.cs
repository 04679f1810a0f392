using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Tests.Units;

/// <summary>
/// The JSON configuration reader on its own (<c>Knowledge/JsonConfigurationReader.cs</c>, through
/// <see cref="ConfigurationFile.ReadJson"/>): what Microsoft.Extensions.Configuration.Json accepts (comments, trailing
/// commas, case-insensitive keys, arrays as <c>Key:0</c>), half-typed JSON read as far as it goes without throwing, and
/// each value's exact place (zero-based line and column of its token).
/// </summary>
public sealed class JsonConfigurationReaderTests
{
    /// <summary>Each value as key, value and the line:column span of its token.</summary>
    private static string[] Read(string json)
        => ConfigurationFile.ReadJson("/p/appsettings.json", SourceText.From(json)).Values.Select(Describe).ToArray();

    private static string Describe(ConfiguredValue v)
    {
        var span = v.Location.GetLineSpan();
        var value = v.Value is null ? "null" : "\"" + v.Value + "\"";
        return $"{v.Key}={value} @{span.StartLinePosition.Line}:{span.StartLinePosition.Character}-{span.EndLinePosition.Line}:{span.EndLinePosition.Character}";
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
        => Assert.Equal(
            new[] { "Cors:Origins:0=\"https://a.com\" @2:28-2:43", "Cors:Origins:1=\"https://b.com\" @2:45-2:60" },
            Read("""
                { // line comment
                  "Cors": { /* block
                    comment */ "Origins": [ "https://a.com", "https://b.com", ], },
                }
                """));

    [Fact]
    public void A_comment_between_a_value_and_its_comma_is_skipped()
        => Assert.Equal(new[] { "A=\"x\" @0:7-0:10", "B=\"y\" @1:7-1:10" }, Read("{ \"A\": \"x\" // c\n, \"B\": \"y\" }"));

    [Fact]
    public void Positions_count_lines_after_crlf_and_a_byte_order_mark_is_skipped()
    {
        Assert.Equal(new[] { "Cors:Origin=\"https://a.com\" @2:14-2:29" }, Read("{\r\n  \"Cors\": {\r\n    \"Origin\": \"https://a.com\"\r\n  }\r\n}"));
        Assert.Equal(new[] { "A=\"x\" @0:8-0:11" }, Read("\uFEFF{ \"A\": \"x\" }"));
    }

    [Fact]
    public void Arrays_become_indexed_keys_and_literals_keep_their_text()
        => Assert.Equal(
            new[] { "A=\"-1.5e3\" @0:7-0:13", "B=\"false\" @0:20-0:25", "C=null @0:32-0:36", "D:0:0=\"x\" @0:47-0:50", "D:1:Name=\"n\" @0:64-0:67" },
            Read("""{ "A": -1.5e3, "B": false, "C": null, "D": [ [ "x" ], { "Name": "n" } ] }"""));

    [Fact]
    public void An_empty_object_is_a_null_value_at_its_closing_brace()
        => Assert.Equal(new[] { "A=null @0:9-0:10" }, Read("""{ "A": { } }"""));

    [Fact]
    public void Keys_are_found_whatever_their_case_and_the_later_one_wins()
    {
        var file = ConfigurationFile.ReadJson("/p/appsettings.json", SourceText.From("""{ "Cors": { "Origins": "a" }, "cors": { "ORIGINS": "b" } }"""));

        Assert.Equal(new[] { "Cors:Origins", "cors:ORIGINS" }, file.Values.Select(v => v.Key)); // as written, in file order
        Assert.True(file.TryGetValue("CORS:origins", out var value));
        Assert.Equal("b", value.Value);
        Assert.False(file.TryGetValue("Cors:Origins:0", out _));
    }

    [Fact]
    public void Escapes_are_decoded_and_the_value_then_has_no_content_start()
    {
        var text = SourceText.From("""{ "A": "a\"b\\c\/d\u0041\t", "B": "plain" }""");
        var file = ConfigurationFile.ReadJson("/p/appsettings.json", text);

        Assert.Equal("a\"b\\c/dA\t", file.Values[0].Value);
        Assert.Equal(-1, file.Values[0].ContentStart);
        Assert.Equal("plain", file.Values[1].Value);
        Assert.Equal("plain", text.ToString(new TextSpan(file.Values[1].ContentStart, 5)));
    }

    // ---------------------------------------------------------------- half-typed JSON

    [Theory]
    [InlineData("{ \"Cors\": { \"Origins\": [ \"https://a.com\", \"https://b.co")] // an unclosed string
    [InlineData("{ \"Cors\": { \"Origins\": [ \"https://a.com\" ")] // an unclosed array
    [InlineData("{ \"Cors\": { \"Origins\": [ \"https://a.com\" \"https://b.com\" ] } }")] // a missing comma
    [InlineData("{ \"Cors\": { \"Origins\": [ \"https://a.com\",, \"https://b.com\" ] } }")] // a doubled comma
    [InlineData("{ \"Cors\": { \"Origins\": [ \"https://a.com\" /* unclosed ")]
    [InlineData("{ \"Cors\": { \"Origins\": [ \"https://a.com\", \"\\q\" ] } }")] // an unknown escape
    [InlineData("{ \"Cors\": { \"Origins\": [ \"https://a.com\", \"\\u00\" ] } }")] // a short \u escape
    [InlineData("{ \"Cors\": { \"Origins\": [ \"https://a.com\" ] } } trailing")] // text after the document
    public void Half_typed_json_keeps_what_was_read_before_the_break(string json)
        => Assert.Equal(new[] { "Cors:Origins:0=\"https://a.com\" @0:25-0:40" }, Read(json));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[ \"x\" ]")] // not an object
    [InlineData("{ 'A': 'x' }")] // single quotes are not JSON
    [InlineData("{ A: \"x\" }")] // nor are bare keys
    [InlineData("{ \"A\": \"line\nbreak\" }")] // a raw line break in a string
    [InlineData("{ \"A\"")]
    [InlineData("{")]
    [InlineData("\"")]
    [InlineData("{ \"A\": }")]
    public void Json_with_nothing_readable_gives_no_values(string json) => Assert.Empty(Read(json));

    [Fact]
    public void Nesting_past_64_levels_stops_the_reading()
    {
        static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

        Assert.Single(Read(Nested(64)));
        Assert.Empty(Read(Nested(65)));
    }

    [Fact]
    public void Every_prefix_of_a_document_reads_without_throwing()
    {
        const string json = """
            {
              // the allowlist
              "Cors": { "Origins": [ "https://a.com", "https:\/\/b.com" ], "AllowCredentials": true, /* x */ "Empty": {}, },
              "AllowedHosts": "*"
            }
            """;
        for (var length = 0; length <= json.Length; length++)
        {
            var values = Read(json.Substring(0, length));
            Assert.True(values.Length <= 5);
        }

        Assert.Equal(
            new[]
            {
                "Cors:Origins:0=\"https://a.com\" @2:25-2:40",
                "Cors:Origins:1=\"https://b.com\" @2:42-2:59",
                "Cors:AllowCredentials=\"true\" @2:83-2:87",
                "Cors:Empty=null @2:107-2:108",
                "AllowedHosts=\"*\" @3:18-3:21",
            },
            Read(json));
    }
}
