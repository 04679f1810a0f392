using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using CorsAnalyzers.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Tests.Robustness;

/// <summary>
/// The JavaScript parser ships beside the analyzer (Acornima.dll). Where a host cannot load it (CorsAnalyzers.dll copied
/// alone, an analyzer loader that resolves no dependency), the C# rules still run and nothing throws; the script rules
/// find nothing.
/// </summary>
public sealed class MissingParserTests
{
    private const string Source = """
        static class Echo
        {
            public static void Handle(HttpContext context)
            {
                var origin = context.Request.Headers.Origin.ToString();
                context.Response.Headers["Access-Control-Allow-Origin"] = origin;
            }
        }
        """;

    private const string Script = """
        window.addEventListener("message", (e) => { document.body.innerHTML = e.data; });
        window.parent.postMessage({ token: sessionStorage.getItem("t") }, "*");
        """;

    [Fact]
    public async Task Without_the_parser_the_CSharp_rules_report_and_nothing_throws()
    {
        var context = new WithoutParser(typeof(CorsAnalyzer).Assembly.Location);
        var assembly = context.LoadFromAssemblyPath(typeof(CorsAnalyzer).Assembly.Location);
        var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(assembly.GetType("CorsAnalyzers.CorsAnalyzer", throwOnError: true)!)!;

        var (diagnostics, exceptions) = await AnalyzeAsync(analyzer);

        Assert.Empty(exceptions);
        Assert.True(context.Refused > 0, "the test's load context never refused the parser, so it tested nothing");
        Assert.Equal(new[] { "CORS001" }, diagnostics.Select(d => d.Id).Distinct());
    }

    [Fact]
    public async Task With_the_parser_the_same_project_also_gets_the_script_findings()
    {
        var (diagnostics, exceptions) = await AnalyzeAsync(new CorsAnalyzer());

        Assert.Empty(exceptions);
        Assert.Equal(new[] { "CORS001", "CORS013", "CORS014" }, diagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal));
    }

    private static async Task<(ImmutableArray<Diagnostic> Diagnostics, List<Exception> Exceptions)> AnalyzeAsync(DiagnosticAnalyzer analyzer)
    {
        var usings = CSharpSyntaxTree.ParseText(string.Concat(ProjectBuilder.WebImplicitUsings.Select(u => $"global using global::{u};\n")), path: "/0/GlobalUsings.g.cs");
        var tree = CSharpSyntaxTree.ParseText(Source, path: "/0/Echo.cs");
        var compilation = CSharpCompilation.Create("NoParser", new[] { tree, usings }, ReferenceAssemblies.AspNetCore, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var exceptions = new ConcurrentQueue<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(new ScriptText("/0/wwwroot/js/embed.js", Script))),
            (e, _, _) => exceptions.Enqueue(e),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options).GetAllDiagnosticsAsync();
        return (diagnostics.Where(d => d.Id.StartsWith("CORS", StringComparison.Ordinal) || d.Id.StartsWith("AD", StringComparison.Ordinal)).ToImmutableArray(), exceptions.ToList());
    }

    /// <summary>Loads the analyzer on its own, shares Roslyn and the runtime with the test, and cannot find Acornima.</summary>
    private sealed class WithoutParser(string analyzerPath) : AssemblyLoadContext(isCollectible: true)
    {
        private int _refused;

        public int Refused => _refused;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name == "Acornima")
            {
                Interlocked.Increment(ref _refused);
                throw new FileNotFoundException("Acornima is not beside the analyzer in this test.", assemblyName.FullName);
            }

            return assemblyName.Name == "CorsAnalyzers" ? LoadFromAssemblyPath(analyzerPath) : null;
        }
    }

    private sealed class ScriptText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
