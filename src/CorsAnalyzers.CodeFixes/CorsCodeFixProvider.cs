using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace CorsAnalyzers;

/// <summary>One fix a fixer can offer for a diagnostic: a title and the equivalence key that Fix All groups by.</summary>
internal sealed record CorsFix(string Title, string EquivalenceKey);

/// <summary>
/// The base of every fixer of the package. A fixer says which fixes it can make for a diagnostic and the node it points at
/// (none where the code there is not what the diagnostic's properties say, or where no fix is safe), and makes one on a
/// document. What the rule found comes with the diagnostic (<see cref="DiagnosticProperties"/>).
/// <para>Fix All applies the same fix to every diagnostic of a document in turn, following the nodes through the edits,
/// so that edits that interact (the allowlist field, a using, one condition rewritten twice) are made once; a fixer whose
/// edits never touch each other's code may choose Roslyn's batch Fix All instead (<see cref="BatchEquivalenceKey"/>).</para>
/// <para>A bulk tool may ask for Fix All without an equivalence key: <c>dotnet format analyzers</c> takes the key from the
/// fix of the first diagnostic it holds, and since every rule of the package is reported by one analyzer, that diagnostic
/// may be another rule's, which this fixer has no fix for. Both Fix Alls below then read a missing key as "this fixer's
/// fix", never as "no fix": the sequential one makes each diagnostic's first fix (<see cref="FixFor"/>), the batch one
/// asks Roslyn's batch fixer with the fixer's one key.</para>
/// </summary>
public abstract class CorsCodeFixProvider : CodeFixProvider
{
    public sealed override FixAllProvider GetFixAllProvider()
        => BatchEquivalenceKey is { } key ? new BatchFixAllProvider(key) : new SequentialFixAllProvider(this);

    /// <summary>
    /// The key of the one fix of a fixer whose fixes each edit only their own code, so that Roslyn's batch Fix All can
    /// merge them; null (the default) for Fix All one diagnostic at a time.
    /// </summary>
    internal virtual string? BatchEquivalenceKey => null;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (FixSpanOf(diagnostic, root) is not { } span)
            {
                continue;
            }

