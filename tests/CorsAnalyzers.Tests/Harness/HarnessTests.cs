using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace CorsAnalyzers.Tests.Harness;

/// <summary>The harness must fail when an expectation is wrong: these tests show that it does.</summary>
public sealed class HarnessTests
{
    private const string Source = """
        class C
        {
            string M() => [|"bad"|];
        }
        """;

    private const string Message = "'\"bad\"' is bad";

    [Fact]
    public Task Passes_when_diagnostics_match() => Build(Source).ShouldReportMessages(Message).ValidateAsync();

    [Fact]
    public Task Passes_when_nothing_is_expected_and_nothing_reported() => Build("class C { string M() => \"good\"; }").ValidateAsync();

    [Fact]
    public async Task Fails_on_a_missing_diagnostic()
    {
        var e = await Assert.ThrowsAsync<XunitException>(() => Build("class C { string M() => \"bad\"; }").ValidateAsync());
        Assert.Contains("Diagnostics of test state", e.Message);
        Assert.Contains("A TEST001", e.Message);
    }

    [Fact]
    public async Task Fails_on_an_extra_diagnostic()
    {
        var e = await Assert.ThrowsAsync<XunitException>(() => Build("class C { string M() => [|\"good\"|]; }").ShouldReportMessages(Message).ValidateAsync());
        Assert.Contains("Diagnostics of test state", e.Message);
        Assert.Contains("E TEST001", e.Message);
    }

    [Fact]
    public async Task Fails_on_a_wrong_span()
    {
        var e = await Assert.ThrowsAsync<XunitException>(() => Build("class C { string M() => \"[|bad|]\"; }").ShouldReportMessages(Message).ValidateAsync());
        Assert.Contains("Expected diagnostic to start at column \"26\" was actually at column \"25\"", e.Message);
    }

    [Fact]
    public async Task Fails_on_a_wrong_message()
    {
        var e = await Assert.ThrowsAsync<XunitException>(() => Build(Source).ShouldReportMessages("something else").ValidateAsync());
        Assert.Contains("something else", e.Message);
    }

    [Fact]
    public async Task Fails_on_a_wrong_id()
    {
        var e = await Assert.ThrowsAsync<XunitException>(() => Build("class C { string M() => {|TEST002:\"bad\"|}; }").ShouldReportMessages(Message).ValidateAsync());
        Assert.Contains("TEST002", e.Message);
    }

    [Fact]
    public async Task Requires_one_message_per_expected_diagnostic()
        => await Assert.ThrowsAsync<InvalidOperationException>(() => Build(Source).ValidateAsync());

    [Fact]
    public async Task Fails_when_the_input_does_not_compile()
    {
        var e = await Assert.ThrowsAsync<XunitException>(() => Build("class C { string M() => [|\"bad\"|] }").ShouldReportMessages(Message).ValidateAsync());
        Assert.Contains("does not compile", e.Message);
        Assert.Contains("error CS1002", e.Message);
    }

    [Fact]
    public Task Accepts_compiler_errors_when_allowed()
        => Build("class C { string M() => [|\"bad\"|] }").AllowCompilerErrors().ShouldReportMessages(Message).ValidateAsync();

    [Fact]
    public Task Checks_additional_locations_by_key()
        => Build("class C { void M() { Pair({|TEST001#p:\"bad\"|}, {|+p:\"partner\"|}); } void Pair(string a, string b) { } }")
            .ShouldReportMessages(Message).ValidateAsync();

    [Fact]
    public Task Checks_the_librarys_location_markers()
        => Build("class C { void M() { Pair({|#0:\"bad\"|}, {|#1:\"partner\"|}); } void Pair(string a, string b) { } }")
            .ShouldReport(ProjectBuilder.Diagnostic("TEST001").WithLocation(0).WithLocation(1).WithMessage(Message)).ValidateAsync();

    [Fact]
    public async Task Fails_on_a_wrong_library_location()
    {
        var e = await Assert.ThrowsAsync<XunitException>(() => Build("class C { void M() { Pair({|#0:\"bad\"|}, {|#1:\"partner\"|}); } void Pair(string a, string b) { } }")
            .ShouldReport(ProjectBuilder.Diagnostic("TEST001").WithLocation(1).WithLocation(0)).ValidateAsync());
        Assert.Contains("Diagnostics of test state", e.Message);
    }

    [Fact]
    public async Task Fails_on_a_missing_additional_location()
    {
        var e = await Assert.ThrowsAsync<XunitException>(() => Build("class C { void M() { Pair([|\"bad\"|], \"partner\"); } void Pair(string a, string b) { } }")
            .ShouldReportMessages(Message).ValidateAsync());
        Assert.Contains("Expected 0 additional locations but got 1", e.Message);
    }

    [Fact]
    public Task Reads_editorconfig_options()
        => Build("class C { string M() => [|\"worse\"|] + \"bad\"; }").WithOptions("test_harness.word = worse")
            .ShouldReportMessages("'\"worse\"' is bad").ValidateAsync();

