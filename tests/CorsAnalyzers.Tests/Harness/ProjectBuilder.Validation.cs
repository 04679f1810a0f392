using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace CorsAnalyzers.Tests.Harness;

public sealed partial class ProjectBuilder
{
    private const string GlobalUsingsPath = "/0/obj/GlobalUsings.g.cs";

    /// <summary>One diagnostic, reduced to what the user sees.</summary>
    private sealed record Observed(string Id, string Path, TextSpan Span, string? Message, ImmutableArray<(string Path, TextSpan Span)> AdditionalLocations)
    {
        public string Describe(IReadOnlyDictionary<string, SourceText> texts)
        {
            var where = Describe(Path, Span, texts);
            var extra = AdditionalLocations.IsDefaultOrEmpty
                ? string.Empty
                : " (additional: " + string.Join(", ", AdditionalLocations.Select(l => Describe(l.Path, l.Span, texts))) + ")";
            return $"{Id} at {where}{extra}" + (Message is null ? string.Empty : $": {Message}");
        }

        private static string Describe(string path, TextSpan span, IReadOnlyDictionary<string, SourceText> texts)
        {
            if (!texts.TryGetValue(path, out var text) || span.End > text.Length)
            {
                return $"{path}{span}";
            }

            var pos = text.Lines.GetLinePositionSpan(span);
            return $"{System.IO.Path.GetFileName(path)}({pos.Start.Line + 1},{pos.Start.Character + 1}-{pos.End.Line + 1},{pos.End.Character + 1}) '{Shorten(text.ToString(span))}'";
        }
    }

    public async Task ValidateAsync()
    {
        if (_analyzers.Count == 0)
        {
            throw new InvalidOperationException("The test names no analyzer: call WithAnalyzer.");
        }

        if (_sources.Count == 0)
        {
            throw new InvalidOperationException("The test has no source: call WithSource.");
        }

        var parsed = _sources.Select(s => (s.Path, Parsed: Markup.Parse(s.Markup))).ToList();
        var solution = CreateSolution(parsed.Select(p => (p.Path, p.Parsed.Text)), out var projectId);
        var project = solution.GetProject(projectId)!;

        var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
        var texts = await GetTextsAsync(project).ConfigureAwait(false);
        if (!_allowCompilerErrors)
        {
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                Fail("The test input does not compile (call AllowCompilerErrors() if that is intended):", texts, errors.Select(ToObserved).ToList(), Array.Empty<Observed>());
            }
        }

        // Additional files (appsettings.json, web.config) carry markup too: diagnostics located in them are expected there.
        var additionalSpans = _additionalFiles.Select(f => (Path: AdditionalFilePath(f.Path), Markup.Parse(f.Text).Spans));
        var expected = ToExpected(parsed.Select(p => (p.Path, p.Parsed.Spans)).Concat(additionalSpans), withMessages: true);
        var actual = await RunAnalyzersAsync(project).ConfigureAwait(false);
        Compare("Diagnostics differ from the markup.", expected, actual, texts, compareMessages: true);

        if (_fixer is null)
        {
            if (_fixedSources.Count > 0 || _batchFixedSources.Count > 0 || _expectNoFix)
            {
                throw new InvalidOperationException("The test expects a fix but names no code fix provider: call WithCodeFixProvider.");
            }

            return;
        }

        if (_expectNoFix)
        {
            await VerifyNoFixOfferedAsync(project, actual).ConfigureAwait(false);
        }

        if (_fixedSources.Count > 0)
        {
            var baseline = CompilerDiagnosticCounts(compilation);
            var fixedSolution = await ApplyOneByOneAsync(solution, projectId, baseline).ConfigureAwait(false);
            await CompareFixedAsync("Fix (one diagnostic at a time)", fixedSolution.GetProject(projectId)!, _fixedSources).ConfigureAwait(false);
        }

