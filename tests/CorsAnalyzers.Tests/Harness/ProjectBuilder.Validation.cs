using System.Collections.Immutable;
using System.Globalization;
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

/// <summary>The library's code fix test (without a fixed state it is its analyzer test), with analyzer and fixer instances.</summary>
public sealed class CorsTest : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, EmptyCodeFixProvider, DefaultVerifier>
{
    private readonly object _gate = new();
    private Dictionary<(string Id, string Message), int>? _inputCompilerDiagnostics;

    public CorsTest(IEnumerable<DiagnosticAnalyzer> analyzers, CodeFixProvider? fixer, CSharpParseOptions parseOptions, CSharpCompilationOptions compilationOptions)
        => (Analyzers, Fixer, ParseOptions, CompilationOptions) = (analyzers.ToImmutableArray(), fixer, parseOptions, compilationOptions);

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    public CodeFixProvider? Fixer { get; }

    public CSharpParseOptions ParseOptions { get; }

    public CSharpCompilationOptions CompilationOptions { get; }

    /// <summary>What the library first found in the input; our failure output underlines it.</summary>
    public ImmutableArray<(Project Project, Diagnostic Diagnostic)>? InputDiagnostics { get; private set; }

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => Analyzers;

    protected override IEnumerable<CodeFixProvider> GetCodeFixProviders() => Fixer is null ? Array.Empty<CodeFixProvider>() : new[] { Fixer };

    protected override ParseOptions CreateParseOptions() => ParseOptions;

    protected override CompilationOptions CreateCompilationOptions() => CompilationOptions;

    /// <summary>
    /// The library fails a fix on new compiler errors only, and on none when the input may have errors. A fix must add
    /// no warning either, in any state: every compilation is held to the input's (the library compiles that first).
    /// </summary>
    protected override async Task<(Compilation compilation, ImmutableArray<Diagnostic> generatorDiagnostics)> GetProjectCompilationAsync(Project project, IVerifier verifier, CancellationToken cancellationToken)
    {
        var result = await base.GetProjectCompilationAsync(project, verifier, cancellationToken).ConfigureAwait(false);
        var counts = result.compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .GroupBy(d => (d.Id, Message: d.GetMessage(CultureInfo.InvariantCulture))).ToDictionary(g => g.Key, g => g.Count());
        lock (_gate)
        {
            _inputCompilerDiagnostics ??= counts;
        }

        var added = counts.Where(c => c.Value > _inputCompilerDiagnostics.GetValueOrDefault(c.Key)).Select(c => $"\n  {c.Key.Id}: {c.Key.Message}").ToList();
        verifier.True(added.Count == 0, "The code has compiler diagnostics the input does not have:" + string.Concat(added) + "\n" + string.Concat(project.Documents.Where(d => !d.FilePath!.EndsWith(".g.cs", StringComparison.Ordinal)).Select(d => $"--- {d.FilePath}\n{d.GetTextAsync(cancellationToken).Result}\n")));
        return result;
    }

    protected override ImmutableArray<(Project project, Diagnostic diagnostic)> SortDistinctDiagnostics(ImmutableArray<(Project project, Diagnostic diagnostic)> diagnostics)
    {
        var sorted = base.SortDistinctDiagnostics(diagnostics);
        lock (_gate)
        {
            InputDiagnostics ??= sorted;
        }

        return sorted;
    }
}

public sealed partial class ProjectBuilder
{
    private const string GlobalUsingsPath = "/0/obj/GlobalUsings.g.cs";

    /// <summary>The library downloads its reference assemblies, which cannot work offline: ours come from the SDK's packs/.</summary>
    private static readonly Microsoft.CodeAnalysis.Testing.ReferenceAssemblies Offline = new("net10.0");

    private sealed record Files(List<(string Path, string LibraryMarkup, string Text)> Sources, List<MarkedDiagnostic> Marked, List<DiagnosticResult> Expected);

