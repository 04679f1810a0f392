using System.Collections.Immutable;
using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness.Semantic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Sdk;

namespace CorsAnalyzers.Tests.Harness;

/// <summary>
/// The semantic check of fixes must fail when a fix widens a check: these hand-made before/after pairs show that it
/// does (one allowlist seeded by one check and read by another, a guard that lets in an origin it refused), that it
/// passes the per-check allowlists issue 19 asks for, and that it cannot pass by checking nothing.
/// </summary>
public sealed class SemanticFixCheckTests
{
    private const string Before = """
        using System.Text.RegularExpressions;

        class Startup
        {
            public void ConfigureServices(IServiceCollection services)
                => services.AddCors(options =>
                {
                    options.AddPolicy("Subdomains", policy => policy.SetIsOriginAllowed(origin => origin.EndsWith("contoso.com")));
                    options.AddPolicy("Portal", policy => policy.SetIsOriginAllowed(origin => origin.StartsWith("https://portal.contoso.com")));
                    options.AddPolicy("Intranet", policy => policy.SetIsOriginAllowed(origin => origin.Contains("intranet")).WithMethods("GET"));
                });

            public void Configure(IApplicationBuilder app)
                => app.Use(async (context, next) =>
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (Regex.IsMatch(origin, "partner"))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                        context.Response.Headers.Vary = "Origin";
                    }

                    await next(context);
                });
        }
        """;

    /// <summary>Today's Fix All: one set per class, seeded by the checks that name an origin, read by every check.</summary>
    private const string SharedSet = """
        using System.Text.RegularExpressions;

        class Startup
        {
            private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal)
            {
                "https://contoso.com",
                "https://portal.contoso.com",
            };

            public void ConfigureServices(IServiceCollection services)
                => services.AddCors(options =>
                {
                    options.AddPolicy("Subdomains", policy => policy.SetIsOriginAllowed(origin => AllowedCorsOrigins.Contains(origin)));
                    options.AddPolicy("Portal", policy => policy.SetIsOriginAllowed(origin => AllowedCorsOrigins.Contains(origin)));
                    options.AddPolicy("Intranet", policy => policy.SetIsOriginAllowed(origin => AllowedCorsOrigins.Contains(origin)).WithMethods("GET"));
                });

            public void Configure(IApplicationBuilder app)
                => app.Use(async (context, next) =>
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (AllowedCorsOrigins.Contains(origin))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                        context.Response.Headers.Vary = "Origin";
                    }

                    await next(context);
                });
        }
        """;

    /// <summary>What issue 19 asks for: each check its own set, seeded from its own exact entries.</summary>
    private const string SetPerCheck = """
        using System.Text.RegularExpressions;

        class Startup
        {
            private static readonly HashSet<string> AllowedCorsOriginsForSubdomains = new HashSet<string>(StringComparer.Ordinal) { "https://contoso.com" };
            private static readonly HashSet<string> AllowedCorsOriginsForPortal = new HashSet<string>(StringComparer.Ordinal) { "https://portal.contoso.com" };
            private static readonly HashSet<string> AllowedCorsOriginsForIntranet = new HashSet<string>(StringComparer.Ordinal);
            private static readonly HashSet<string> AllowedCorsOriginsForConfigure = new HashSet<string>(StringComparer.Ordinal);

            public void ConfigureServices(IServiceCollection services)
                => services.AddCors(options =>
                {
                    options.AddPolicy("Subdomains", policy => policy.SetIsOriginAllowed(origin => AllowedCorsOriginsForSubdomains.Contains(origin)));
                    options.AddPolicy("Portal", policy => policy.SetIsOriginAllowed(origin => AllowedCorsOriginsForPortal.Contains(origin)));
                    options.AddPolicy("Intranet", policy => policy.SetIsOriginAllowed(origin => AllowedCorsOriginsForIntranet.Contains(origin)).WithMethods("GET"));
                });

            public void Configure(IApplicationBuilder app)
                => app.Use(async (context, next) =>
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    if (AllowedCorsOriginsForConfigure.Contains(origin))
                    {
                        context.Response.Headers.AccessControlAllowOrigin = origin;
                        context.Response.Headers.Vary = "Origin";
                    }

                    await next(context);
                });
        }
        """;

    private static SemanticProject Project(string source) => new(
        new[] { ("/0/Test0.cs", source), (ProjectBuilder.GlobalUsingsPath, ProjectBuilder.GlobalUsings) },
        ReferenceAssemblies.AspNetCore,
        new CSharpParseOptions(LanguageVersion.Latest),
        OutputKind.DynamicallyLinkedLibrary);

