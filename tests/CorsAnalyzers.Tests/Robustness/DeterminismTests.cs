using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CorsAnalyzers.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace CorsAnalyzers.Tests.Robustness;

/// <summary>
/// The same input gives the same answers: concurrent analysis of a large compilation reports exactly what a
/// sequential run reports, every time, and a fix gives the same text every time.
/// CORS_DETERMINISM_FILES and CORS_DETERMINISM_RUNS make the check larger locally.
/// </summary>
public sealed class DeterminismTests(ITestOutputHelper output)
{
    private static int FileCount => int.TryParse(Environment.GetEnvironmentVariable("CORS_DETERMINISM_FILES"), out var n) && n > 0 ? n : 300;

    private static int RunCount => int.TryParse(Environment.GetEnvironmentVariable("CORS_DETERMINISM_RUNS"), out var n) && n > 0 ? n : 10;

    [Fact]
    public async Task Concurrent_analysis_reports_the_same_diagnostics_every_time()
    {
        var analyzers = AnalyzerCatalog.CreateAnalyzers();
        if (analyzers.IsEmpty)
        {
            output.WriteLine("no analyzer in the CorsAnalyzers assembly yet");
            return;
        }

        var compilation = LargeCompilation(RobustnessCorpus.All, FileCount);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var sequential = await AnalyzeAsync(compilation.Clone(), analyzers, concurrent: false);
        output.WriteLine($"{compilation.SyntaxTrees.Count()} files, {sequential.Count} diagnostics, sequential run {stopwatch.Elapsed.TotalSeconds:0.0} s");

        for (var run = 1; run <= RunCount; run++)
        {
            stopwatch.Restart();
            var concurrent = await AnalyzeAsync(compilation.Clone(), analyzers, concurrent: true);
            output.WriteLine($"concurrent run {run}: {stopwatch.Elapsed.TotalSeconds:0.0} s");
            AssertSameDiagnostics(sequential, concurrent, $"concurrent run {run}");
        }
    }

    [Fact]
    public async Task A_fix_gives_the_same_text_every_time()
    {
        var analyzers = AnalyzerCatalog.CreateAnalyzers();
        var fixers = AnalyzerCatalog.CreateFixers();
        if (analyzers.IsEmpty || fixers.IsEmpty)
        {
            output.WriteLine("no analyzer or no fixer yet");
            return;
        }

        var tried = new Dictionary<(string Fixer, string Id), int>();
        foreach (var source in RobustnessCorpus.All)
        {
            var withGlobalUsings = RobustnessChecker.NeedsWebGlobalUsings(source);
            var diagnostics = await DiagnosticsOfAsync(source.Text, withGlobalUsings, analyzers);
            foreach (var fixer in fixers)
            {
                foreach (var diagnostic in diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).GroupBy(d => d.Id).Select(g => g.First()))
                {
                    var key = (fixer.GetType().Name, diagnostic.Id);
                    if (tried.GetValueOrDefault(key) >= 3)
                    {
                        continue;
                    }

                    tried[key] = tried.GetValueOrDefault(key) + 1;
                    var results = new List<string?>();
                    for (var i = 0; i < 4; i++)
                    {
                        // A fresh workspace, analysis and fixer instance each time, as a new IDE session would have.
                        var freshFixer = (CodeFixProvider)Activator.CreateInstance(fixer.GetType())!;
                        results.Add(await FirstFixTextAsync(source.Text, withGlobalUsings, diagnostic, AnalyzerCatalog.CreateAnalyzers(), freshFixer));
                    }

                    Assert.True(
                        results.Distinct().Count() == 1,
                        $"{fixer.GetType().FullName} on {diagnostic.Id} in {source.Name} gave different texts:\n{string.Join("\n-----\n", results.Distinct().Select(r => RobustnessChecker.Shorten(r ?? "(no fix)", 1_500)))}");
                }
            }
        }