    [Fact]
    public Task Compiles_against_aspnetcore_with_web_implicit_usings()
        => Build("class C { string M(HttpContext c) => c.Request.Headers.Origin.ToString() + [|\"bad\"|]; }").ShouldReportMessages(Message).ValidateAsync();

    [Fact]
    public async Task Compiles_without_aspnetcore_when_asked()
    {
        var e = await Assert.ThrowsAsync<XunitException>(() => Build("using Microsoft.AspNetCore.Http; class C { }").WithoutAspNetCore().ValidateAsync());
        Assert.Contains("CS0234", e.Message);
    }

    [Fact]
    public Task Applies_a_fix_and_fix_all()
        => Build("class C { string M() => [|\"bad\"|] + [|\"bad\"|]; }")
            .ShouldReportMessages(Message, Message)
            .WithCodeFixProvider(new GoodFixer())
            .ShouldFixCodeWith("class C { string M() => \"good\" + \"good\"; }")
            .ShouldBatchFixCodeWith("class C { string M() => \"good\" + \"good\"; }")
            .ValidateAsync();

    [Fact]
    public async Task Fails_when_the_fixed_text_differs()
    {
        var e = await Assert.ThrowsAsync<XunitException>(() => Build(Source).ShouldReportMessages(Message)
            .WithCodeFixProvider(new GoodFixer())
            .ShouldFixCodeWith("class C\n{\n    string M() => \"fine\";\n}")
            .ValidateAsync());
        Assert.Contains("content of '/0/Test0.cs' did not match", e.Message);
    }

    [Fact]
    public async Task Fails_when_a_fix_adds_a_compiler_error()
    {
        var e = await Assert.ThrowsAsync<XunitException>(() => Build(Source).ShouldReportMessages(Message)
            .WithCodeFixProvider(new BrokenFixer())
            .ShouldFixCodeWith("class C\n{\n    string M() => good;\n}")
            .ValidateAsync());
        Assert.Contains("Iterative code fix application", e.Message);
        Assert.Contains("compiler diagnostics the input does not have", e.Message);
        Assert.Contains("CS0103: The name 'good' does not exist", e.Message);
    }

    [Fact]
    public async Task Fails_when_a_fix_adds_a_compiler_error_to_code_that_has_errors()
    {
        var e = await Assert.ThrowsAsync<XunitException>(() => Build("class C { string M() => [|\"bad\"|]; int N() => missing; }").AllowCompilerErrors().ShouldReportMessages(Message)
            .WithCodeFixProvider(new BrokenFixer())
            .ShouldFixCodeWith("class C { string M() => good; int N() => missing; }")
            .ValidateAsync());
        Assert.Contains("compiler diagnostics the input does not have", e.Message);
        Assert.Contains("CS0103: The name 'good' does not exist", e.Message);
    }

    [Fact]
    public async Task Fails_when_a_fix_adds_a_compiler_warning()
    {
        var e = await Assert.ThrowsAsync<XunitException>(() => Build(Source).ShouldReportMessages(Message)
            .WithCodeFixProvider(new NullFixer())
            .ShouldFixCodeWith("class C\n{\n    string M() => null;\n}")
            .ValidateAsync());
        Assert.Contains("compiler diagnostics the input does not have", e.Message);
        Assert.Contains("CS8603", e.Message);
    }

    [Fact]
    public async Task Fails_when_a_fix_loops()
    {
        var e = await Assert.ThrowsAsync<XunitException>(() => Build(Source).ShouldReportMessages(Message)
            .WithCodeFixProvider(new LoopingFixer())
            .ShouldFixCodeWith("class C\n{\n    string M() => (([|\"bad\"|]));\n}")
            .ValidateAsync());
        Assert.Contains("The upper limit for the number of code fix iterations was exceeded", e.Message);
    }

    [Fact]
    public async Task Fails_when_fix_all_is_missing()
    {
        var e = await Assert.ThrowsAsync<XunitException>(() => Build(Source).ShouldReportMessages(Message)
            .WithCodeFixProvider(new LoopingFixer())
            .ShouldBatchFixCodeWith("class C\n{\n    string M() => \"good\";\n}")
            .ValidateAsync());
        Assert.Contains("no FixAll provider", e.Message);
    }

    [Fact]
    public async Task Fails_when_a_fix_is_offered_that_must_not_be()
    {
        var e = await Assert.ThrowsAsync<XunitException>(() => Build(Source).ShouldReportMessages(Message)
            .WithCodeFixProvider(new GoodFixer())
            .ShouldNotOfferFix()
            .ValidateAsync());
        Assert.Contains("ShouldNotOfferFix", e.Message);
        Assert.Contains("did not match", e.Message);
    }