    [Fact]
    public void Fails_when_one_set_seeded_by_some_checks_is_read_by_the_others()
    {
        var report = SemanticFixCheck.Run(Project(Before), Project(SharedSet));

        Assert.Equal(4, report.RewrittenChecked);
        var failure = Assert.IsType<string>(report.Failure);
        Assert.Contains("The fix widens Policy #3 in Test0.cs", failure); // Intranet
        Assert.Contains("'https://contoso.com' is accepted after the fix and was refused before", failure);
        Assert.Contains("'https://portal.contoso.com' is accepted after the fix and was refused before", failure);
        Assert.Contains("The fix widens HeaderWrite #1 in Test0.cs", failure); // the partner middleware
        Assert.Contains("The fix widens Policy #1 in Test0.cs", failure); // Subdomains: portal was accepted before, but only Portal named it
        Assert.Contains("'https://portal.contoso.com' is accepted after the fix and the decision does not name it (it names: https://contoso.com)", failure);
        Assert.Contains("The fix widens Policy #2 in Test0.cs", failure); // Portal: https://contoso.com, which it refused
        Assert.Equal(4, report.Decisions.Count(d => d.Widened.Count > 0));
    }

    [Fact]
    public void Passes_a_set_per_check_seeded_from_its_own_entries()
    {
        var report = SemanticFixCheck.Run(Project(Before), Project(SetPerCheck));

        Assert.Null(report.Failure);
        Assert.Equal(4, report.RewrittenChecked);
    }

    [Fact]
    public void Fails_when_a_rewritten_check_could_not_be_answered()
    {
        // The predicate reads a local of the method: the check cannot run it alone, and must say so rather than pass.
        const string before = """
            class Startup
            {
                public void ConfigureServices(IServiceCollection services, string suffix)
                    => services.AddCors(options => options.AddPolicy("a", policy => policy.SetIsOriginAllowed(origin => origin.EndsWith(suffix))));
            }
            """;
        var report = SemanticFixCheck.Run(Project(before), Project(before.Replace("origin.EndsWith(suffix)", "origin == suffix", StringComparison.Ordinal)));

        Assert.Equal(0, report.Checked);
        Assert.Contains("could answer none of them", report.Failure);
    }

    [Fact]
    public void Fails_when_decisions_cannot_be_paired()
    {
        var after = Before.Replace("""options.AddPolicy("Portal", policy => policy.SetIsOriginAllowed(origin => origin.StartsWith("https://portal.contoso.com")));""", string.Empty, StringComparison.Ordinal);
        var report = SemanticFixCheck.Run(Project(Before), Project(after));

        Assert.Contains("cannot pair", report.Failure);
        Assert.Contains("Policy decisions in /0/Test0.cs: 3 before, 2 after", report.Failure);
    }

    // ------------------------------------------------------------------ through ProjectBuilder, as every fixer test runs it

    private const string TwoPolicies = """
        class Startup
        {
            private static readonly HashSet<string> AllowedCorsOrigins = new(StringComparer.Ordinal) { "https://contoso.com" };

            public void ConfigureServices(IServiceCollection services)
                => services.AddCors(options =>
                {
                    options.AddPolicy("Subdomains", policy => policy.SetIsOriginAllowed(origin => AllowedCorsOrigins.Contains(origin)));
                    options.AddPolicy("Intranet", policy => policy.SetIsOriginAllowed(origin => [|origin.Contains("intranet")|]));
                });
        }
        """;

    private static ProjectBuilder FixIntranetWith(string replacement)
        => ProjectBuilder.Create().WithAnalyzer<OriginSubstringMatchRule>().WithCodeFixProvider(new ReplaceCheckFixer(replacement)).WithSemanticCheck()
            .WithSource(TwoPolicies)
            .ShouldReportMessages("'origin.Contains(\"intranet\")' also accepts https://intranet.evil.net")
            .ShouldFixCodeWith(TwoPolicies.Replace("[|origin.Contains(\"intranet\")|]", replacement, StringComparison.Ordinal));

    [Fact]
    public async Task A_fixer_test_fails_when_its_fix_reads_another_checks_set()
    {
        var e = await Assert.ThrowsAsync<XunitException>(() => FixIntranetWith("AllowedCorsOrigins.Contains(origin)").ValidateAsync());

        Assert.Contains("Semantic check of the fixed code", e.Message);
        Assert.Contains("The fix widens Policy #2 in Test0.cs", e.Message);
        Assert.Contains("'https://contoso.com' is accepted after the fix and was refused before", e.Message);
    }

    [Fact]
    public Task A_fixer_test_passes_when_its_fix_allows_nothing_new() => FixIntranetWith("origin == \"https://intranet.example\" && false").ValidateAsync();

    /// <summary>A test-only CORS003 fixer that writes the given expression in place of the reported check.</summary>
    private sealed class ReplaceCheckFixer(string replacement) : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("CORS003");

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = (await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false))!;
            var node = root.FindNode(context.Span);
            context.RegisterCodeFix(
                CodeAction.Create("Replace", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(node, SyntaxFactory.ParseExpression(replacement).WithTriviaFrom(node)))), equivalenceKey: "replace"),
                context.Diagnostics);
        }
    }
}
