using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using CorsAnalyzers.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Tests.Robustness;

/// <summary>One thing an analyzer or fixer did wrong on one input, with what is needed to reproduce it.</summary>
public sealed record RobustnessFailure(string Kind, string Component, MutationVariant Variant, string Details, string Signature = "")
{
    /// <summary>Failures with the same key are the same bug seen on different inputs (or at different places).</summary>
    public string GroupKey => $"{Kind}|{Component}|{(Signature.Length > 0 ? Signature : FirstLine(Details))}";

    public override string ToString()
    {
        var report = new StringBuilder();
        report.AppendLine($"[{Kind}] {Component}");
        report.AppendLine($"  input: {Variant.Reproduction}");
        report.AppendLine("  " + Details.Replace("\n", "\n  ", StringComparison.Ordinal));
        report.AppendLine("  --- input text (shortened) ---");
        report.AppendLine(RobustnessChecker.Shorten(Variant.Text, 2_500));
        return report.ToString();
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }
}

/// <summary>What one check did, so that a run can show it exercised something.</summary>
/// <param name="CompiledCleanly">Whether the input compiled without errors; null when not computed (nothing to fix).</param>
public sealed record CheckOutcome(IReadOnlyList<RobustnessFailure> Failures, int Diagnostics, int FixesApplied, bool? CompiledCleanly);

/// <summary>
/// Runs analyzers and fixers on one source the way the IDE does and reports every exception (AD0001 or the
/// onAnalyzerException callback), every fix that throws or leaves a document that does not parse, and every fix
/// that adds compiler errors to a source that compiled cleanly. Thread-safe: checks run in parallel.
/// </summary>
public sealed class RobustnessChecker
{
    public const string SourcePath = "/robustness/Source.cs";
    public const string GlobalUsingsPath = "/robustness/GlobalUsings.cs";

