using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CorsAnalyzers.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CorsAnalyzers.CodeFixes.Rules;

/// <summary>
/// CORS007: move the <c>UseCors</c> statement to the place the analyzer chose (its additional location and
/// <see cref="DiagnosticProperties.Placement"/>): just after <c>UseRouting</c>, or just before the first middleware it must
/// precede. The statement moves with its comments.
/// Not offered for a missing <c>UseCors</c> (<see cref="DiagnosticProperties.Kinds.MissingUseCors"/>: where it belongs and
/// which policy it should use are the user's choice), nor where the analyzer gave no place: a <c>UseCors</c> in a chain of
/// other calls, or where moving after <c>UseRouting</c> would put it after authorization.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MisplacedCorsMiddlewareFixer)), Shared]
public sealed class MisplacedCorsMiddlewareFixer : CorsCodeFixProvider
{
    internal const string EquivalenceKey = "CORS007.MoveUseCors";

    private static readonly CorsFix[] s_after = { new("Move UseCors just after UseRouting", EquivalenceKey) };
    private static readonly CorsFix[] s_before = { new("Move UseCors before the middleware it must precede", EquivalenceKey) };

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MisplacedCorsMiddleware);

    // A pipeline has one misplaced UseCors in practice; fixes of different pipelines touch different lines.
    internal override string? BatchEquivalenceKey => EquivalenceKey;

    internal override async Task<IReadOnlyList<CorsFix>> GetFixesAsync(Document document, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
        => await PlanAsync(document, node, diagnostic, cancellationToken).ConfigureAwait(false) is { } plan
            ? (plan.After ? s_after : s_before)
            : Array.Empty<CorsFix>();

    internal override async Task<Document?> ApplyAsync(Document document, SyntaxNode node, Diagnostic diagnostic, string equivalenceKey, CancellationToken cancellationToken)
        => await PlanAsync(document, node, diagnostic, cancellationToken).ConfigureAwait(false) is { } plan
            ? document.WithSyntaxRoot(Move(plan.Root, plan.Moved, plan.Anchor, plan.After))
            : null;

    private sealed record Plan(SyntaxNode Root, SyntaxNode Moved, SyntaxNode Anchor, bool After);

    /// <summary>The move the analyzer chose, when the code at both locations is still the two statements of one block.</summary>
    private static async Task<Plan?> PlanAsync(Document document, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var placement = DiagnosticProperties.ValueOf(diagnostic, DiagnosticProperties.Placement);
        if (!DiagnosticProperties.IsKind(diagnostic, DiagnosticProperties.Kinds.Misplaced)
            || placement is not (DiagnosticProperties.After or DiagnosticProperties.Before)
            || diagnostic.AdditionalLocations.Count != 1
            || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
            || diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree
            || Movable(node) is not { } moved
            || Movable(root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true)) is not { } anchor
            || moved == anchor || moved.Parent != anchor.Parent)
        {
            return null;
        }

        return new Plan(root, moved, anchor, placement == DiagnosticProperties.After);
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
