using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using CorsAnalyzers.Dispatch;

namespace CorsAnalyzers.Tests.Harness;

/// <summary>Our rule tests' fluent call shape, a thin layer over Microsoft.CodeAnalysis.Testing: <see cref="ValidateAsync"/> runs
/// it as one <see cref="CorsTest"/> (ProjectBuilder.Validation.cs). How to write a rule test: tests/README.md.</summary>
public sealed partial class ProjectBuilder
{
    /// <summary>The global usings an ASP.NET Core web project gets from the Web SDK's ImplicitUsings.</summary>
    public static readonly ImmutableArray<string> WebImplicitUsings = ImmutableArray.Create(
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Net.Http.Json", "System.Threading",
        "System.Threading.Tasks", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing",
        "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging");

    private readonly List<(string Path, string Markup)> _sources = new(), _fixedSources = new(), _batchFixedSources = new();
    private readonly List<(string Path, string Markup)> _additionalFiles = new();
    private readonly List<DiagnosticAnalyzer> _analyzers = new();
    private readonly List<string> _editorConfigLines = new(), _globalConfigLines = new(), _expectedMessages = new();
    private readonly List<DiagnosticResult> _expectedResults = new();
    private readonly List<Action<CorsTest>> _configure = new();
    private CodeFixProvider? _fixer;
    private string? _defaultId, _fixEquivalenceKey;
    private LanguageVersion _languageVersion = LanguageVersion.Latest;
    private bool _aspNetCore = true, _implicitUsings = true, _allowCompilerErrors, _expectNoFix;
    private OutputKind? _outputKind;
    private int? _fixIndex;

    public static ProjectBuilder Create() => new();

    public static string DefaultPath(int index) => $"/0/Test{index}.cs";

    /// <summary>A diagnostic of one of our rules (all are warnings by default), for <see cref="ShouldReport"/>.</summary>
    public static DiagnosticResult Diagnostic(string id) => new(id, DiagnosticSeverity.Warning);

    public ProjectBuilder WithSource(string markup, string? path = null) => With(() => _sources.Add((path ?? DefaultPath(_sources.Count), markup)));
    /// <summary>An additional file (appsettings.json, web.config); like a source, its markup gives the diagnostics expected in it.</summary>
    public ProjectBuilder WithAdditionalFile(string path, string markup) => With(() => _additionalFiles.Add((path.StartsWith('/') ? path : "/0/" + path, markup)));
    public ProjectBuilder WithCodeFixProvider(CodeFixProvider fixer) => With(() => _fixer = fixer);
    public ProjectBuilder WithCodeFixProvider<TFixer>() where TFixer : CodeFixProvider, new() => WithCodeFixProvider(new TFixer());
    /// <summary>Adds a rule of the package (run by <see cref="CorsAnalyzer"/>, as the package runs it) or any other analyzer.</summary>
    public ProjectBuilder WithAnalyzer<TAnalyzer>(string? ruleId = null) where TAnalyzer : new() => new TAnalyzer() switch
    {
        CorsRule rule => WithAnalyzer(new CorsAnalyzer(rule), ruleId),
        DiagnosticAnalyzer analyzer => WithAnalyzer(analyzer, ruleId),
        var other => throw new ArgumentException($"{other} is neither a rule nor an analyzer."),
    };

    /// <summary>Adds an analyzer. <c>[|...|]</c> stands for <paramref name="ruleId"/>, or for the first analyzer's only rule.</summary>
    public ProjectBuilder WithAnalyzer(DiagnosticAnalyzer analyzer, string? ruleId = null) => With(() =>
    {
        _analyzers.Add(analyzer);
        _defaultId = ruleId ?? _defaultId ?? (analyzer.SupportedDiagnostics.Length == 1 ? analyzer.SupportedDiagnostics[0].Id : null);
    });

    /// <summary>Adds <c>.editorconfig</c> lines (for example <c>cors_analyzers.allowlist_name = Origins</c>) under <c>[*.cs]</c>.</summary>
    public ProjectBuilder WithOptions(params string[] editorConfigLines) => With(() => _editorConfigLines.AddRange(editorConfigLines));

    /// <summary>Adds a <c>.globalconfig</c> (<c>is_global = true</c>) with these lines: options for every file, additional files included.</summary>
    public ProjectBuilder WithGlobalConfig(params string[] lines) => With(() => _globalConfigLines.AddRange(lines));

    /// <summary>Compiles against Microsoft.NETCore.App only, without the Web SDK's usings: a project that does not use ASP.NET Core.</summary>
    public ProjectBuilder WithoutAspNetCore() => With(() => _aspNetCore = _implicitUsings = false);
    public ProjectBuilder WithoutImplicitUsings() => With(() => _implicitUsings = false);
    public ProjectBuilder WithLanguageVersion(LanguageVersion languageVersion) => With(() => _languageVersion = languageVersion);
    public ProjectBuilder WithOutputKind(OutputKind outputKind) => With(() => _outputKind = outputKind);

    /// <summary>Lets the input have compiler errors (half-typed code); a fix still may add none.</summary>
    public ProjectBuilder AllowCompilerErrors() => With(() => _allowCompilerErrors = true);

    /// <summary>The exact messages of the markup's diagnostics, in source order (file, then position).</summary>
    public ProjectBuilder ShouldReportMessages(params string[] messages) => With(() => _expectedMessages.AddRange(messages));

    /// <summary>Expected diagnostics in the library's terms: <c>Diagnostic("CORS002").WithLocation(0).WithLocation(1).WithMessage(...)</c> for <c>{|#0:...|}</c> and <c>{|#1:...|}</c>.</summary>
    public ProjectBuilder ShouldReport(params DiagnosticResult[] diagnostics) => With(() => _expectedResults.AddRange(diagnostics));

    /// <summary>Chooses the code action to apply: by its index among those offered for a diagnostic, or by its equivalence key.</summary>
    public ProjectBuilder WithCodeFixIndex(int index) => With(() => _fixIndex = index);
    public ProjectBuilder WithCodeFixEquivalenceKey(string equivalenceKey) => With(() => _fixEquivalenceKey = equivalenceKey);

    /// <summary>The text after fixing diagnostic by diagnostic, and after Fix All unless <see cref="ShouldBatchFixCodeWith"/> gives another. Markup marks what must remain.</summary>
    public ProjectBuilder ShouldFixCodeWith(string fixedMarkup, string? path = null) => With(() => _fixedSources.Add((path ?? DefaultPath(_fixedSources.Count), fixedMarkup)));

    /// <summary>The text after Fix All in document, project and solution scope, and diagnostic by diagnostic unless <see cref="ShouldFixCodeWith"/> gives another.</summary>
    public ProjectBuilder ShouldBatchFixCodeWith(string fixedMarkup, string? path = null) => With(() => _batchFixedSources.Add((path ?? DefaultPath(_batchFixedSources.Count), fixedMarkup)));

    /// <summary>No code action (of the chosen key, if any) may be offered for any diagnostic.</summary>
    public ProjectBuilder ShouldNotOfferFix() => With(() => _expectNoFix = true);

    /// <summary>Sets anything else the library checks: iteration counts, <see cref="CodeFixTestBehaviors"/>, disabled diagnostics.</summary>
    public ProjectBuilder WithTest(Action<CorsTest> configure) => With(() => _configure.Add(configure));

    private ProjectBuilder With(Action change)
    {
        change();
        return this;
    }
}
