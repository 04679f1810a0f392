using System.Collections.Immutable;
using CorsAnalyzers.Knowledge;
using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Tests;

/// <summary>
/// The configuration readers on their own (JSON flattened as Microsoft.Extensions.Configuration.Json does it, web.config
/// custom headers), and how often the analyzers read the files: once per compilation, and not at all when no code reads
/// configuration for CORS.
/// </summary>
public sealed class ConfigurationFilesTests
{
    private static IReadOnlyList<(string Key, string? Value, string Token)> Flatten(string json)
    {
        var text = SourceText.From(json);
        return ConfigurationFile.ReadJson("/p/appsettings.json", text).Values.Select(v => (v.Key, v.Value, text.ToString(v.Span))).ToList();
    }

    [Fact]
    public void Json_objects_arrays_and_literals_flatten_to_configuration_keys()
        => Assert.Equal(
            new (string, string?, string)[]
            {
                ("A:B", "x", "\"x\""),
                ("A:List:0", "1", "1"),
                ("A:List:1", "true", "true"),
                ("A:List:2:Name", "n", "\"n\""),
                ("A:Nothing", null, "null"),
                ("A:Empty", null, "}"),
                ("Q", "say \"hi\"/\u00e9", "\"say \\\"hi\\\"\\/\\u00e9\""),
            },
            Flatten("""
                {
                  "A": { "B": "x", "List": [ 1, true, { "Name": "n" } ], "Nothing": null, "Empty": {} },
                  "Q": "say \"hi\"\/\u00e9"
                }
                """));

    [Fact]
    public void Json_later_duplicate_key_wins_whatever_its_case()
    {
        var file = ConfigurationFile.ReadJson("/p/appsettings.json", SourceText.From("""{ "Cors": { "Origin": "a" }, "CORS": { "origin": "b" } }"""));
        Assert.True(file.TryGetValue("cors:ORIGIN", out var value));
        Assert.Equal("b", value.Value);
    }

    [Fact]
    public void Json_value_part_location_is_inside_the_string_unless_it_has_escapes()
    {
        var text = SourceText.From("""{ "A": "x,null", "B": "x,\u006eull" }""");
        var file = ConfigurationFile.ReadJson("/p/appsettings.json", text);
        Assert.True(file.TryGetValue("A", out var plain));
        Assert.Equal("null", text.ToString(plain.LocationOfPart(2, 4).SourceSpan));
        Assert.True(file.TryGetValue("B", out var escaped));
        Assert.Equal("x,null", escaped.Value);
        Assert.Equal(escaped.Span, escaped.LocationOfPart(2, 4).SourceSpan);
    }

    [Fact]
    public void Environment_comes_from_the_file_name()
    {
        Assert.Null(ConfigurationFile.ReadJson("/p/appsettings.json", SourceText.From("{}")).Environment);
        Assert.Equal("Staging", ConfigurationFile.ReadJson("/p/appsettings.Staging.json", SourceText.From("{}")).Environment);
        Assert.True(ConfigurationFile.IsAppSettings("/p/sub/AppSettings.Production.json"));
        Assert.False(ConfigurationFile.IsAppSettings("/p/appsettingsbackup.json"));
        Assert.False(ConfigurationFile.IsAppSettings("/p/package.json"));
    }

    [Fact]
    public void WebConfig_custom_headers_are_keyed_by_name_at_their_value_text()
    {
        var text = SourceText.From("""
            <configuration><system.webServer><httpProtocol><customHeaders>
              <!-- <add name="Access-Control-Allow-Origin" value="null" /> -->
              <add name="Access-Control-Allow-Origin" value="https://a.example&amp;" />
              <add value='true' name='Access-Control-Allow-Credentials'/>
            </customHeaders></httpProtocol></system.webServer></configuration>
            """);
        var file = ConfigurationFile.ReadWebConfig("/p/web.config", text);
        Assert.Equal(new[] { "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials" }, file.Values.Select(v => v.Key));
        Assert.Equal("https://a.example&", WebConfigCors.AllowedOrigin(file)!.Value);
        Assert.Equal("https://a.example&amp;", text.ToString(WebConfigCors.AllowedOrigin(file)!.Span));
        Assert.Equal("true", text.ToString(WebConfigCors.CredentialsAllowed(file)!.Span));
    }

    // ---------------------------------------------------------------- reading cost

    private const string ReadsConfiguration = """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(builder.Configuration.GetSection("Cors:Origins").Get<string[]>()!).AllowCredentials()));
        builder.Build().Run();
        """;

    private const string ConstantOrigins = """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins("https://a.example").AllowCredentials()));
        builder.Build().Run();
        """;

    [Fact]
    public async Task Each_file_is_read_once_per_compilation_by_all_rules_together()
    {
        var (files, diagnostics) = await RunAsync(ReadsConfiguration);
        Assert.All(files, f => Assert.Equal(1, f.Reads));
        Assert.Equal(new[] { "CORS002", "CORS004" }, diagnostics.Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal));
    }

    [Fact]
    public async Task No_file_is_read_when_no_code_reads_configuration()
    {
        var (files, diagnostics) = await RunAsync(ConstantOrigins);
        Assert.All(files, f => Assert.Equal(0, f.Reads));
        Assert.Empty(diagnostics);
    }

    private static async Task<(IReadOnlyList<CountingText> Files, ImmutableArray<Diagnostic> Diagnostics)> RunAsync(string program)
    {
        var usings = string.Concat(ProjectBuilder.WebImplicitUsings.Select(u => $"global using global::{u};\n"));
        var compilation = CSharpCompilation.Create(
            "ReadCount",
            new[] { CSharpSyntaxTree.ParseText(program, path: "/p/Program.cs"), CSharpSyntaxTree.ParseText(usings, path: "/p/Usings.cs") },
            ReferenceAssemblies.AspNetCore,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        var files = new[]
        {
            new CountingText("/p/appsettings.json", """{ "Cors": { "Origins": [ "https://a.example" ] } }"""),
            new CountingText("/p/appsettings.Development.json", """{ "Cors": { "Origins": [ "*" ] }, "Other": [ "null" ] }"""),
            new CountingText("/p/appsettings.Staging.json", """{ "Cors": { "Origins": [ "https://a.example", "null" ] } }"""),
        };
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new CorsAnalyzer(new AnyOriginWithCredentialsRule(), new NullOriginRule(), new OriginSubstringMatchRule()));
        var diagnostics = await compilation
            .WithAnalyzers(analyzers, new AnalyzerOptions(files.ToImmutableArray<AdditionalText>()))
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return (files, diagnostics);
    }

    private sealed class CountingText : AdditionalText
    {
        private readonly SourceText _text;
        private int _reads;

        public CountingText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public int Reads => _reads;

        public override SourceText GetText(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            return _text;
        }
    }
}
