using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;
using CorsAnalyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Tests;

/// <summary>
/// The package's one analyzer (<see cref="CorsAnalyzer"/>): it ships every rule, runs a rule only where it is on, and
/// gives the same diagnostics however often and in whatever pieces a host asks.
/// </summary>
public sealed class DispatchTests
{
    private const string WebSource = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        static class Setup
        {
            static readonly string[] Partners = { "https://a.example", "null", "https://b.example/" };

            public static void Configure(IServiceCollection services) =>
                services.AddCors(o =>
                {
                    o.AddPolicy("p", b => b.WithOrigins(Partners).AllowCredentials());
                    o.AddPolicy("q", b => b.WithOrigins(Partners));
                    o.AddPolicy("any", b => b.SetIsOriginAllowed(_ => true).AllowCredentials());
                });

            public static void Echo(HttpContext context)
            {
                var origin = context.Request.Headers.Origin.ToString();
                if (origin.EndsWith("example.com"))
                {
                    context.Response.Headers["Access-Control-Allow-Origin"] = origin;
                }
            }
        }
        """;

    [Fact]
    public void The_package_ships_one_analyzer_that_runs_every_rule()
    {
        Assert.Equal(new[] { typeof(CorsAnalyzer) }, AnalyzerCatalog.AnalyzerTypes);

        var ruleTypes = AnalyzerCatalog.AnalyzerAssembly.GetTypes()
            .Where(t => typeof(CorsRule).IsAssignableFrom(t) && !t.IsAbstract)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        var package = new CorsAnalyzer();
        Assert.Equal(ruleTypes, package.Rules.Select(r => r.GetType()).OrderBy(t => t.FullName, StringComparer.Ordinal));
        Assert.Equal(package.Rules.Select(r => r.Descriptor.Id), package.SupportedDiagnostics.Select(d => d.Id));
        Assert.Equal(package.Rules.Length, package.SupportedDiagnostics.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_rule_turned_off_for_a_file_is_not_called_there_and_the_others_still_report()
    {
        var counting = new CountingRule();
        var diagnostics = await AnalyzeAsync(new CorsAnalyzer(counting, new NullOriginRule()), "[*.cs]\ndotnet_diagnostic.DISPATCH01.severity = none\n");

        // Started (the file's own setting is not known before its operations come), never called.
        Assert.Equal(0, counting.Calls);
        Assert.Equal(new[] { "CORS004" }, diagnostics.Select(d => d.Id).Distinct());
    }

    [Fact]
    public async Task A_rule_left_on_is_called_for_its_operations()
    {
        var counting = new CountingRule();
        var diagnostics = await AnalyzeAsync(new CorsAnalyzer(counting, new NullOriginRule()), "[*.cs]\ndotnet_diagnostic.CORS004.severity = none\n");

        Assert.Equal(1, counting.Started);
        Assert.True(counting.Calls > 0);
        Assert.Equal(counting.Calls, diagnostics.Count(d => d.Id == CountingRule.Id));
        Assert.DoesNotContain(diagnostics, d => d.Id == "CORS004");
    }

    [Fact]
    public async Task A_rule_off_in_one_file_still_runs_in_another()
    {
        var counting = new CountingRule();
        var other = CSharpSyntaxTree.ParseText("class D { void M() { System.Console.WriteLine(); } }", path: "/0/Other.cs");
        var diagnostics = await AnalyzeAsync(new CorsAnalyzer(counting), "[Test0.cs]\ndotnet_diagnostic.DISPATCH01.severity = none\n", other);

        Assert.Equal(1, counting.Started);
        Assert.Equal(1, counting.Calls);
        Assert.Equal("/0/Other.cs", Assert.Single(diagnostics).Location.SourceTree!.FilePath);
    }

    [Fact]
    public async Task A_rule_that_names_its_methods_is_called_for_their_calls_only_and_asked_once_per_name()
    {
        var named = new NamedRule("AddPolicy", "EndsWith");
        var diagnostics = await AnalyzeAsync(new CorsAnalyzer(named), string.Empty);

        Assert.Equal(new[] { "AddPolicy", "AddPolicy", "AddPolicy", "EndsWith" }, named.CalledFor.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(4, diagnostics.Length);
        Assert.Contains("ToString", named.Asked);
        Assert.Equal(named.Asked.Distinct().Count(), named.Asked.Count);
    }

    [Fact]
    public async Task A_rule_that_names_its_methods_and_is_off_is_never_called()
    {
        var named = new NamedRule("AddPolicy", "EndsWith");
        var diagnostics = await AnalyzeAsync(new CorsAnalyzer(named, new NullOriginRule()), "[*.cs]\ndotnet_diagnostic.DISPATCH02.severity = none\n");

        Assert.Empty(named.CalledFor);
        Assert.Equal(new[] { "CORS004" }, diagnostics.Select(d => d.Id).Distinct());
    }

    [Fact]
    public async Task Header_writes_are_handed_to_the_rules_only_for_CORS_headers_and_Vary()
    {
        var headers = new HeaderRule();
        var other = CSharpSyntaxTree.ParseText("""
            static class Writes
            {
                public static void Write(Microsoft.AspNetCore.Http.HttpResponse response)
                {
                    response.Headers["X-Frame-Options"] = "DENY";
                    response.Headers.Append("Cache-Control", "no-store");
                    response.Headers["access-control-max-age"] = "600";
                    response.Headers.Append(" Vary ", "Origin");
                }
            }
            """, path: "/0/Writes.cs");
        await AnalyzeAsync(new CorsAnalyzer(headers), string.Empty, other);

        Assert.Equal(new[] { " Vary ", "Access-Control-Allow-Origin", "access-control-max-age" }, headers.Names.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(ReportDiagnostic.Suppress, null, null, false)]
    [InlineData(ReportDiagnostic.Suppress, null, ReportDiagnostic.Warn, true)]
    [InlineData(ReportDiagnostic.Default, ReportDiagnostic.Suppress, null, false)]
    [InlineData(ReportDiagnostic.Default, ReportDiagnostic.Suppress, ReportDiagnostic.Error, true)]
    [InlineData(ReportDiagnostic.Default, ReportDiagnostic.Warn, ReportDiagnostic.Suppress, false)]
    [InlineData(ReportDiagnostic.Default, null, null, true)]
    public void A_rule_is_off_as_the_compiler_decides(ReportDiagnostic fromCompilationOptions, ReportDiagnostic? global, ReportDiagnostic? file, bool on)
    {
        var tree = CSharpSyntaxTree.ParseText("class C { }", path: "/0/Test0.cs");
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
            .WithSpecificDiagnosticOptions(fromCompilationOptions == ReportDiagnostic.Default
                ? ImmutableDictionary<string, ReportDiagnostic>.Empty
                : ImmutableDictionary<string, ReportDiagnostic>.Empty.Add(CountingRule.Id, fromCompilationOptions))
            .WithSyntaxTreeOptionsProvider(new FixedOptions(tree, global, file));
        var compilation = CSharpCompilation.Create("Switches", new[] { tree }, options: options);

        var switches = RuleSwitches.Create(compilation, ImmutableArray.Create<CorsRule>(new NullOriginRule(), new CountingRule()), CancellationToken.None);

        Assert.Equal(on, RuleSwitches.IsOn(switches.For(tree, CancellationToken.None), 1));
        Assert.True(RuleSwitches.IsOn(switches.For(tree, CancellationToken.None), 0));
    }

    /// <summary>
    /// A host may ask for the same file more than once on one compilation (a lightbulb's span, then the whole file; a
    /// second CompilationWithAnalyzers): every answer must hold what the rules find there, not only the first; and what it
    /// finds for the file alone is all there is.
    /// </summary>
    [Fact]
    public async Task Asking_again_or_in_pieces_gives_the_same_diagnostics()
    {
        var compilation = WebCompilation(CSharpSyntaxTree.ParseText(WebSource, path: "/0/Test0.cs"));
        var tree = compilation.SyntaxTrees.First();
        var analyzer = new CorsAnalyzer();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);

        var first = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer), options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.Equal(new[] { "CORS002", "CORS003", "CORS004", "CORS006" }, first.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal));

        // The same compilation and analyzer again, as a new session of a host would ask.
        var again = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer), options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.Equal(Describe(first), Describe(again));

        // One member at a time, then the whole file, on one CompilationWithAnalyzers: the file's own (local) diagnostics.
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer), options);
        var pieces = new List<Diagnostic>();
        var root = await tree.GetRootAsync();
        foreach (var member in root.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax>().Where(m => m is not Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax))
        {
            pieces.AddRange(await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), member.FullSpan, CancellationToken.None));
        }

        var whole = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), filterSpan: null, CancellationToken.None);
        Assert.Equal(Describe(whole), Describe(pieces.Distinct()));

        // And every diagnostic of the file is the file's own: an IDE shows it without full-solution analysis (the field's
        // "null" and "/"-ended entries are reported at the steps that read them).
        Assert.Equal(Describe(first), Describe(whole));
    }

    /// <summary>The cheap test before the typed-header look-up turns away no name the look-up knows.</summary>
    [Fact]
    public void Every_typed_header_member_name_passes_the_first_test()
    {
        var table = (IReadOnlyDictionary<string, string>)typeof(CorsAnalyzers.Knowledge.HttpHeaderName)
            .GetField("s_memberToHeader", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        Assert.NotEmpty(table);
        Assert.All(table, pair => Assert.Equal(pair.Value, CorsAnalyzers.Knowledge.HttpHeaderName.FromMemberName(pair.Key)));
        Assert.Null(CorsAnalyzers.Knowledge.HttpHeaderName.FromMemberName("ContentType"));
    }

    private static IEnumerable<string> Describe(IEnumerable<Diagnostic> diagnostics)
        => diagnostics.Select(d => $"{d.Id} {d.Location.SourceSpan} {d.GetMessage()}").Distinct().OrderBy(s => s, StringComparer.Ordinal);

    private static CSharpCompilation WebCompilation(params SyntaxTree[] trees)
    {
        var usings = CSharpSyntaxTree.ParseText(string.Concat(ProjectBuilder.WebImplicitUsings.Select(u => $"global using global::{u};\n")), path: "/0/GlobalUsings.g.cs");
        var compilation = CSharpCompilation.Create("Dispatch", trees.Append(usings), ReferenceAssemblies.AspNetCore, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return compilation;
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(CorsAnalyzer analyzer, string editorConfig, params SyntaxTree[] more)
    {
        var tree = CSharpSyntaxTree.ParseText(WebSource, path: "/0/Test0.cs");
        var compilation = WebCompilation(more.Prepend(tree).ToArray());
        var config = AnalyzerConfigSet.Create(ImmutableArray.Create(AnalyzerConfig.Parse("root = true\n" + editorConfig, "/0/.editorconfig")));
        var treeOptions = compilation.SyntaxTrees.Select(t => config.GetOptionsForSourcePath(t.FilePath)).ToList();
        var provider = new ConfigOptions(compilation.SyntaxTrees.Zip(treeOptions).ToDictionary(p => p.First, p => p.Second.TreeOptions));
        compilation = compilation.WithOptions(compilation.Options.WithSyntaxTreeOptionsProvider(provider));
        var exceptions = new ConcurrentQueue<Exception>();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), (e, _, _) => exceptions.Enqueue(e), concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer), options).GetAnalyzerDiagnosticsAsync();
        Assert.Empty(exceptions);
        return diagnostics;
    }

    /// <summary>A rule that reports every invocation, counting how often it is started and called.</summary>
    private sealed class CountingRule : CorsRule
    {
        public const string Id = "DISPATCH01";

        private static readonly DiagnosticDescriptor s_descriptor = new(Id, "Counted", "Counted", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        private int _started;
        private int _calls;

        public int Started => _started;

        public int Calls => _calls;

        public override DiagnosticDescriptor Descriptor => s_descriptor;

        internal override void Start(RuleStart start)
        {
            Interlocked.Increment(ref _started);
            start.OnOperation(
                c =>
                {
                    if (c.Operation.Syntax.SyntaxTree.FilePath.EndsWith("GlobalUsings.g.cs", StringComparison.Ordinal))
                    {
                        return;
                    }

                    Interlocked.Increment(ref _calls);
                    c.ReportDiagnostic(Diagnostic.Create(s_descriptor, c.Operation.Syntax.GetLocation()));
                },
                OperationKind.Invocation);
        }
    }

    /// <summary>A rule that records the name of every header write it is handed.</summary>
    private sealed class HeaderRule : CorsRule
    {
        private static readonly DiagnosticDescriptor s_descriptor = new("DISPATCH03", "Headers", "Headers", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public ConcurrentQueue<string> Names { get; } = new();

        public override DiagnosticDescriptor Descriptor => s_descriptor;

        internal override void Start(RuleStart start) => start.OnHeaderWrite((_, write) => Names.Enqueue(write.Name));
    }

    /// <summary>A rule that asks for the calls of some method names only, and records what it is asked and called for.</summary>
    private sealed class NamedRule(params string[] names) : CorsRule
    {
        private static readonly DiagnosticDescriptor s_descriptor = new("DISPATCH02", "Named", "Named", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public ConcurrentQueue<string> Asked { get; } = new();

        public ConcurrentQueue<string> CalledFor { get; } = new();

        public override DiagnosticDescriptor Descriptor => s_descriptor;

        internal override void Start(RuleStart start)
            => start.OnInvocation(
                name =>
                {
                    Asked.Enqueue(name);
                    return names.Contains(name);
                },
                c =>
                {
                    CalledFor.Enqueue(((Microsoft.CodeAnalysis.Operations.IInvocationOperation)c.Operation).TargetMethod.Name);
                    c.ReportDiagnostic(Diagnostic.Create(s_descriptor, c.Operation.Syntax.GetLocation()));
                });
    }

    /// <summary>The options an .editorconfig gives each file, as the compiler hands them to the analyzers.</summary>
    private sealed class ConfigOptions(Dictionary<SyntaxTree, ImmutableDictionary<string, ReportDiagnostic>> byTree) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return byTree.TryGetValue(tree, out var values) && values.TryGetValue(diagnosticId, out severity);
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return false;
        }
    }

    /// <summary>One file's setting and a global config's, for <see cref="CountingRule.Id"/>.</summary>
    private sealed class FixedOptions(SyntaxTree tree, ReportDiagnostic? global, ReportDiagnostic? file) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree t, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = file ?? ReportDiagnostic.Default;
            return t == tree && diagnosticId == CountingRule.Id && file is not null;
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = global ?? ReportDiagnostic.Default;
            return diagnosticId == CountingRule.Id && global is not null;
        }
    }
}
