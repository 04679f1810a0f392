using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CorsAnalyzers.CodeFixes.Editing;
using CorsAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CorsAnalyzers.CodeFixes.Rules;

/// <summary>
/// CORS007: move the <c>UseCors</c> statement to the place the analyzer chose (its additional location and
/// <see cref="MisplacedCorsMiddlewareAnalyzer.PlacementProperty"/>): just after <c>UseRouting</c>, or just before the first
/// middleware it must precede. The statement moves with its comments.
/// Not offered for a missing <c>UseCors</c> (where it belongs and which policy it should use are the user's choice), for a
/// <c>UseCors</c> in a chain of other calls, nor where moving after <c>UseRouting</c> would put it after authorization.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MisplacedCorsMiddlewareFixer)), Shared]
public sealed class MisplacedCorsMiddlewareFixer : CodeFixProvider
{
    internal const string EquivalenceKey = "CORS007.MoveUseCors";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MisplacedCorsMiddleware);

    // A pipeline has one misplaced UseCors in practice; fixes of different pipelines touch different lines.
    public override FixAllProvider GetFixAllProvider() => new OneKeyBatchFixer(EquivalenceKey);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(MisplacedCorsMiddlewareAnalyzer.PlacementProperty, out var placement) || placement is null
                || diagnostic.AdditionalLocations.Count != 1
                || Movable(root.FindNode(diagnostic.Location.SourceSpan)) is not { } moved
                || Movable(root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true)) is not { } anchor
                || moved == anchor || moved.Parent != anchor.Parent)
            {
                continue;
            }

            var after = placement == MisplacedCorsMiddlewareAnalyzer.After;
            var title = after ? "Move UseCors just after UseRouting" : "Move UseCors before the middleware it must precede";
            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => Task.FromResult(document.WithSyntaxRoot(Move(root, moved, anchor, after))), EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The statement itself in a block, or its global statement in top-level code.</summary>
    private static SyntaxNode? Movable(SyntaxNode node)
    {
        var statement = node.FirstAncestorOrSelf<ExpressionStatementSyntax>();
        return statement?.Parent switch
        {
            BlockSyntax => statement,
            GlobalStatementSyntax global => global,
            _ => null,
        };
    }

    private static SyntaxNode Move(SyntaxNode root, SyntaxNode moved, SyntaxNode anchor, bool after)
    {
        // The blank lines before the statement stay where they were; its comments and indentation go with it.
        var leading = moved.GetLeadingTrivia();
        var firstContent = 0;
        while (firstContent < leading.Count && IsBlankLinePart(leading, firstContent))
        {
            firstContent++;
        }

        // A comment that says where the statement stood ("added last, after authorization") is false where it goes.
        var carried = moved.WithLeadingTrivia(Comments.WithoutClaims(SyntaxFactory.TriviaList(leading.Skip(firstContent)), Comments.PlacementClaim));
        var tracked = root.TrackNodes(moved, anchor);
        tracked = tracked.RemoveNode(tracked.GetCurrentNode(moved)!, SyntaxRemoveOptions.KeepNoTrivia)!;
        var target = tracked.GetCurrentNode(anchor)!;
        if (after)
        {
            return tracked.InsertNodesAfter(target, new[] { carried });
        }

        // Before: the anchor's blank lines now come before the moved statement.
        var anchorLeading = target.GetLeadingTrivia();
        var blank = 0;
        while (blank < anchorLeading.Count && IsBlankLinePart(anchorLeading, blank))
        {
            blank++;
        }

        var withBlank = carried.WithLeadingTrivia(anchorLeading.Take(blank).Concat(carried.GetLeadingTrivia()));
        var replacedAnchor = target.WithLeadingTrivia(anchorLeading.Skip(blank));
        return tracked.ReplaceNode(target, new[] { withBlank, replacedAnchor });
    }

    /// <summary>True when trivia <paramref name="index"/> is part of a blank line at the start of a leading trivia list.</summary>
    private static bool IsBlankLinePart(SyntaxTriviaList trivia, int index)
    {
        // A run of whitespace followed by an end of line, or an end of line alone.
        var i = index;
        while (i < trivia.Count && trivia[i].IsKind(SyntaxKind.WhitespaceTrivia))
        {
            i++;
        }

        return i < trivia.Count && trivia[i].IsKind(SyntaxKind.EndOfLineTrivia);
    }
}
