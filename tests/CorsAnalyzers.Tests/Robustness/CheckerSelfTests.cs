// The analyzers and fixers below exist only to be caught by the checker; the rules for shipped analyzers do not apply.
#pragma warning disable RS1016, RS1036, RS1038, RS1041, RS2008

using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Tests.Robustness;

/// <summary>
/// Tests of the robustness checker itself, with deliberately broken analyzers and fixers of its own (nested
/// here, so the reflection catalog of the product never sees them): it must flag each kind of breakage, and must
/// stay quiet about an analyzer and fixer that behave.
/// </summary>
public sealed class CheckerSelfTests
{
    private static readonly CorpusSource Policies = new("seed:MinimalApiPolicies", SeedSources.MinimalApiPolicies);
    private static readonly CorpusSource PolicyObjects = new("seed:PolicyObjectsAndHandlers", SeedSources.PolicyObjectsAndHandlers);

    private static MutationVariant Unmutated(CorpusSource source) => new(source, 0, source.Text, "unmutated", WithAspNetCore: true);

    [Fact]
    public async Task Reports_an_analyzer_that_throws()
    {
        var checker = new RobustnessChecker([new ThrowsOnAllowCredentialsAnalyzer()], []);

        var outcome = await checker.CheckAsync(Unmutated(Policies));

        var failure = Assert.Single(outcome.Failures.DistinctBy(f => f.Component));
        Assert.Equal("analyzer exception", failure.Kind);
        Assert.Equal(typeof(ThrowsOnAllowCredentialsAnalyzer).FullName, failure.Component);
        Assert.Contains("deliberate failure on AllowCredentials", failure.Details, StringComparison.Ordinal);
        Assert.Contains(Policies.Name, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutation_finds_a_crash_that_the_unmutated_source_hides()
    {
        var checker = new RobustnessChecker([new FirstCharacterOfEveryLiteralAnalyzer()], []);
        Assert.Empty((await checker.CheckAsync(Unmutated(Policies))).Failures);

        var variants = MutationRunner.Variants([Policies, PolicyObjects], 150, runSeed: 7);
        var result = await MutationRunner.RunAsync(checker, variants);

        Assert.NotEmpty(result.Failures);
        Assert.All(result.Failures, f => Assert.Equal(typeof(FirstCharacterOfEveryLiteralAnalyzer).FullName, f.Component));
        var report = result.Report();
        Assert.Contains("IndexOutOfRangeException", report, StringComparison.Ordinal);
        Assert.Contains("Mutator.Mutate(", report, StringComparison.Ordinal);

        // The reported reproduction really reproduces the crash.
        var example = result.Failures.First(f => f.Variant.Seed != 0);
        var (text, _) = Mutator.Mutate(example.Variant.Source.Text, example.Variant.Seed);
        Assert.Equal(example.Variant.Text, text);
        Assert.NotEmpty((await checker.CheckAsync(example.Variant)).Failures);
    }

    [Fact]
    public async Task Stays_quiet_about_a_sound_analyzer_and_fixer()
    {
        var checker = new RobustnessChecker([new StarArgumentAnalyzer()], [new SoundFixer()]);

        var result = await MutationRunner.RunAsync(checker, MutationRunner.Variants([Policies, PolicyObjects], 120, runSeed: 11));

        Assert.True(result.Failures.Count == 0, result.Report());
        Assert.True(result.FixesApplied > 0, result.Summary);
        Assert.True(result.CleanVariants > 2, result.Summary);
    }

    [Fact]
    public async Task Reports_a_fix_that_leaves_code_that_does_not_parse()
    {
        var failures = await FixFailuresAsync(new UnparsableFixer());

        Assert.Contains(failures, f => f.Kind == "fix produced a document that does not parse" && f.Component == typeof(UnparsableFixer).FullName);
    }

    [Fact]
    public async Task Reports_a_fix_that_adds_a_compiler_error()
    {
        var failures = await FixFailuresAsync(new ErrorAddingFixer());

        var failure = Assert.Single(failures.Where(f => !f.Details.StartsWith("Fix All", StringComparison.Ordinal)).DistinctBy(f => f.Kind));
        Assert.Equal("fix added compiler errors", failure.Kind);
        Assert.Contains("CS0103", failure.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_a_fix_that_throws()
    {
        var failures = await FixFailuresAsync(new ThrowsOnRegisterFixer(), new ThrowsOnApplyFixer());

        Assert.Contains(failures, f => f.Kind == "fixer threw in RegisterCodeFixesAsync" && f.Details.Contains("deliberate register failure", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Kind == "fix threw" && f.Details.Contains("deliberate apply failure", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reports_a_broken_fix_all()
    {
        var failures = await FixFailuresAsync(new SoundFixerWithBrokenFixAll());

        var failure = Assert.Single(failures);
        Assert.Equal("fix added compiler errors", failure.Kind);
        Assert.StartsWith("Fix All (document)", failure.Details, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<RobustnessFailure>> FixFailuresAsync(params CodeFixProvider[] fixers)
    {
        var checker = new RobustnessChecker([new StarArgumentAnalyzer()], [.. fixers]);
        var outcome = await checker.CheckAsync(Unmutated(Policies));
        Assert.True(outcome.CompiledCleanly == true, "the seed must compile for fix soundness to be checked");
        Assert.True(outcome.Diagnostics > 0);
        return outcome.Failures;
    }

    private static readonly DiagnosticDescriptor TestRule = new("ROB100", "test", "test '{0}'", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowsOnAllowCredentialsAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [TestRule];

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSyntaxNodeAction(
                c =>
                {
                    if (c.Node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AllowCredentials" } })
                    {
                        throw new InvalidOperationException("deliberate failure on AllowCredentials");
                    }
                },
                SyntaxKind.InvocationExpression);
        }
    }

    /// <summary>Fine on the seeds, which have no empty literal; the mutator's "" makes it throw.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class FirstCharacterOfEveryLiteralAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [TestRule];

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSyntaxNodeAction(
                c =>
                {
                    var literal = (LiteralExpressionSyntax)c.Node;
                    if (literal.Token.ValueText[0] == '\u0001')
                    {
                        c.ReportDiagnostic(Diagnostic.Create(TestRule, literal.GetLocation(), literal.Token.ValueText));
                    }
                },
                SyntaxKind.StringLiteralExpression);
        }
    }

    /// <summary>Reports every "*" passed as an argument.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class StarArgumentAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [TestRule];

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSyntaxNodeAction(
                c =>
                {
                    var literal = (LiteralExpressionSyntax)c.Node;
                    if (literal.Parent is ArgumentSyntax && literal.Token.ValueText == "*")
                    {
                        c.ReportDiagnostic(Diagnostic.Create(TestRule, literal.GetLocation(), literal.Token.Text));
                    }
                },
                SyntaxKind.StringLiteralExpression);
        }
    }

    private abstract class StarFixerBase : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => [TestRule.Id];

        public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = (await context.Document.GetSyntaxRootAsync(context.CancellationToken))!;
            var node = root.FindNode(context.Span, getInnermostNodeForTie: true);
            context.RegisterCodeFix(
                CodeAction.Create("Replace", ct => ReplaceAsync(context.Document, node, ct), equivalenceKey: GetType().Name),
                context.Diagnostics);
        }

        protected abstract Task<Document> ReplaceAsync(Document document, SyntaxNode node, CancellationToken cancellationToken);

        protected static async Task<Document> ReplaceNodeAsync(Document document, SyntaxNode node, ExpressionSyntax replacement, CancellationToken cancellationToken)
        {
            var root = (await document.GetSyntaxRootAsync(cancellationToken))!;
            return document.WithSyntaxRoot(root.ReplaceNode(node, replacement.WithTriviaFrom(node)));
        }
    }

    [ExportCodeFixProvider(LanguageNames.CSharp), Shared]
    private sealed class SoundFixer : StarFixerBase
    {
        protected override Task<Document> ReplaceAsync(Document document, SyntaxNode node, CancellationToken cancellationToken)
            => ReplaceNodeAsync(document, node, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal("https://app.example")), cancellationToken);
    }

    [ExportCodeFixProvider(LanguageNames.CSharp), Shared]
    private sealed class UnparsableFixer : StarFixerBase
    {
        protected override async Task<Document> ReplaceAsync(Document document, SyntaxNode node, CancellationToken cancellationToken)
        {
            var text = await document.GetTextAsync(cancellationToken);
            return document.WithText(text.WithChanges(new TextChange(node.Span, "(\"https://app.example\"")));
        }
    }

    [ExportCodeFixProvider(LanguageNames.CSharp), Shared]
    private sealed class ErrorAddingFixer : StarFixerBase
    {
        protected override Task<Document> ReplaceAsync(Document document, SyntaxNode node, CancellationToken cancellationToken)
            => ReplaceNodeAsync(document, node, SyntaxFactory.IdentifierName("UndefinedOrigins"), cancellationToken);
    }

    [ExportCodeFixProvider(LanguageNames.CSharp), Shared]
    private sealed class ThrowsOnRegisterFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => [TestRule.Id];

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
            => throw new InvalidOperationException("deliberate register failure");
    }

    [ExportCodeFixProvider(LanguageNames.CSharp), Shared]
    private sealed class ThrowsOnApplyFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => [TestRule.Id];

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            context.RegisterCodeFix(
                CodeAction.Create("Throw", (Func<CancellationToken, Task<Document>>)(_ => throw new InvalidOperationException("deliberate apply failure")), equivalenceKey: "Throw"),
                context.Diagnostics);
            return Task.CompletedTask;
        }
    }

    [ExportCodeFixProvider(LanguageNames.CSharp), Shared]
    private sealed class SoundFixerWithBrokenFixAll : StarFixerBase
    {
        public override FixAllProvider? GetFixAllProvider() => new BrokenFixAllProvider();

        protected override Task<Document> ReplaceAsync(Document document, SyntaxNode node, CancellationToken cancellationToken)
            => ReplaceNodeAsync(document, node, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal("https://app.example")), cancellationToken);

        private sealed class BrokenFixAllProvider : FixAllProvider
        {
            public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
                => Task.FromResult<CodeAction?>(CodeAction.Create(
                    "Fix all",
                    async ct =>
                    {
                        var document = fixAllContext.Document!;
                        var root = (await document.GetSyntaxRootAsync(ct))!;
                        var stars = root.DescendantNodes().OfType<LiteralExpressionSyntax>().Where(l => l.Token.ValueText == "*").ToList();
                        return document.WithSyntaxRoot(root.ReplaceNodes(stars, (_, _) => SyntaxFactory.IdentifierName("UndefinedOrigins")));
                    },
                    equivalenceKey: "FixAll"));
        }
    }
}