    /// <summary>The implicit usings of a project on Microsoft.NET.Sdk.Web, for sources written to rely on them.</summary>
    public const string WebGlobalUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Net.Http.Json;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        global using global::Microsoft.AspNetCore.Builder;
        global using global::Microsoft.AspNetCore.Hosting;
        global using global::Microsoft.AspNetCore.Http;
        global using global::Microsoft.AspNetCore.Routing;
        global using global::Microsoft.Extensions.Configuration;
        global using global::Microsoft.Extensions.DependencyInjection;
        global using global::Microsoft.Extensions.Hosting;
        global using global::Microsoft.Extensions.Logging;
        """;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ConcurrentDictionary<string, bool> s_needsGlobalUsings = new(StringComparer.Ordinal);

    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;
    private readonly ImmutableArray<CodeFixProvider> _fixers;
    private readonly ImmutableHashSet<string> _ourIds;

    public RobustnessChecker(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<CodeFixProvider> fixers)
    {
        _analyzers = analyzers;
        _fixers = fixers;
        _ourIds = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToImmutableHashSet(StringComparer.Ordinal);
    }

    /// <summary>How long one input may take before the check reports a hang.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>At most this many of our diagnostics per mutated input get their fixes tried (all of them on unmutated sources).</summary>
    public int MaxFixedDiagnosticsPerVariant { get; init; } = 6;

    public async Task<CheckOutcome> CheckAsync(MutationVariant variant)
    {
        using var cts = new CancellationTokenSource();
        var work = CheckCoreAsync(variant, cts.Token);
        try
        {
            return await work.WaitAsync(Timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await cts.CancelAsync().ConfigureAwait(false);
            return new CheckOutcome([new RobustnessFailure("hang", "analyzers/fixers", variant, $"no answer within {Timeout.TotalSeconds:0} s")], 0, 0, null);
        }
    }

    /// <summary>Whether a corpus source compiles with fewer errors when given the Web SDK's implicit usings (decided once per source).</summary>
    public static bool NeedsWebGlobalUsings(CorpusSource source)
        => s_needsGlobalUsings.GetOrAdd(source.Name, _ =>
        {
            static int Errors(Project project) => project.GetCompilationAsync().GetAwaiter().GetResult()!
                .GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);

            using var workspace = new AdhocWorkspace();
            var without = Errors(CreateDocument(workspace, source.Text, withGlobalUsings: false, withAspNetCore: true).Project);
            if (without == 0)
            {
                return false;
            }

            using var workspace2 = new AdhocWorkspace();
            return Errors(CreateDocument(workspace2, source.Text, withGlobalUsings: true, withAspNetCore: true).Project) < without;
        });

    /// <summary>A one-project solution holding <paramref name="text"/> as its only source (plus the implicit usings when asked).</summary>
    public static Document CreateDocument(AdhocWorkspace workspace, string text, bool withGlobalUsings, bool withAspNetCore)
    {
        var hasTopLevelStatements = CSharpSyntaxTree.ParseText(text, ParseOptions).GetCompilationUnitRoot().Members.Any(m => m is GlobalStatementSyntax);
        var projectId = ProjectId.CreateNewId("Robustness");
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            "Robustness",
            "Robustness",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(
                hasTopLevelStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true),
            parseOptions: ParseOptions,
            metadataReferences: withAspNetCore ? ReferenceAssemblies.AspNetCore : ReferenceAssemblies.NetCore));
        if (withGlobalUsings)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), "GlobalUsings.cs", SourceText.From(WebGlobalUsings), filePath: GlobalUsingsPath);
        }

        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, "Source.cs", SourceText.From(text, Encoding.UTF8), filePath: SourcePath);
        return solution.GetDocument(documentId)!;
    }

    /// <summary>The exception type and the first stack frame in our code: the same bug gives the same signature.</summary>
    public static string ExceptionSignature(Exception exception)
    {
        var frame = (exception.StackTrace ?? string.Empty).Split('\n')
            .Select(l => l.Trim())
            .FirstOrDefault(l => l.StartsWith("at CorsAnalyzers", StringComparison.Ordinal));
        frame = frame is null ? string.Empty : frame.Split(" in ", 2)[0];
        return $"{exception.GetType().FullName} {frame}";
    }

    public static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var head = max * 2 / 3;
        var tail = max - head;
        return text[..head] + $"\n…[{text.Length - max} characters left out]…\n" + text[^tail..];
    }

    private async Task<CheckOutcome> CheckCoreAsync(MutationVariant variant, CancellationToken cancellationToken)
    {
        var failures = new List<RobustnessFailure>();
        using var workspace = new AdhocWorkspace();
        var document = CreateDocument(workspace, variant.Text, NeedsWebGlobalUsings(variant.Source), variant.WithAspNetCore);
        var compilation = (await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;

        var analyzerExceptions = new ConcurrentQueue<(Exception Exception, DiagnosticAnalyzer Analyzer)>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, _) => analyzerExceptions.Enqueue((exception, analyzer)),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        ImmutableArray<Diagnostic> diagnostics;
        try
        {
            diagnostics = await compilation.WithAnalyzers(_analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failures.Add(new RobustnessFailure("analysis threw", "CompilationWithAnalyzers", variant, e.ToString()));
            return new CheckOutcome(failures, 0, 0, null);
        }

        foreach (var (exception, analyzer) in analyzerExceptions)
        {
            failures.Add(new RobustnessFailure("analyzer exception", analyzer.GetType().FullName!, variant, exception.ToString(), ExceptionSignature(exception)));
        }

        if (analyzerExceptions.IsEmpty)
        {
            foreach (var ad0001 in diagnostics.Where(d => d.Id == "AD0001"))
            {
                failures.Add(new RobustnessFailure("AD0001", "analyzers", variant, ad0001.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        var ours = diagnostics
            .Where(d => _ourIds.Contains(d.Id) && d.Location.IsInSource && d.Location.SourceTree?.FilePath == SourcePath)
            .OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Location.SourceSpan.End).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
        var fixesApplied = 0;
        if (!ours.Any(d => _fixers.Any(f => f.FixableDiagnosticIds.Contains(d.Id))))
        {
            // Compiler errors matter only to judge fixes: skip the cost when there is nothing to fix.
            return new CheckOutcome(failures, ours.Length, fixesApplied, null);
        }

        var compiledCleanly = !compilation.GetDiagnostics(cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error);

        var originalSyntaxErrors = SyntaxErrorCount(variant.Text);
        var toFix = variant.Seed == 0 ? ours : ours.Take(MaxFixedDiagnosticsPerVariant).ToImmutableArray();
        var fixAllDone = new HashSet<(CodeFixProvider, string, string?)>();
        foreach (var diagnostic in toFix)
        {
            foreach (var fixer in _fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var fixerName = fixer.GetType().FullName!;
                var actions = new List<CodeAction>();
                try
                {
                    var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
                    await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failures.Add(new RobustnessFailure("fixer threw in RegisterCodeFixesAsync", fixerName, variant, $"on {Describe(diagnostic)}\n{e}", $"{diagnostic.Id} {ExceptionSignature(e)}"));
                    continue;
                }

                foreach (var action in Flatten(actions))
                {
                    var where = $"action '{action.Title}' on {Describe(diagnostic)}";
                    fixesApplied++;
                    await VerifyActionAsync(action, document, fixerName, where, $"{diagnostic.Id} '{action.Title}'", originalSyntaxErrors, compiledCleanly, variant, failures, cancellationToken).ConfigureAwait(false);
                }

                var fixAll = fixer.GetFixAllProvider();
                var first = Flatten(actions).FirstOrDefault();
                if (fixAll is null || first is null || !fixAll.GetSupportedFixAllScopes().Contains(FixAllScope.Document)
                    || !fixAllDone.Add((fixer, diagnostic.Id, first.EquivalenceKey)))
                {
                    continue;
                }

                var fixAllWhere = $"Fix All (document) of {diagnostic.Id}, equivalence key '{first.EquivalenceKey}'";
                CodeAction? fixAllAction;
                try
                {
                    var context = new FixAllContext(
                        document,
                        fixer,
                        FixAllScope.Document,
                        first.EquivalenceKey,
                        [diagnostic.Id],
                        new FixedDiagnosticProvider(ours),
                        cancellationToken);
                    fixAllAction = await fixAll.GetFixAsync(context).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failures.Add(new RobustnessFailure("Fix All provider threw", fixerName, variant, $"{fixAllWhere}\n{e}", $"{diagnostic.Id} {ExceptionSignature(e)}"));
                    continue;
                }

                if (fixAllAction is not null)
                {
                    fixesApplied++;
                    await VerifyActionAsync(fixAllAction, document, fixerName, fixAllWhere, $"{diagnostic.Id} Fix All", originalSyntaxErrors, compiledCleanly, variant, failures, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return new CheckOutcome(failures, ours.Length, fixesApplied, compiledCleanly);
    }

    private static async Task VerifyActionAsync(
        CodeAction action,
        Document document,
        string fixerName,
        string where,
        string signature,
        int originalSyntaxErrors,
        bool compiledCleanly,
        MutationVariant variant,
        List<RobustnessFailure> failures,
        CancellationToken cancellationToken)
    {
        ImmutableArray<CodeActionOperation> operations;
        try
        {
            operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failures.Add(new RobustnessFailure("fix threw", fixerName, variant, $"{where}\n{e}", $"{signature} {ExceptionSignature(e)}"));
            return;
        }

        foreach (var changed in operations.OfType<ApplyChangesOperation>().Select(o => o.ChangedSolution))
        {
            var changes = changed.GetChanges(document.Project.Solution).GetProjectChanges().ToList();
            var changedDocuments = changes.SelectMany(p => p.GetChangedDocuments().Concat(p.GetAddedDocuments()).Select(id => changed.GetDocument(id)!)).ToList();
            foreach (var changedDocument in changedDocuments)
            {
                var text = (await changedDocument.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
                var reparsed = CSharpSyntaxTree.ParseText(text, ParseOptions, cancellationToken: cancellationToken);
                var syntaxErrors = reparsed.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                var allowed = changedDocument.Id == document.Id ? originalSyntaxErrors : 0;
                if (syntaxErrors.Count > allowed)
                {
                    failures.Add(new RobustnessFailure(
                        "fix produced a document that does not parse",
                        fixerName,
                        variant,
                        $"{where}: {syntaxErrors.Count} syntax error(s) after the fix, {allowed} before\n{FormatErrors(syntaxErrors)}\n--- fixed text (shortened) ---\n{Shorten(text, 1_500)}",
                        $"{signature} {string.Join(",", syntaxErrors.Select(e => e.Id).Distinct().Order(StringComparer.Ordinal))}"));
                }
            }

            if (!compiledCleanly)
            {
                continue;
            }

            foreach (var project in changes.Select(p => changed.GetProject(p.ProjectId)!))
            {
                var fixedCompilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
                var errors = fixedCompilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                if (errors.Count > 0)
                {
                    var fixedText = changedDocuments.FirstOrDefault(d => d.Id == document.Id) is { } fixedDocument
                        ? (await fixedDocument.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString()
                        : "(the fix did not change the source document)";
                    failures.Add(new RobustnessFailure(
                        "fix added compiler errors",
                        fixerName,
                        variant,
                        $"{where}: the input compiled without errors, the fixed code has {errors.Count}\n{FormatErrors(errors)}\n--- fixed text (shortened) ---\n{Shorten(fixedText, 1_500)}",
                        $"{signature} {string.Join(",", errors.Select(e => e.Id).Distinct().Order(StringComparer.Ordinal))}"));
                }
            }
        }
    }

    private static IEnumerable<CodeAction> Flatten(IEnumerable<CodeAction> actions)
        => actions.SelectMany(a => a.NestedActions.IsDefaultOrEmpty ? [a] : Flatten(a.NestedActions));

    private static int SyntaxErrorCount(string text)
        => CSharpSyntaxTree.ParseText(text, ParseOptions).GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);

    private static string Describe(Diagnostic diagnostic)
        => $"{diagnostic.Id} at {diagnostic.Location.GetLineSpan().StartLinePosition} '{Shorten(diagnostic.Location.SourceTree?.GetText().ToString(diagnostic.Location.SourceSpan) ?? "", 80)}'";

    private static string FormatErrors(IEnumerable<Diagnostic> errors)
        => string.Join("\n", errors.Take(8).Select(e => $"{Path.GetFileName(e.Location.SourceTree?.FilePath)}{e.Location.GetLineSpan().StartLinePosition}: {e.Id} {e.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"));

    /// <summary>Gives Fix All the diagnostics the analyzers already reported for the input.</summary>
    private sealed class FixedDiagnosticProvider(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