        if (_batchFixedSources.Count > 0)
        {
            var baseline = CompilerDiagnosticCounts(compilation);
            foreach (var scope in new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution })
            {
                var fixedSolution = await ApplyFixAllAsync(solution, projectId, scope, baseline).ConfigureAwait(false);
                await CompareFixedAsync($"Fix All in {scope} scope", fixedSolution.GetProject(projectId)!, _batchFixedSources).ConfigureAwait(false);
            }
        }
    }

    // ---------------------------------------------------------------- the project

    private Solution CreateSolution(IEnumerable<(string Path, string Text)> sources, out ProjectId projectId)
    {
        var sourceList = sources.ToList();
        var parseOptions = new CSharpParseOptions(_languageVersion);
        var outputKind = _outputKind ?? (sourceList.Any(s => HasTopLevelStatements(s.Text, parseOptions)) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary);
        var compilationOptions = new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true);
        var references = _aspNetCore ? ReferenceAssemblies.AspNetCore : ReferenceAssemblies.NetCore;

        var workspace = new AdhocWorkspace();
        projectId = ProjectId.CreateNewId("TestProject");
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            "TestProject",
            "TestProject",
            LanguageNames.CSharp,
            filePath: "/0/TestProject.csproj",
            compilationOptions: compilationOptions,
            parseOptions: parseOptions,
            metadataReferences: references));

        foreach (var (path, text) in sourceList)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId, path), System.IO.Path.GetFileName(path), SourceText.From(text, Encoding.UTF8), filePath: path);
        }

        if (_implicitUsings)
        {
            var usings = "// <auto-generated/>\n" + string.Concat(WebImplicitUsings.Select(u => $"global using global::{u};\n"));
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId, GlobalUsingsPath), "GlobalUsings.g.cs", SourceText.From(usings, Encoding.UTF8), filePath: GlobalUsingsPath);
        }

        var editorConfig = "root = true\n\n[*.cs]\n" + string.Concat(_editorConfigLines.Select(l => l + "\n"));
        solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId, ".editorconfig"), ".editorconfig", SourceText.From(editorConfig, Encoding.UTF8), filePath: "/0/.editorconfig");

        foreach (var (path, markup) in _additionalFiles)
        {
            var fullPath = AdditionalFilePath(path);
            solution = solution.AddAdditionalDocument(DocumentId.CreateNewId(projectId, fullPath), System.IO.Path.GetFileName(fullPath), SourceText.From(Markup.Parse(markup).Text, Encoding.UTF8), filePath: fullPath);
        }

        if (_globalConfigLines.Count > 0)
        {
            var globalConfig = "is_global = true\n" + string.Concat(_globalConfigLines.Select(l => l + "\n"));
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId, ".globalconfig"), ".globalconfig", SourceText.From(globalConfig, Encoding.UTF8), filePath: "/0/.globalconfig");
        }

        return solution;
    }

    private static string AdditionalFilePath(string path) => path.StartsWith('/') ? path : "/0/" + path;

    private static bool HasTopLevelStatements(string text, CSharpParseOptions options)
        => CSharpSyntaxTree.ParseText(text, options).GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();

    private static async Task<Dictionary<string, SourceText>> GetTextsAsync(Project project)
    {
        var texts = new Dictionary<string, SourceText>(StringComparer.Ordinal);
        foreach (var document in project.Documents)
        {
            texts[document.FilePath!] = await document.GetTextAsync().ConfigureAwait(false);
        }

        foreach (var document in project.AdditionalDocuments)
        {
            texts[document.FilePath!] = await document.GetTextAsync().ConfigureAwait(false);
        }

        return texts;
    }

    // ---------------------------------------------------------------- running the analyzers

    private ImmutableHashSet<string> OurIds => _analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToImmutableHashSet();

    private async Task<List<Observed>> RunAnalyzersAsync(Project project)
        => (await GetAnalyzerDiagnosticsAsync(project).ConfigureAwait(false)).Select(ToObserved).ToList();

    private async Task<ImmutableArray<Diagnostic>> GetAnalyzerDiagnosticsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
        var exceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            (exception, analyzer, diagnostic) => exceptions.Enqueue($"{analyzer.GetType().Name} threw: {exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(_analyzers.ToImmutableArray(), options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false);

        var crashes = diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage()).Concat(exceptions).ToList();
        if (crashes.Count > 0)
        {
            throw new XunitException("An analyzer threw an exception:\n" + string.Join("\n", crashes));
        }

        var ours = OurIds;
        return diagnostics.Where(d => ours.Contains(d.Id)).OrderBy(d => PathOf(d.Location), StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Location.SourceSpan.End).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    private static Observed ToObserved(Diagnostic diagnostic)
        => new(
            diagnostic.Id,
            PathOf(diagnostic.Location),
            diagnostic.Location.SourceSpan,
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
            diagnostic.AdditionalLocations.Select(l => (PathOf(l), l.SourceSpan)).ToImmutableArray());

    /// <summary>A source file's path, or an additional file's (a location made with <c>Location.Create(path, span, lineSpan)</c>).</summary>
    private static string PathOf(Location location)
        => location.SourceTree?.FilePath ?? (location.Kind == LocationKind.ExternalFile ? location.GetLineSpan().Path : "(no file)");

    // ---------------------------------------------------------------- expectations

    private List<Observed> ToExpected(IEnumerable<(string Path, IReadOnlyList<MarkedSpan> Spans)> files, bool withMessages)
    {
        var primaries = new List<(Observed Diagnostic, string? Key)>();
        var additional = new Dictionary<string, List<(string Path, TextSpan Span)>>(StringComparer.Ordinal);
        foreach (var (path, spans) in files)
        {
            foreach (var span in spans)
            {
                if (span.IsAdditionalLocation)
                {
                    if (!additional.TryGetValue(span.Key!, out var list))
                    {
                        additional[span.Key!] = list = new();
                    }

                    list.Add((path, span.Span));
                    continue;
                }

                var id = span.Id ?? _defaultId ?? throw new InvalidOperationException("Markup '[|...|]' is used but the rule under test is unknown: pass ruleId to WithAnalyzer.");
                primaries.Add((new Observed(id, path, span.Span, null, ImmutableArray<(string, TextSpan)>.Empty), span.Key));
            }
        }

        var unknownKeys = additional.Keys.Where(k => !primaries.Any(p => p.Key == k)).ToList();
        if (unknownKeys.Count > 0)
        {
            throw new InvalidOperationException($"Markup has additional locations for unknown key(s): {string.Join(", ", unknownKeys)}.");
        }

        var ordered = primaries
            .Select(p => p.Diagnostic with { AdditionalLocations = p.Key is not null && additional.TryGetValue(p.Key, out var l) ? l.ToImmutableArray() : ImmutableArray<(string, TextSpan)>.Empty })
            .OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Span.Start).ThenBy(d => d.Span.End).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();

        if (!withMessages)
        {
            return ordered;
        }

        if (ordered.Count > 0 && _expectedMessages.Count != ordered.Count)
        {
            throw new InvalidOperationException($"The markup expects {ordered.Count} diagnostic(s); ShouldReportMessages must give exactly that many messages, in source order (it gave {_expectedMessages.Count}).");
        }

        return ordered.Select((d, i) => d with { Message = _expectedMessages.Count > 0 ? _expectedMessages[i] : null }).ToList();
    }

    private static void Compare(string title, IReadOnlyList<Observed> expected, IReadOnlyList<Observed> actual, IReadOnlyDictionary<string, SourceText> texts, bool compareMessages)
    {
        static bool SameLocations(Observed e, Observed a)
            => e.Id == a.Id && e.Path == a.Path && e.Span == a.Span && e.AdditionalLocations.SequenceEqual(a.AdditionalLocations);

        var equal = expected.Count == actual.Count
            && expected.Zip(actual).All(p => SameLocations(p.First, p.Second) && (!compareMessages || p.First.Message == p.Second.Message));
        if (!equal)
        {
            Fail(title, texts, actual, expected);
        }
    }

    // ---------------------------------------------------------------- code fixes

    private ImmutableHashSet<string> FixableIds => _fixer!.FixableDiagnosticIds.Where(OurIds.Contains).ToImmutableHashSet();

    private async Task<ImmutableArray<Diagnostic>> GetFixableDiagnosticsAsync(Project project)
    {
        var fixable = FixableIds;
        return (await GetAnalyzerDiagnosticsAsync(project).ConfigureAwait(false)).Where(d => fixable.Contains(d.Id)).ToImmutableArray();
    }

    private async Task<List<CodeAction>> GetActionsAsync(Project project, Diagnostic diagnostic)
    {
        var document = project.GetDocument(diagnostic.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await _fixer!.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        return actions;
    }

    private CodeAction? Choose(List<CodeAction> actions)
    {
        if (_fixEquivalenceKey is not null)
        {
            return actions.FirstOrDefault(a => a.EquivalenceKey == _fixEquivalenceKey);
        }

        var index = _fixIndex ?? 0;
        return index < actions.Count ? actions[index] : null;
    }

    private async Task VerifyNoFixOfferedAsync(Project project, IReadOnlyList<Observed> actual)
    {
        var diagnostics = await GetFixableDiagnosticsAsync(project).ConfigureAwait(false);
        if (diagnostics.IsEmpty)
        {
            throw new XunitException("ShouldNotOfferFix: there is no diagnostic the fixer handles, so the test proves nothing.");
        }

        foreach (var diagnostic in diagnostics)
        {
            var action = Choose(await GetActionsAsync(project, diagnostic).ConfigureAwait(false));
            if (action is not null)
            {
                Fail($"A fix ('{action.Title}') is offered where none must be, for {ToObserved(diagnostic).Describe(await GetTextsAsync(project).ConfigureAwait(false))}.", await GetTextsAsync(project).ConfigureAwait(false), actual, Array.Empty<Observed>());
            }
        }
    }

    private static async Task<Solution> ApplyAsync(CodeAction action, Solution solution)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None).ConfigureAwait(false);
        var apply = operations.OfType<ApplyChangesOperation>().ToList();
        if (apply.Count != 1)
        {
            throw new XunitException($"Code action '{action.Title}' returned {apply.Count} ApplyChangesOperation(s); expected exactly one.");
        }

        return apply[0].ChangedSolution;
    }

    private async Task<Solution> ApplyOneByOneAsync(Solution solution, ProjectId projectId, Dictionary<(string, string), int> baseline)
    {
        var initial = await GetFixableDiagnosticsAsync(solution.GetProject(projectId)!).ConfigureAwait(false);
        var budget = initial.Length + 1;
        for (var iteration = 0; ; iteration++)
        {
            var project = solution.GetProject(projectId)!;
            CodeAction? chosen = null;
            foreach (var diagnostic in await GetFixableDiagnosticsAsync(project).ConfigureAwait(false))
            {
                chosen = Choose(await GetActionsAsync(project, diagnostic).ConfigureAwait(false));
                if (chosen is not null)
                {
                    break;
                }
            }

            if (chosen is null)
            {
                if (iteration == 0)
                {
                    throw new XunitException("ShouldFixCodeWith: no fix is offered for any diagnostic.");
                }

                return solution;
            }

            if (iteration >= budget)
            {
                throw new XunitException($"The fix loops: it was still offered after {budget} applications.\n{await DumpAsync(project).ConfigureAwait(false)}");
            }

            solution = await ApplyAsync(chosen, solution).ConfigureAwait(false);
            await CheckNoNewCompilerDiagnosticsAsync($"Fix '{chosen.Title}'", solution.GetProject(projectId)!, baseline).ConfigureAwait(false);
        }
    }

    private async Task<Solution> ApplyFixAllAsync(Solution solution, ProjectId projectId, FixAllScope scope, Dictionary<(string, string), int> baseline)
    {
        var fixAllProvider = _fixer!.GetFixAllProvider()
            ?? throw new XunitException("ShouldBatchFixCodeWith: the fixer has no FixAll provider.");
        var diagnosticProvider = new HarnessDiagnosticProvider(this);

        for (var pass = 0; ; pass++)
        {
            var project = solution.GetProject(projectId)!;
            var diagnostics = await GetFixableDiagnosticsAsync(project).ConfigureAwait(false);
            CodeAction? first = null;
            Diagnostic? firstDiagnostic = null;
            foreach (var diagnostic in diagnostics)
            {
                first = Choose(await GetActionsAsync(project, diagnostic).ConfigureAwait(false));
                if (first is not null)
                {
                    firstDiagnostic = diagnostic;
                    break;
                }
            }

            if (first is null)
            {
                if (pass == 0)
                {
                    throw new XunitException("ShouldBatchFixCodeWith: no fix is offered for any diagnostic.");
                }

                return solution;
            }

            if (pass >= 3)
            {
                throw new XunitException($"Fix All in {scope} scope did not converge after 3 passes.\n{await DumpAsync(project).ConfigureAwait(false)}");
            }

            var document = project.GetDocument(firstDiagnostic!.Location.SourceTree)!;
            var context = scope == FixAllScope.Document
                ? new FixAllContext(document, _fixer, scope, first.EquivalenceKey, FixableIds, diagnosticProvider, CancellationToken.None)
                : new FixAllContext(project, _fixer, scope, first.EquivalenceKey, FixableIds, diagnosticProvider, CancellationToken.None);
            var action = await fixAllProvider.GetFixAsync(context).ConfigureAwait(false)
                ?? throw new XunitException($"Fix All in {scope} scope returned no action.");
            solution = await ApplyAsync(action, solution).ConfigureAwait(false);
            await CheckNoNewCompilerDiagnosticsAsync($"Fix All in {scope} scope", solution.GetProject(projectId)!, baseline).ConfigureAwait(false);
        }
    }

    private async Task CompareFixedAsync(string what, Project project, List<(string Path, string Markup)> expectedSources)
    {
        var parsed = expectedSources.Select(s => (s.Path, Parsed: Markup.Parse(s.Markup))).ToList();
        foreach (var (path, expected) in parsed)
        {
            var document = project.Documents.FirstOrDefault(d => d.FilePath == path)
                ?? throw new XunitException($"{what}: the fixed project has no document '{path}'.");
            var actualText = Normalize((await document.GetTextAsync().ConfigureAwait(false)).ToString());
            var expectedText = Normalize(expected.Text);
            if (actualText != expectedText)
            {
                throw new XunitException($"{what}: the fixed text of '{path}' differs from the expected text.\n{TextDiff.Describe(expectedText, actualText)}");
            }
        }

        // What is left must be exactly what the expected text marks.
        var texts = await GetTextsAsync(project).ConfigureAwait(false);
        var remainingExpected = ToExpected(parsed.Select(p => (p.Path, p.Parsed.Spans)), withMessages: false);
        var remaining = (await RunAnalyzersAsync(project).ConfigureAwait(false)).Select(o => o with { Message = null }).ToList();
        Compare($"{what}: the diagnostics left after the fix differ from the markup of the expected text.", remainingExpected, remaining, texts, compareMessages: false);
    }

    private static Dictionary<(string, string), int> CompilerDiagnosticCounts(Compilation compilation)
        => compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .GroupBy(d => (d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
            .ToDictionary(g => g.Key, g => g.Count());

    private static async Task CheckNoNewCompilerDiagnosticsAsync(string what, Project project, Dictionary<(string, string), int> baseline)
    {
        var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
        var added = compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .GroupBy(d => (d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
            .Where(g => g.Count() > baseline.GetValueOrDefault(g.Key))
            .SelectMany(g => g)
            .ToList();
        if (added.Count > 0)
        {
            var texts = await GetTextsAsync(project).ConfigureAwait(false);
            Fail($"{what} introduced compiler diagnostics:", texts, added.Select(ToObserved).ToList(), Array.Empty<Observed>());
        }
    }

    private static async Task<string> DumpAsync(Project project)
    {
        var builder = new StringBuilder();
        foreach (var document in project.Documents.Where(d => d.FilePath != GlobalUsingsPath))
        {
            builder.AppendLine($"--- {document.FilePath}").AppendLine((await document.GetTextAsync().ConfigureAwait(false)).ToString());
        }

        return builder.ToString();
    }

    private sealed class HarnessDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly ProjectBuilder _builder;

        public HarnessDiagnosticProvider(ProjectBuilder builder) => _builder = builder;

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            return (await _builder.GetFixableDiagnosticsAsync(document.Project).ConfigureAwait(false)).Where(d => d.Location.SourceTree == tree);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => await _builder.GetFixableDiagnosticsAsync(project).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- failure output

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string Shorten(string text)
    {
        var oneLine = text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return oneLine.Length <= 80 ? oneLine : oneLine[..77] + "...";
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string title, IReadOnlyDictionary<string, SourceText> texts, IReadOnlyList<Observed> actual, IReadOnlyList<Observed> expected)
    {
        var builder = new StringBuilder().AppendLine(title);
        builder.AppendLine("Expected:");
        foreach (var e in expected)
        {
            builder.AppendLine("  " + e.Describe(texts));
        }

        builder.AppendLine(expected.Count == 0 ? "  (none)" : string.Empty);
        builder.AppendLine("Actual:");
        foreach (var a in actual)
        {
            builder.AppendLine("  " + a.Describe(texts));
        }

        builder.AppendLine(actual.Count == 0 ? "  (none)" : string.Empty);
        builder.AppendLine("Source ('E' underlines what was expected, 'A' what was reported):");
        foreach (var (path, text) in texts.Where(t => t.Key != GlobalUsingsPath))
        {
            builder.AppendLine($"--- {path}");
            foreach (var line in text.Lines)
            {
                builder.Append($"{line.LineNumber + 1,4} | ").AppendLine(line.ToString());
                Underline(builder, line, expected.Where(e => e.Path == path), 'E');
                Underline(builder, line, actual.Where(a => a.Path == path), 'A');
            }
        }

        throw new XunitException(builder.ToString());
    }

    private static void Underline(StringBuilder builder, TextLine line, IEnumerable<Observed> diagnostics, char marker)
    {
        foreach (var d in diagnostics)
        {
            var start = Math.Max(d.Span.Start, line.Start);
            var end = Math.Min(d.Span.End, line.End);
            if (start > end || (start == end && !(d.Span.IsEmpty && d.Span.Start >= line.Start && d.Span.Start <= line.End)))
            {
                continue;
            }

            builder.Append("     | ").Append(' ', start - line.Start).Append(new string('~', Math.Max(1, end - start)))
                .AppendLine($" {marker} {d.Id}");
        }
    }
}
