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
/// The shape every fixer of the package shares: it says which fixes it can make for the node a diagnostic points at
/// (none where it cannot make one safely), and makes one on a document. Fix All applies the same fix to every
/// diagnostic of a document in turn, so shared edits (the allowlist field, a using) are made once.
/// </summary>
public abstract class CorsCodeFixProvider : CodeFixProvider
{
    public sealed override FixAllProvider GetFixAllProvider() => new SequentialFixAllProvider(this);

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
            foreach (var fix in await GetFixesAsync(context.Document, node, context.CancellationToken).ConfigureAwait(false))
            {
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        fix.Title,
                        async ct => await ApplyAsync(document, node, fix.EquivalenceKey, ct).ConfigureAwait(false) ?? document,
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

    /// <summary>The fixes this provider can make at <paramref name="node"/>: empty when none can be made safely.</summary>
    internal abstract Task<IReadOnlyList<CorsFix>> GetFixesAsync(Document document, SyntaxNode node, CancellationToken cancellationToken);

    /// <summary>Makes the fix of the given key at <paramref name="node"/>, or returns null when it no longer applies.</summary>
    internal abstract Task<Document?> ApplyAsync(Document document, SyntaxNode node, string equivalenceKey, CancellationToken cancellationToken);

    /// <summary>Applies the fix to each diagnostic of a document in turn, following the nodes through the edits by annotation.</summary>
    private sealed class SequentialFixAllProvider : DocumentBasedFixAllProvider
    {
        private readonly CorsCodeFixProvider _fixer;

        public SequentialFixAllProvider(CorsCodeFixProvider fixer) => _fixer = fixer;

        protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            // Without a key (a bulk tool that found no action on the diagnostic it asked first), each diagnostic gets its first fix.
            var key = fixAllContext.CodeActionEquivalenceKey;
            var root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var annotations = new List<SyntaxAnnotation>();
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
                    annotations.Add(annotation);
                }
            }

            root = root.ReplaceNodes(nodes.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(nodes[original]));
            document = document.WithSyntaxRoot(root);
            foreach (var annotation in annotations)
            {
                var currentRoot = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
                var node = currentRoot?.GetAnnotatedNodes(annotation).FirstOrDefault();
                if (node is null)
                {
                    continue;
                }

                var fixes = await _fixer.GetFixesAsync(document, node, fixAllContext.CancellationToken).ConfigureAwait(false);
                var fix = key is null ? fixes.FirstOrDefault() : fixes.FirstOrDefault(f => f.EquivalenceKey == key);
                if (fix is not null)
                {
                    document = await _fixer.ApplyAsync(document, node, fix.EquivalenceKey, fixAllContext.CancellationToken).ConfigureAwait(false) ?? document;
                }
            }

            return document;
        }
    }
}