        output.WriteLine($"fixes repeated: {string.Join(", ", tried.Select(t => $"{t.Key.Fixer}/{t.Key.Id} x{t.Value}"))}");
    }

    [Fact]
    public async Task The_check_catches_an_analyzer_that_keeps_state_between_runs()
    {
        ImmutableArray<DiagnosticAnalyzer> analyzers = [new StatefulAnalyzer()];
        var compilation = LargeCompilation([new CorpusSource("seed:MinimalApiPolicies", SeedSources.MinimalApiPolicies)], 3);

        var first = await AnalyzeAsync(compilation.Clone(), analyzers, concurrent: false);
        var second = await AnalyzeAsync(compilation.Clone(), analyzers, concurrent: true);

        Assert.NotEmpty(first);
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertSameDiagnostics(first, second, "concurrent run 1"));
        Assert.Contains("differs from the sequential run", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Copies_of_a_source_land_in_their_own_namespace()
    {
        Assert.Equal("namespace A.Copy1 { class C { } }", Relocate("namespace A { class C { } }", "Copy1"));
        Assert.Equal("namespace A.B.Copy2;\nclass C { }", Relocate("namespace A.B;\nclass C { }", "Copy2"));
        Assert.Equal("using System;\nnamespace Copy3;\nclass C { }", Relocate("using System;\nclass C { }", "Copy3"));
        Assert.Equal("System.Console.WriteLine();", Relocate("System.Console.WriteLine();", "Copy4"));
    }

    /// <summary>The corpus, then copies of it in namespaces of their own, until <paramref name="fileCount"/> files.</summary>
    public static CSharpCompilation LargeCompilation(IReadOnlyList<CorpusSource> corpus, int fileCount)
    {
        var trees = new List<SyntaxTree>
        {
            CSharpSyntaxTree.ParseText(RobustnessChecker.WebGlobalUsings, RobustnessChecker.ParseOptions, "/large/GlobalUsings.cs", Encoding.UTF8),
        };
        for (var i = 0; trees.Count < fileCount && corpus.Count > 0; i++)
        {
            var source = corpus[i % corpus.Count];
            var copy = i / corpus.Count;
            var text = copy == 0 ? source.Text : Relocate(source.Text, $"Copy{copy}");
            var path = $"/large/{i:D4}_{source.Name.Replace('/', '_').Replace(':', '_').Replace('#', '_')}.cs";
            trees.Add(CSharpSyntaxTree.ParseText(text, RobustnessChecker.ParseOptions, path, Encoding.UTF8));
        }

        return CSharpCompilation.Create(
            "Large",
            trees,
            ReferenceAssemblies.AspNetCore,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>Appends <paramref name="suffix"/> to every namespace name, or puts a namespace-less file in namespace <paramref name="suffix"/>.</summary>
    public static string Relocate(string text, string suffix)
    {
        var root = CSharpSyntaxTree.ParseText(text, RobustnessChecker.ParseOptions).GetCompilationUnitRoot();
        var names = root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Select(n => n.Name.Span.End).OrderByDescending(p => p).ToList();
        if (names.Count > 0)
        {
            var builder = new StringBuilder(text);
            foreach (var end in names)
            {
                builder.Insert(end, "." + suffix);
            }

            return builder.ToString();
        }

        if (root.Members.Count == 0 || root.Members.Any(m => m is GlobalStatementSyntax))
        {
            return text;
        }

        return text.Insert(root.Members[0].FullSpan.Start, $"namespace {suffix};\n");
    }

    internal static async Task<List<string>> AnalyzeAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, bool concurrent)
    {
        var exceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            (e, a, _) => exceptions.Enqueue($"{a.GetType().FullName}: {e}"),
            concurrentAnalysis: concurrent,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        Assert.True(exceptions.IsEmpty, string.Join("\n", exceptions));
        return diagnostics
            .Select(d => (Path: d.Location.SourceTree?.FilePath ?? "", d.Location.SourceSpan.Start, d.Location.SourceSpan.End, d.Id, Message: d.GetMessage(CultureInfo.InvariantCulture), d.Severity))
            .OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Start).ThenBy(d => d.End).ThenBy(d => d.Id, StringComparer.Ordinal).ThenBy(d => d.Message, StringComparer.Ordinal)
            .Select(d => $"{d.Path}[{d.Start}..{d.End}) {d.Id} {d.Severity}: {d.Message}")
            .ToList();
    }

    internal static void AssertSameDiagnostics(List<string> expected, List<string> actual, string what)
    {
        if (expected.SequenceEqual(actual, StringComparer.Ordinal))
        {
            return;
        }

        var missing = expected.Except(actual, StringComparer.Ordinal).Take(10);
        var extra = actual.Except(expected, StringComparer.Ordinal).Take(10);
        Assert.Fail($"{what} differs from the sequential run ({actual.Count} vs {expected.Count} diagnostics).\nOnly in the sequential run:\n{string.Join("\n", missing)}\nOnly in the {what}:\n{string.Join("\n", extra)}");
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsOfAsync(string text, bool withGlobalUsings, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        using var workspace = new AdhocWorkspace();
        var document = RobustnessChecker.CreateDocument(workspace, text, withGlobalUsings, withAspNetCore: true);
        return await DiagnosticsOfAsync(document, analyzers);
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsOfAsync(Document document, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
        return diagnostics.Where(d => d.Location.SourceTree?.FilePath == RobustnessChecker.SourcePath)
            .OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToImmutableArray();
    }

    private static async Task<string?> FirstFixTextAsync(string text, bool withGlobalUsings, Diagnostic like, ImmutableArray<DiagnosticAnalyzer> analyzers, CodeFixProvider fixer)
    {
        using var workspace = new AdhocWorkspace();
        var document = RobustnessChecker.CreateDocument(workspace, text, withGlobalUsings, withAspNetCore: true);
        var diagnostic = (await DiagnosticsOfAsync(document, analyzers)).Single(d => d.Id == like.Id && d.Location.SourceSpan == like.Location.SourceSpan
            && d.GetMessage(CultureInfo.InvariantCulture) == like.GetMessage(CultureInfo.InvariantCulture));
        var actions = new List<CodeAction>();
        await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
        if (actions.Count == 0)
        {
            return null;
        }

        var first = actions[0].NestedActions.IsDefaultOrEmpty ? actions[0] : actions[0].NestedActions[0];
        var operations = await first.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString();
    }

#pragma warning disable RS1036, RS1038, RS1041, RS2008 // A deliberately broken analyzer, never shipped.
    /// <summary>Numbers its diagnostics with a counter kept across compilations (the RS1008 mistake).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class StatefulAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("ROB200", "test", "call number {0}", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);
        private int _count;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSyntaxNodeAction(
                c => c.ReportDiagnostic(Diagnostic.Create(Rule, c.Node.GetLocation(), Interlocked.Increment(ref _count))),
                SyntaxKind.InvocationExpression);
        }
    }
#pragma warning restore RS1036, RS1038, RS1041, RS2008
}
