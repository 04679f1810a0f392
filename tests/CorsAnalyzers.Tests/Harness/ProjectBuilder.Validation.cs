using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace CorsAnalyzers.Tests.Harness;

/// <summary>The library's code fix test (without a fixed state, its analyzer test) run with analyzer and fixer instances.</summary>
public sealed class CorsTest(IEnumerable<DiagnosticAnalyzer> analyzers, CodeFixProvider? fixer, CSharpParseOptions parseOptions, CSharpCompilationOptions compilationOptions)
    : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, EmptyCodeFixProvider, DefaultVerifier>
{
    // No locks: the library analyzes the input first and alone; the calls after it (some in parallel) only read these.
    private Dictionary<(string Id, string Message), int>? _inputCompilerDiagnostics;

    /// <summary>What the library found in the input, for our failure output.</summary>
    public ImmutableArray<(Project Project, Diagnostic Diagnostic)>? InputDiagnostics { get; private set; }

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => analyzers;

    protected override IEnumerable<CodeFixProvider> GetCodeFixProviders() => fixer is null ? Array.Empty<CodeFixProvider>() : new[] { fixer };

    protected override ParseOptions CreateParseOptions() => parseOptions;

    protected override CompilationOptions CreateCompilationOptions() => compilationOptions;

    /// <summary>
    /// The library fails a fix on new compiler errors only, and on none when the input may have errors. A fix must add
    /// no warning either, after any step: every compilation is held to the input's (the first one the library makes).
    /// </summary>
    protected override async Task<(Compilation compilation, ImmutableArray<Diagnostic> generatorDiagnostics)> GetProjectCompilationAsync(Project project, IVerifier verifier, CancellationToken cancellationToken)
    {
        var result = await base.GetProjectCompilationAsync(project, verifier, cancellationToken).ConfigureAwait(false);
        var diagnostics = result.compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToLookup(d => (d.Id, d.GetMessage(CultureInfo.InvariantCulture)));
        _inputCompilerDiagnostics ??= diagnostics.ToDictionary(g => g.Key, g => g.Count());
        var added = diagnostics.Where(g => g.Count() > _inputCompilerDiagnostics.GetValueOrDefault(g.Key)).SelectMany(g => g).Select(d => $"\n  {d}");
        verifier.True(!added.Any(), "The code has compiler diagnostics the input does not have:" + string.Concat(added));
        return result;
    }

    protected override ImmutableArray<(Project project, Diagnostic diagnostic)> SortDistinctDiagnostics(ImmutableArray<(Project project, Diagnostic diagnostic)> diagnostics)
    {
        var sorted = base.SortDistinctDiagnostics(diagnostics);
        InputDiagnostics ??= sorted;
        return sorted;
    }
}

public sealed partial class ProjectBuilder
{
    private sealed record Files(List<(string Path, string LibraryMarkup, string Text)> Sources, List<MarkedDiagnostic> Marked, List<DiagnosticResult> Expected);

