using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Tests.Harness;

/// <summary>
/// Describes one test: the sources (with markup), the analyzers and fixer under test, options, and what
/// must come out. <see cref="ValidateAsync"/> checks it all; see ProjectBuilder.Validation.cs.
/// </summary>
public sealed partial class ProjectBuilder
{
    /// <summary>The global usings an ASP.NET Core web project gets from the Web SDK's ImplicitUsings.</summary>
    public static readonly ImmutableArray<string> WebImplicitUsings = ImmutableArray.Create(
        "System",
        "System.Collections.Generic",
        "System.IO",
        "System.Linq",
        "System.Net.Http",
        "System.Net.Http.Json",
        "System.Threading",
        "System.Threading.Tasks",
        "Microsoft.AspNetCore.Builder",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.Extensions.Configuration",
        "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting",
        "Microsoft.Extensions.Logging");

    private readonly List<(string Path, string Markup)> _sources = new();
    private readonly List<(string Path, string Text)> _additionalFiles = new();
    private readonly List<DiagnosticAnalyzer> _analyzers = new();
    private readonly List<string> _editorConfigLines = new();
    private readonly List<string> _globalConfigLines = new();
    private readonly List<string> _expectedMessages = new();
    private CodeFixProvider? _fixer;
    private string? _defaultId;
    private LanguageVersion _languageVersion = LanguageVersion.Latest;
    private bool _aspNetCore = true;
    private bool _implicitUsings = true;
    private bool _allowCompilerErrors;
    private OutputKind? _outputKind;

    // Code-fix expectations.
    private int? _fixIndex;
    private string? _fixEquivalenceKey;
    private readonly List<(string Path, string Markup)> _fixedSources = new();
    private readonly List<(string Path, string Markup)> _batchFixedSources = new();
    private bool _expectNoFix;

    public static ProjectBuilder Create() => new();

    /// <summary>Adds a source file; its markup gives the expected diagnostics.</summary>
    public ProjectBuilder WithSource(string markup, string? path = null)
    {
        _sources.Add((path ?? DefaultPath(_sources.Count), markup));
        return this;
    }

    /// <summary>
    /// Adds an additional file (an <c>appsettings.json</c>, a <c>web.config</c>); like a source, its markup gives the
    /// diagnostics expected in it (<c>[|"*"|]</c>), and its <c>{|+k:...|}</c> spans are additional locations.
    /// </summary>
    public ProjectBuilder WithAdditionalFile(string path, string markup)
    {
        _additionalFiles.Add((path, markup));
        return this;
    }

    /// <summary>Adds a <c>.globalconfig</c> (<c>is_global = true</c>) with these lines: options for every file, additional files included.</summary>
    public ProjectBuilder WithGlobalConfig(params string[] lines)
    {
        _globalConfigLines.AddRange(lines);
        return this;
    }

    /// <summary>Adds <c>.editorconfig</c> lines (for example <c>cors_analyzers.allowlist_name = Origins</c>) under <c>[*.cs]</c>.</summary>
    public ProjectBuilder WithOptions(params string[] editorConfigLines)
    {
        _editorConfigLines.AddRange(editorConfigLines);
        return this;
    }

    /// <summary>Adds an analyzer. <c>[|...|]</c> stands for <paramref name="ruleId"/>, or for the analyzer's only rule.</summary>
    public ProjectBuilder WithAnalyzer(DiagnosticAnalyzer analyzer, string? ruleId = null)
    {
        _analyzers.Add(analyzer);
        if (ruleId is not null)
        {
            _defaultId = ruleId;
        }
        else if (_defaultId is null && analyzer.SupportedDiagnostics.Length == 1)
        {
            _defaultId = analyzer.SupportedDiagnostics[0].Id;
        }

        return this;
    }

    public ProjectBuilder WithAnalyzer<TAnalyzer>(string? ruleId = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
        => WithAnalyzer(new TAnalyzer(), ruleId);

    public ProjectBuilder WithCodeFixProvider(CodeFixProvider fixer)
    {
        _fixer = fixer;
        return this;
    }

    public ProjectBuilder WithCodeFixProvider<TFixer>()
        where TFixer : CodeFixProvider, new()
        => WithCodeFixProvider(new TFixer());

    public ProjectBuilder WithLanguageVersion(LanguageVersion languageVersion)
    {
        _languageVersion = languageVersion;
        return this;
    }

    /// <summary>Compiles against Microsoft.NETCore.App only: a project that does not use ASP.NET Core.</summary>
    public ProjectBuilder WithoutAspNetCore()
    {
        _aspNetCore = false;
        _implicitUsings = false;
        return this;
    }

    /// <summary>Leaves out the Web SDK's implicit global usings.</summary>
    public ProjectBuilder WithoutImplicitUsings()
    {
        _implicitUsings = false;
        return this;
    }

    public ProjectBuilder WithOutputKind(OutputKind outputKind)
    {
        _outputKind = outputKind;
        return this;
    }

    /// <summary>Lets the input have compiler errors (half-typed code).</summary>
    public ProjectBuilder AllowCompilerErrors()
    {
        _allowCompilerErrors = true;
        return this;
    }

    /// <summary>The exact messages of the expected diagnostics, in source order (file, then position).</summary>
    public ProjectBuilder ShouldReportMessages(params string[] messages)
    {
        _expectedMessages.AddRange(messages);
        return this;
    }

    /// <summary>Chooses the code action by its index among those offered for a diagnostic.</summary>
    public ProjectBuilder WithCodeFixIndex(int index)
    {
        _fixIndex = index;
        return this;
    }

    /// <summary>Chooses the code action by its equivalence key.</summary>
    public ProjectBuilder WithCodeFixEquivalenceKey(string equivalenceKey)
    {
        _fixEquivalenceKey = equivalenceKey;
        return this;
    }

    /// <summary>The text after applying the fix diagnostic by diagnostic (markup marks what must remain).</summary>
    public ProjectBuilder ShouldFixCodeWith(string fixedMarkup, string? path = null)
    {
        _fixedSources.Add((path ?? DefaultPath(_fixedSources.Count), fixedMarkup));
        return this;
    }

    /// <summary>The text after Fix All, checked in document, project and solution scope.</summary>
    public ProjectBuilder ShouldBatchFixCodeWith(string fixedMarkup, string? path = null)
    {
        _batchFixedSources.Add((path ?? DefaultPath(_batchFixedSources.Count), fixedMarkup));
        return this;
    }

    /// <summary>No code action (of the chosen key, if any) may be offered for any diagnostic.</summary>
    public ProjectBuilder ShouldNotOfferFix()
    {
        _expectNoFix = true;
        return this;
    }

    public static string DefaultPath(int index) => $"/0/Test{index}.cs";
}