            var node = root.FindNode(span, getInnermostNodeForTie: true);
            foreach (var fix in await GetFixesAsync(context.Document, node, diagnostic, context.CancellationToken).ConfigureAwait(false))
            {
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        fix.Title,
                        async ct => await ApplyAsync(document, node, diagnostic, fix.EquivalenceKey, ct).ConfigureAwait(false) ?? document,
                        fix.EquivalenceKey),
                    diagnostic);
            }
        }
    }

    /// <summary>
    /// Where the fix edits: the diagnostic's location, or the code it points to in another declaration of the same file
    /// (<see cref="Knowledge.ReportPlaces"/>). Null when that code is not in this document.
    /// </summary>
    internal static Microsoft.CodeAnalysis.Text.TextSpan? FixSpanOf(Diagnostic diagnostic, SyntaxNode root)
    {
        var location = Knowledge.ReportPlaces.FixLocationOf(diagnostic);
        return location.SourceTree == root.SyntaxTree ? location.SourceSpan : null;
    }

    /// <summary>
    /// The fixes this provider can make for <paramref name="diagnostic"/> at <paramref name="node"/> (the code at its
    /// <see cref="FixSpanOf"/>): empty when the code does not match what the diagnostic says, or no fix is safe.
    /// </summary>
    internal abstract Task<IReadOnlyList<CorsFix>> GetFixesAsync(Document document, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>Makes the fix of the given key at <paramref name="node"/>, or returns null when it no longer applies.</summary>
    internal abstract Task<Document?> ApplyAsync(Document document, SyntaxNode node, Diagnostic diagnostic, string equivalenceKey, CancellationToken cancellationToken);

    /// <summary>
    /// The fix Fix All makes among <paramref name="fixes"/>: the one of the requested key, or without a key (a bulk tool,
    /// see the class summary) the fixer's first.
    /// </summary>
    private static CorsFix? FixFor(IReadOnlyList<CorsFix> fixes, string? requestedKey)
        => requestedKey is null ? fixes.FirstOrDefault() : fixes.FirstOrDefault(f => f.EquivalenceKey == requestedKey);

    /// <summary>Applies the fix to each diagnostic of a document in turn, following the nodes through the edits by annotation.</summary>
    private sealed class SequentialFixAllProvider : DocumentBasedFixAllProvider
    {
        private readonly CorsCodeFixProvider _fixer;

        public SequentialFixAllProvider(CorsCodeFixProvider fixer) => _fixer = fixer;

        protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            var root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var annotated = new List<(SyntaxAnnotation Annotation, Diagnostic Diagnostic)>();
            var nodes = new Dictionary<SyntaxNode, SyntaxAnnotation>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                if (FixSpanOf(diagnostic, root) is not { } span)
                {
                    continue;
                }

                var node = root.FindNode(span, getInnermostNodeForTie: true);
                if (!nodes.ContainsKey(node))
                {
                    var annotation = new SyntaxAnnotation("CorsFixAll");
                    nodes.Add(node, annotation);
                    annotated.Add((annotation, diagnostic));
                }
            }

            root = root.ReplaceNodes(nodes.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(nodes[original]));
            document = document.WithSyntaxRoot(root);
            foreach (var (annotation, diagnostic) in annotated)
            {
                var currentRoot = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
                var node = currentRoot?.GetAnnotatedNodes(annotation).FirstOrDefault();
                if (node is null)
                {
                    continue;
                }

                var fixes = await _fixer.GetFixesAsync(document, node, diagnostic, fixAllContext.CancellationToken).ConfigureAwait(false);
                if (FixFor(fixes, fixAllContext.CodeActionEquivalenceKey) is { } fix)
                {
                    document = await _fixer.ApplyAsync(document, node, diagnostic, fix.EquivalenceKey, fixAllContext.CancellationToken).ConfigureAwait(false) ?? document;
                }
            }

            return document;
        }
    }

    /// <summary>Roslyn's batch Fix All for a fixer with one fix, asked with that fix's key when the request has none.</summary>
    private sealed class BatchFixAllProvider : FixAllProvider
    {
        private readonly string _equivalenceKey;

        public BatchFixAllProvider(string equivalenceKey) => _equivalenceKey = equivalenceKey;

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => WellKnownFixAllProviders.BatchFixer.GetSupportedFixAllScopes();

        public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            // Roslyn's batch fixer keeps only the fixes of the requested key, so without one it would keep none.
            if (fixAllContext.CodeActionEquivalenceKey is null)
            {
                var provider = new SameDiagnostics(fixAllContext);
                fixAllContext = fixAllContext.Document is { } document
                    ? new FixAllContext(document, fixAllContext.CodeFixProvider, fixAllContext.Scope, _equivalenceKey, fixAllContext.DiagnosticIds, provider, fixAllContext.CancellationToken)
                    : new FixAllContext(fixAllContext.Project, fixAllContext.CodeFixProvider, fixAllContext.Scope, _equivalenceKey, fixAllContext.DiagnosticIds, provider, fixAllContext.CancellationToken);
            }

            return WellKnownFixAllProviders.BatchFixer.GetFixAsync(fixAllContext);
        }

        /// <summary>The diagnostics the original request would have fixed.</summary>
        private sealed class SameDiagnostics : FixAllContext.DiagnosticProvider
        {
            private readonly FixAllContext _original;

            public SameDiagnostics(FixAllContext original) => _original = original;

            public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => await _original.GetAllDiagnosticsAsync(project).ConfigureAwait(false);

            public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
                => await _original.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);

            public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => await _original.GetProjectDiagnosticsAsync(project).ConfigureAwait(false);
        }
    }
}