    [Fact]
    public Task Passes_when_no_fix_is_offered_where_none_must_be()
        => Build(Source).ShouldReportMessages(Message).WithCodeFixProvider(new GoodFixer()).WithCodeFixEquivalenceKey("another key").ShouldNotOfferFix().ValidateAsync();

    [Fact]
    public async Task Fails_when_fix_all_gives_another_text_than_one_by_one()
    {
        var e = await Assert.ThrowsAsync<XunitException>(() => Build("class C { string M() => [|\"bad\"|] + [|\"bad\"|]; }").ShouldReportMessages(Message, Message)
            .WithCodeFixProvider(new GoodFixer())
            .ShouldFixCodeWith("class C { string M() => \"good\" + \"good\"; }")
            .ShouldBatchFixCodeWith("class C { string M() => \"good\" + \"bad\"; }")
            .ValidateAsync());
        Assert.Contains("Fix all in document", e.Message);
    }

    [Fact]
    public async Task Fails_when_an_analyzer_throws()
    {
        var e = await Assert.ThrowsAsync<XunitException>(() => ProjectBuilder.Create().WithAnalyzer(new ThrowingAnalyzer()).WithSource("class C { }").ValidateAsync());
        Assert.Contains("threw", e.Message);
    }

    [Fact]
    public void Markup_becomes_numbered_library_markers_and_keeps_the_tests_own()
    {
        var marker = Markup.FirstMarker;
        var (files, marked) = Markup.Rewrite(new[] { ("/0/Test0.cs", "a[|b{|X#k:c|}|]{|+k:d|}{|#0:e|}") }, ref marker);
        Assert.Equal(("/0/Test0.cs", "a{|#1000:b{|#1001:c|}|}{|#1002:d|}{|#0:e|}", "abcde"), files.Single());
        Assert.Equal(new[] { (null, new TextSpan(1, 2), 1000, ""), ("X", new TextSpan(2, 1), 1001, "1002") }, marked.OrderBy(m => m.Marker).Select(m => (m.Id, m.Span, m.Marker, string.Join(",", m.AdditionalMarkers))));
    }

    private static ProjectBuilder Build(string source) => ProjectBuilder.Create().WithAnalyzer(new BadWordAnalyzer()).WithSource(source);

    /// <summary>Reports the string literal "bad" (or the word set by <c>test_harness.word</c>); a call Pair(x, y) gets y as additional location.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class BadWordAnalyzer : DiagnosticAnalyzer
    {
        public static readonly DiagnosticDescriptor Rule = new("TEST001", "Bad word", "'{0}' is bad", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(
                c =>
                {
                    var literal = (ILiteralOperation)c.Operation;
                    var word = c.Options.AnalyzerConfigOptionsProvider.GetOptions(c.Operation.Syntax.SyntaxTree).TryGetValue("test_harness.word", out var w) ? w : "bad";
                    if (literal.ConstantValue.Value is string s && s == word)
                    {
                        var additional = literal.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Pair" } call }
                            ? new[] { call.Arguments[1].Value.Syntax.GetLocation() }
                            : Array.Empty<Location>();
                        c.ReportDiagnostic(Diagnostic.Create(Rule, literal.Syntax.GetLocation(), additional, "\"" + s + "\""));
                    }
                },
                OperationKind.Literal);
        }
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(BadWordAnalyzer.Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxNodeAction(_ => throw new InvalidOperationException("boom"), SyntaxKind.ClassDeclaration);
        }
    }

    /// <summary>Replaces the literal with what <see cref="Replacement"/> gives.</summary>
    private abstract class LiteralFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("TEST001");

        protected abstract ExpressionSyntax Replacement { get; }

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = (await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false))!;
            var node = root.FindNode(context.Span);
            context.RegisterCodeFix(
                CodeAction.Create("Replace", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(node, Replacement.WithTriviaFrom(node)))), equivalenceKey: GetType().Name),
                context.Diagnostics);
        }
    }

    [ExportCodeFixProvider(LanguageNames.CSharp), Shared]
    private sealed class GoodFixer : LiteralFixer
    {
        protected override ExpressionSyntax Replacement => SyntaxFactory.ParseExpression("\"good\"");

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;
    }

    private sealed class BrokenFixer : LiteralFixer
    {
        protected override ExpressionSyntax Replacement => SyntaxFactory.ParseExpression("good");

        public override FixAllProvider? GetFixAllProvider() => null;
    }

    private sealed class NullFixer : LiteralFixer
    {
        protected override ExpressionSyntax Replacement => SyntaxFactory.ParseExpression("null");

        public override FixAllProvider? GetFixAllProvider() => null;
    }

    /// <summary>Wraps the literal in parentheses: the diagnostic moves but never goes.</summary>
    private sealed class LoopingFixer : LiteralFixer
    {
        protected override ExpressionSyntax Replacement => SyntaxFactory.ParseExpression("(\"bad\")");

        public override FixAllProvider? GetFixAllProvider() => null;
    }
}