    public async Task ValidateAsync([CallerFilePath] string testFile = "", [CallerMemberName] string testName = "")
    {
        Require(_analyzers.Count > 0 && _sources.Count > 0, "The test needs an analyzer (WithAnalyzer) and a source (WithSource).");
        Require(_fixer is not null || (_fixedSources.Count == 0 && _batchFixedSources.Count == 0 && !_expectNoFix), "The test expects a fix but names no code fix provider: call WithCodeFixProvider.");
        var marker = Markup.FirstMarker;
        var input = Parse(_sources.Concat(_additionalFiles), ref marker, withMessages: true);
        var parseOptions = new CSharpParseOptions(_languageVersion);
        var outputKind = _outputKind ?? (input.Sources.Where(s => s.Path.EndsWith(".cs", StringComparison.Ordinal)).Any(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions).GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any()) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary);
        var test = new CorsTest(_analyzers, _fixer, parseOptions, new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true))
        {
            ReferenceAssemblies = new("net10.0"), // none: the library would download them, which fails offline. Ours come from the SDK's packs/ (Fill).
            CompilerDiagnostics = _allowCompilerErrors ? CompilerDiagnostics.None : CompilerDiagnostics.Errors,
            MarkupOptions = MarkupOptions.TreatPositionIndicatorsAsCode,
            CodeActionIndex = _fixIndex,
            CodeActionEquivalenceKey = _fixEquivalenceKey,
        };
        Fill(test.TestState, input, outputKind);
        Files? fixedFiles = null, batchFiles = null;
        if (_expectNoFix)
        {
            // The library's way to say "no fix": the fixed states are the input. Without a fixable diagnostic that proves nothing.
            Require(input.Expected.Any(r => _fixer!.FixableDiagnosticIds.Contains(r.Id)), "ShouldNotOfferFix: there is no diagnostic the fixer handles, so the test proves nothing.", fail: true);
            Fill(test.FixedState, input, outputKind);
            Fill(test.BatchFixedState, input, outputKind);
        }
        else if (_fixedSources.Count > 0 || _batchFixedSources.Count > 0)
        {
            // Without a FixAll provider the library skips the Fix All checks silently; a test that expects Fix All must hear of it.
            Require(_batchFixedSources.Count == 0 || _fixer!.GetFixAllProvider() is not null, "ShouldBatchFixCodeWith: the fixer has no FixAll provider.", fail: true);
            fixedFiles = Parse(Complete(_fixedSources.Count > 0 ? _fixedSources : _batchFixedSources, input), ref marker, withMessages: false);
            batchFiles = Parse(Complete(_batchFixedSources.Count > 0 ? _batchFixedSources : _fixedSources, input), ref marker, withMessages: false);
            Fill(test.FixedState, fixedFiles, outputKind);
            Fill(test.BatchFixedState, batchFiles, outputKind);
        }

        _configure.ForEach(configure => configure(test));
        try
        {
            await test.RunAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw new XunitException((_expectNoFix ? "ShouldNotOfferFix (the fixed state is the input): " : string.Empty) + e.Message + Underlined(input, test.InputDiagnostics), e);
        }

        if (fixedFiles is not null && batchFiles is not null)
        {
            CheckSemantics(test, input, fixedFiles, batchFiles, parseOptions, outputKind, $"{Path.GetFileNameWithoutExtension(testFile)}.{testName}");
        }
    }

    private static void Require(bool condition, string message, bool fail = false)
        => _ = condition ? 0 : throw (fail ? new XunitException(message) : new InvalidOperationException(message));

    /// <summary>Our markup of some files, as the library's markup and one expected result per marked diagnostic, in source order.</summary>
    private Files Parse(IEnumerable<(string Path, string Markup)> sources, ref int marker, bool withMessages)
    {
        var (sourcesOut, marked) = Markup.Rewrite(sources, ref marker);
        var ordered = marked.OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Span.Start).ThenBy(d => d.Span.End).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
        Require(!withMessages || ordered.Count == 0 || _expectedMessages.Count == ordered.Count, $"The markup expects {ordered.Count} diagnostic(s); ShouldReportMessages must give exactly that many messages, in source order (it gave {_expectedMessages.Count}).");
        var severities = _analyzers.SelectMany(a => a.SupportedDiagnostics).GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.First().DefaultSeverity);
        var expected = ordered
            .Select(d => (Id: d.Id ?? _defaultId ?? throw new InvalidOperationException("Markup '[|...|]' is used but the rule under test is unknown: pass ruleId to WithAnalyzer."), d))
            .Select(x => x.d.AdditionalMarkers.Aggregate(new DiagnosticResult(x.Id, severities.GetValueOrDefault(x.Id, DiagnosticSeverity.Error)).WithLocation(x.d.Marker), (r, m) => r.WithLocation(m)))
            .Select((r, i) => withMessages && _expectedMessages.Count > 0 ? r.WithMessage(_expectedMessages[i]) : r);
        return new Files(sourcesOut, ordered, expected.Concat(withMessages ? _expectedResults : Enumerable.Empty<DiagnosticResult>()).ToList());
    }

    /// <summary>The library wants every file in a fixed state, in input order: one the test leaves out must come out of the fix as it went in.</summary>
    private static IEnumerable<(string Path, string Markup)> Complete(List<(string Path, string Markup)> fixedSources, Files input)
        => input.Sources.Select(s => fixedSources.FirstOrDefault(f => f.Path == s.Path) is { Markup: not null } f ? f : (s.Path, s.Text))
            .Concat(fixedSources.Where(f => input.Sources.All(s => s.Path != f.Path)));

    private void Fill(SolutionState state, Files files, OutputKind outputKind)
    {
        (state.InheritanceMode, state.MarkupHandling, state.DocumentationMode, state.OutputKind) = (StateInheritanceMode.Explicit, MarkupMode.Allow, DocumentationMode.Parse, outputKind);
        // Additional files (appsettings.json, web.config) carry markup as sources do: diagnostics located in them are expected there.
        var additional = files.Sources.Where(s => _additionalFiles.Any(a => a.Path == s.Path)).ToList();
        state.Sources.AddRange(files.Sources.Except(additional).Select(s => (s.Path, SourceText.From(s.LibraryMarkup, Encoding.UTF8))));
        state.AdditionalFiles.AddRange(additional.Select(f => (f.Path, SourceText.From(f.LibraryMarkup, Encoding.UTF8))));
        state.Sources.AddRange(_implicitUsings ? new[] { (GlobalUsingsPath, SourceText.From(GlobalUsings, Encoding.UTF8)) } : Array.Empty<(string, SourceText)>());
        state.AnalyzerConfigFiles.Add(("/0/.editorconfig", "root = true\n\n[*.cs]\n" + string.Concat(_editorConfigLines.Select(l => l + "\n"))));
        state.AnalyzerConfigFiles.AddRange(_globalConfigLines.Count > 0 ? new[] { ("/0/.globalconfig", SourceText.From("is_global = true\n" + string.Concat(_globalConfigLines.Select(l => l + "\n")), Encoding.UTF8)) } : Array.Empty<(string, SourceText)>());
        state.AdditionalReferences.AddRange(_aspNetCore ? ReferenceAssemblies.AspNetCore : ReferenceAssemblies.NetCore);
        state.ExpectedDiagnostics.AddRange(files.Expected);
    }

    /// <summary>The library lists diagnostics by line and column; we also show the source, 'E' under what the markup expects, 'A' under what was found.</summary>
    private string Underlined(Files input, ImmutableArray<(Project Project, Diagnostic Diagnostic)>? actual)
    {
        var found = (actual ?? ImmutableArray<(Project, Diagnostic)>.Empty).Select(a => a.Diagnostic).Where(d => d.Location.IsInSource).ToList();
        var builder = new StringBuilder(found.Any(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", StringComparison.Ordinal)) ? "\nThe test input does not compile (call AllowCompilerErrors() if that is intended)." : string.Empty)
            .AppendLine().AppendLine("Source ('E' underlines what was expected, 'A' what was reported):");
        foreach (var (path, _, text) in input.Sources)
        {
            var marks = input.Marked.Where(m => m.Path == path).Select(m => (Kind: 'E', Id: m.Id ?? _defaultId ?? "?", m.Span))
                .Concat(found.Where(d => d.Location.SourceTree!.FilePath == path).Select(d => (Kind: 'A', d.Id, Span: d.Location.SourceSpan))).ToList();
            builder.AppendLine($"--- {path}");
            foreach (var line in SourceText.From(text).Lines)
            {
                builder.Append($"{line.LineNumber + 1,4} | ").AppendLine(line.ToString());
                foreach (var (kind, id, span) in marks.Where(m => m.Span.Start <= line.End && (m.Span.End > line.Start || m.Span.Start >= line.Start)))
                {
                    var start = Math.Max(span.Start, line.Start);
                    builder.Append("     | ").Append(' ', start - line.Start).Append('~', Math.Max(1, Math.Min(span.End, line.End) - start)).AppendLine($" {kind} {id}");
                }
            }
        }

        return builder.ToString();
    }
}
