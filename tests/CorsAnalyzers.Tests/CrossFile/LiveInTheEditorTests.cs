using System.Collections.Immutable;
using CorsAnalyzers.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Tests.CrossFile;

/// <summary>
/// What an IDE shows for one open file: it asks a <c>CompilationWithAnalyzers</c> for that file's semantic diagnostics
/// only (<c>GetAnalyzerSemanticDiagnosticsAsync(model, span)</c>), and shows a diagnostic there only when the analysis of
/// that file reports it (a local diagnostic). Findings about predicates and allowlists of another file must be among them,
/// found on demand, before (or without) the other file being analysed.
/// </summary>
public sealed class LiveInTheEditorTests
{
    private const string Startup = """
        static class Startup
        {
            public static void Configure(IServiceCollection services) =>
                services.AddCors(o =>
                {
                    o.AddPolicy("partners", b => b.WithOrigins(CorsOrigins.Partners).AllowCredentials());
                    o.AddPolicy("weak", b => b.SetIsOriginAllowed(OriginRules.IsTrusted));
                    o.AddPolicy("any", b => b.SetIsOriginAllowed(OriginRules.AllowAll).AllowCredentials());
                });

            public static void Echo(HttpContext context)
            {
                var origin = context.Request.Headers.Origin.ToString();
                if (OriginRules.IsTrusted(origin))
                {
                    context.Response.Headers.AccessControlAllowOrigin = origin;
                    context.Response.Headers.Vary = "Origin";
                }
            }
        }
        """;

    private const string Helpers = """
        public static class CorsOrigins
        {
            public static readonly string[] Partners = { "https://a.example", "null", "https://b.example/" };
        }

        public static class OriginRules
        {
            public static bool IsTrusted(string origin) => origin.EndsWith("example.com");

            public static bool AllowAll(string origin) => true;
        }
        """;

    [Fact]
    public async Task The_open_file_alone_holds_every_finding_about_helpers_of_another_file()
    {
        var startup = CSharpSyntaxTree.ParseText(Startup, path: "/0/Startup.cs");
        var helpers = CSharpSyntaxTree.ParseText(Helpers, path: "/0/Helpers.cs");
        var usings = CSharpSyntaxTree.ParseText(string.Concat(ProjectBuilder.WebImplicitUsings.Select(u => $"global using global::{u};\n")), path: "/0/GlobalUsings.g.cs");
        var compilation = CSharpCompilation.Create("Live", new[] { startup, helpers, usings }, ReferenceAssemblies.AspNetCore, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new CorsAnalyzer());
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false);

        // As the IDE asks: the open file only, on a fresh CompilationWithAnalyzers (the helpers' file never analysed).
        var open = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(startup), filterSpan: null, CancellationToken.None);
        Assert.Equal(
            new[]
            {
                "CORS002 SetIsOriginAllowed(OriginRules.AllowAll) +AllowCredentials() +AllowAll",
                "CORS003 OriginRules.IsTrusted +origin.EndsWith(\"example.com\")",
                "CORS003 OriginRules.IsTrusted(origin) +origin.EndsWith(\"example.com\")",
                "CORS004 WithOrigins(CorsOrigins.Partners) +\"null\"",
                "CORS006 WithOrigins(CorsOrigins.Partners) +\"https://b.example/\"",
            },
            Describe(open));

        // The helpers' file alone reports nothing about uses it does not hold, and the build (whole compilation) finds
        // exactly what the open file showed: nothing only in full analysis, nothing twice.
        var alone = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(helpers), filterSpan: null, CancellationToken.None);
        Assert.Empty(alone);
        var build = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.Equal(Describe(open), Describe(build));
    }

    private static string[] Describe(IEnumerable<Diagnostic> diagnostics)
        => diagnostics
            .Select(d => $"{d.Id} {Code(d.Location)}{string.Concat(d.AdditionalLocations.Select(a => " +" + Code(a)))}")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToArray();

    private static string Code(Location location) => location.SourceTree!.GetText().ToString(location.SourceSpan);
}