    public async Task ValidateAsync()
    {
        Require(_analyzers.Count > 0, "The test names no analyzer: call WithAnalyzer.");
        Require(_sources.Count > 0, "The test has no source: call WithSource.");
        Require(_fixer is not null || (_fixedSources.Count == 0 && _batchFixedSources.Count == 0 && !_expectNoFix), "The test expects a fix but names no code fix provider: call WithCodeFixProvider.");

        var marker = Markup.FirstMarker;
        var input = Parse(_sources, ref marker, withMessages: true);
        var parseOptions = new CSharpParseOptions(_languageVersion);
        var outputKind = _outputKind ?? (input.Sources.Any(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions).GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any()) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary);
        var test = new CorsTest(_analyzers, _fixer, parseOptions, new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true))
        {
            ReferenceAssemblies = Offline,
            CompilerDiagnostics = _allowCompilerErrors ? CompilerDiagnostics.None : CompilerDiagnostics.Errors,
            MarkupOptions = MarkupOptions.TreatPositionIndicatorsAsCode,
            CodeActionIndex = _fixIndex,
            CodeActionEquivalenceKey = _fixEquivalenceKey,
        };
        Fill(test.TestState, input, outputKind);
        var fixedFiles = new List<Files>();
        if (_expectNoFix)
        {
            // The library's way to say "no fix": the fixed state is the input. Without a fixable diagnostic that proves nothing.
            Require(input.Expected.Any(r => _fixer!.FixableDiagnosticIds.Contains(r.Id)), "ShouldNotOfferFix: there is no diagnostic the fixer handles, so the test proves nothing.", fail: true);
            fixedFiles.Add(input);
            fixedFiles.Add(input);
        }
        else if (_fixedSources.Count > 0 || _batchFixedSources.Count > 0)
        {
            // A fixer without a FixAll provider makes the library skip the Fix All checks silently; we want to hear of it.
            Require(_batchFixedSources.Count == 0 || _fixer!.GetFixAllProvider() is not null, "ShouldBatchFixCodeWith: the fixer has no FixAll provider.", fail: true);
            fixedFiles.Add(Parse(Complete(_fixedSources.Count > 0 ? _fixedSources : _batchFixedSources, input), ref marker, withMessages: false));
            fixedFiles.Add(Parse(Complete(_batchFixedSources.Count > 0 ? _batchFixedSources : _fixedSources, input), ref marker, withMessages: false));
        }

        if (fixedFiles.Count > 0)
        {
            Fill(test.FixedState, fixedFiles[0], outputKind);
            Fill(test.BatchFixedState, fixedFiles[1], outputKind);
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
    }

    private static void Require(bool condition, string message, bool fail = false)
    {
        if (!condition)
        {
            throw fail ? new XunitException(message) : new InvalidOperationException(message);
        }
    }

    /// <summary>Reads our markup of some files; the library matches each result to a diagnostic by its location markers.</summary>
    private Files Parse(IEnumerable<(string Path, string Markup)> sources, ref int marker, bool withMessages)
    {
        var files = new Files(new(), new(), new());
        var additional = new List<(string Key, int Marker)>();
        foreach (var (path, markup) in sources)
        {
            var (library, text, marked, more) = Markup.Rewrite(path, markup, ref marker);
            files.Sources.Add((path, library, text));
            files.Marked.AddRange(marked);
            additional.AddRange(more);
        }

        foreach (var (key, location) in additional)
        {
            (files.Marked.FirstOrDefault(d => d.Key == key) ?? throw new InvalidOperationException($"Markup has additional locations for unknown key(s): {key}.")).AdditionalMarkers.Add(location);
        }

        var ordered = files.Marked.OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Span.Start).ThenBy(d => d.Span.End).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
        files.Marked.Clear();
        files.Marked.AddRange(ordered);
        Require(!withMessages || files.Marked.Count == 0 || _expectedMessages.Count == files.Marked.Count, $"The markup expects {files.Marked.Count} diagnostic(s); ShouldReportMessages must give exactly that many messages, in source order (it gave {_expectedMessages.Count}).");
        var descriptors = _analyzers.SelectMany(a => a.SupportedDiagnostics).GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.First());
        foreach (var (d, i) in files.Marked.Select((d, i) => (d, i)))
        {
            var id = d.Id ?? _defaultId ?? throw new InvalidOperationException("Markup '[|...|]' is used but the rule under test is unknown: pass ruleId to WithAnalyzer.");
            var result = d.AdditionalMarkers.Aggregate(
                new DiagnosticResult(id, descriptors.TryGetValue(id, out var descriptor) ? descriptor.DefaultSeverity : DiagnosticSeverity.Error).WithLocation(d.Marker),
                (r, m) => r.WithLocation(m));
            files.Expected.Add(withMessages && _expectedMessages.Count > 0 ? result.WithMessage(_expectedMessages[i]) : result);
        }

        if (withMessages)
        {
            files.Expected.AddRange(_expectedResults);
        }

        return files;
    }

    /// <summary>A fixed state names every file, in input order: an unnamed one must come out of the fix as it went in.</summary>
    private static IEnumerable<(string Path, string Markup)> Complete(List<(string Path, string Markup)> fixedSources, Files input)
        => input.Sources.Select(s => fixedSources.FirstOrDefault(f => f.Path == s.Path) is { Markup: not null } f ? f : (s.Path, s.Text))
            .Concat(fixedSources.Where(f => input.Sources.All(s => s.Path != f.Path)));

    private void Fill(SolutionState state, Files files, OutputKind outputKind)
    {
        state.InheritanceMode = StateInheritanceMode.Explicit;
        state.MarkupHandling = MarkupMode.Allow;
        state.DocumentationMode = DocumentationMode.Parse;
        state.OutputKind = outputKind;
        state.Sources.AddRange(files.Sources.Select(s => (s.Path, SourceText.From(s.LibraryMarkup, Encoding.UTF8))));
        if (_implicitUsings)
        {
            state.Sources.Add((GlobalUsingsPath, SourceText.From(GlobalUsings, Encoding.UTF8)));
        }

        state.AnalyzerConfigFiles.Add(("/0/.editorconfig", "root = true\n\n[*.cs]\n" + string.Concat(_editorConfigLines.Select(l => l + "\n"))));
        state.AdditionalFiles.AddRange(_additionalFiles.Select(f => (f.Path, SourceText.From(f.Text, Encoding.UTF8))));
        state.AdditionalReferences.AddRange(_aspNetCore ? ReferenceAssemblies.AspNetCore : ReferenceAssemblies.NetCore);
        state.ExpectedDiagnostics.AddRange(files.Expected);
    }

    private string GlobalUsings => "// <auto-generated/>\n" + string.Concat(WebImplicitUsings.Select(u => $"global using global::{u};\n"));

    /// <summary>The library lists diagnostics by line and column; we also show the source, 'E' under what the markup expects, 'A' under what was found.</summary>
    private string Underlined(Files input, ImmutableArray<(Project Project, Diagnostic Diagnostic)>? actual)
    {
        var found = (actual ?? ImmutableArray<(Project, Diagnostic)>.Empty).Select(a => a.Diagnostic).Where(d => d.Location.IsInSource).ToList();
        var builder = new StringBuilder("\n");
        if (found.Any(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", StringComparison.Ordinal)))
        {
            builder.AppendLine("The test input does not compile (call AllowCompilerErrors() if that is intended).");
        }

        builder.AppendLine("Source ('E' underlines what was expected, 'A' what was reported):");
        foreach (var (path, _, text) in input.Sources)
        {
            builder.AppendLine($"--- {path}");
            foreach (var line in SourceText.From(text).Lines)
            {
                builder.Append($"{line.LineNumber + 1,4} | ").AppendLine(line.ToString());
                var marks = input.Marked.Where(m => m.Path == path).Select(m => ('E', m.Id ?? _defaultId ?? "?", m.Span))
                    .Concat(found.Where(d => d.Location.SourceTree!.FilePath == path).Select(d => ('A', d.Id, d.Location.SourceSpan)));
                foreach (var (kind, id, span) in marks.Where(m => m.Item3.Start <= line.End && m.Item3.End >= line.Start && (m.Item3.Start >= line.Start || m.Item3.End > line.Start)))
                {
                    var start = Math.Max(span.Start, line.Start);
                    builder.Append("     | ").Append(' ', start - line.Start).Append('~', Math.Max(1, Math.Min(span.End, line.End) - start)).AppendLine($" {kind} {id}");
                }
            }
        }

        return builder.ToString();
    }
}
