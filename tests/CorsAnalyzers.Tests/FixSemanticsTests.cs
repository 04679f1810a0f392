using System.Collections.Immutable;
using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Tests.Harness;
using CorsAnalyzers.Tests.Harness.Semantic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Tests;

/// <summary>
/// The semantic test of issue 19 over the samples: Fix All of every fixer that rewrites an origin check, in process, in
/// the order of their rule ids (as <c>dotnet format analyzers</c> applies them), then every decision before and after
/// asked about the same origins (<see cref="SemanticFixCheck"/>). The fixer tests run the same check on their own inputs.
/// </summary>
public sealed class FixSemanticsTests
{
    [Theory]
    [InlineData("VulnerableApi", 10)]
    [InlineData("SafeApi", 0)]
    public async Task Fix_all_of_the_predicate_fixers_widens_no_check_of_a_sample(string sample, int minimumRewrittenChecked)
    {
        var (before, after) = await FixAllAsync(sample);
        var report = SemanticFixCheck.Run(before, after, path => path.EndsWith(".cs", StringComparison.Ordinal) && !path.Contains("/obj/", StringComparison.Ordinal));

        Assert.True(report.Failure is null, $"{sample} after Fix All ({report}):\n{report.Failure}");
        Assert.True(report.RewrittenChecked >= minimumRewrittenChecked, $"{sample}: only {report.RewrittenChecked} rewritten decision(s) checked ({report}).");
    }

    /// <summary>The sample's C# files as a web project, and the same after Fix All (project scope) of each predicate fixer in turn.</summary>
    private static async Task<(SemanticProject Before, SemanticProject After)> FixAllAsync(string sample)
    {
        var directory = RepositoryPaths.Sample(sample);
        var files = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path: f.Replace(Path.DirectorySeparatorChar, '/'), Text: File.ReadAllText(f)))
            .Append((Path: directory.Replace(Path.DirectorySeparatorChar, '/') + "/obj/GlobalUsings.g.cs", Text: ProjectBuilder.GlobalUsings))
            .ToList();
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var references = ReferenceAssemblies.AspNetCore;

        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId, VersionStamp.Default, sample, sample, LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: parseOptions,
            metadataReferences: references));
        var ids = new List<DocumentId>();
        foreach (var (path, text) in files)
        {
            var id = DocumentId.CreateNewId(projectId);
            ids.Add(id);
            solution = solution.AddDocument(id, Path.GetFileName(path), SourceText.From(text), filePath: path);
        }

        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new CorsAnalyzer());
        foreach (var fixer in ProjectBuilder.PredicateFixers.Select(t => (CodeFixProvider)Activator.CreateInstance(t)!).OrderBy(f => f.FixableDiagnosticIds.Min(), StringComparer.Ordinal))
        {
            var project = solution.GetProject(projectId)!;
            var compilation = (await project.GetCompilationAsync())!;
            var diagnostics = (await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync())
                .Where(d => fixer.FixableDiagnosticIds.Contains(d.Id) && d.Location.IsInSource && !d.IsSuppressed)
                .ToList();
            if (diagnostics.Count == 0)
            {
                continue;
            }

            // The equivalence key of the first fix offered, as dotnet format takes it.
            var actions = new List<CodeAction>();
            foreach (var diagnostic in diagnostics.Where(_ => actions.Count == 0))
            {
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(solution.GetDocument(diagnostic.Location.SourceTree)!, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
            }

            if (actions.Count == 0)
            {
                continue;
            }

            var context = new FixAllContext(project, fixer, FixAllScope.Project, actions[0].EquivalenceKey, fixer.FixableDiagnosticIds, new Found(diagnostics), CancellationToken.None);
            var fixAll = await fixer.GetFixAllProvider()!.GetFixAsync(context);
            var operations = fixAll is null ? ImmutableArray<CodeActionOperation>.Empty : await fixAll.GetOperationsAsync(CancellationToken.None);
            solution = operations.OfType<ApplyChangesOperation>().SingleOrDefault()?.ChangedSolution ?? solution;
        }

        var fixedTexts = new List<(string, string)>();
        foreach (var id in ids)
        {
            var document = solution.GetDocument(id)!;
            fixedTexts.Add((document.FilePath!, (await document.GetTextAsync()).ToString()));
        }

        return (new SemanticProject(files, references, parseOptions, OutputKind.ConsoleApplication),
                new SemanticProject(fixedTexts, references, parseOptions, OutputKind.ConsoleApplication));
    }

    private sealed class Found(List<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return diagnostics.Where(d => d.Location.SourceTree == tree);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult(Enumerable.Empty<Diagnostic>());
    }
}
