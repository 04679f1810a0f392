using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CorsAnalyzers.CodeFixes.Editing;

/// <summary>
/// Comments a fix has made false. A fix that narrows access leaves <c>// allow any origin</c> beside code that allows a
/// list, and a fix that moves <c>UseCors</c> carries <c>// Added last, after authorization</c> to a place where it is
/// neither: such comments go with the code they described. Only comments on the edited code are read: its own, the rest
/// of its line, and the comment lines directly above its statement; every other comment is kept as written.
/// </summary>
internal static class Comments
{
    /// <summary>
    /// Says that a check lets any origin in, or how a weak check lets the wrong one in: false once the check is an exact
    /// allowlist lookup.
    /// </summary>
    public static readonly Regex OpennessClaim = new(
        @"\b(any|all|every|each)\s+(other\s+|cross-origin\s+|request(ing)?\s+)?(origins?|sites?|websites?|domains?|hosts?|callers?|clients?|pages?)\b"
        + @"|\b(everyone|everybody|anyone|anybody|wildcard|wide open|no restrictions?)\b"
        + @"|\ballow(s|ed|ing)?\s+(all|any|everything|\*)"
        + @"|\b(echo(es|ed|ing)?|reflect(s|ed|ing)?|mirror(s|ed|ing)?)\b[^.;]*\borigin"
        + @"|\baccepts?\s+(https?://|any|all|every)"
        + @"|\bmatch(es)?\s+too\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Says why the null origin is allowed ("file:// pages", "sandboxed iframes send null"): false once it is removed.</summary>
    public static readonly Regex NullOriginClaim = new(
        @"\bnull\b|\bfile:|\bsandbox|\bdata:",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>A comment that denies or restricts ("an empty set denies every origin", "never allow any origin") claims no openness.</summary>
    private static readonly Regex Denial = new(
        @"\b(den(y|ies|ied)|refus(e|es|ed)|block(s|ed)?|reject(s|ed)?|never|not|no longer|don't|do not|instead of)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Says where a statement stands in the pipeline: false once the statement is moved.</summary>
    public static readonly Regex PlacementClaim = new(
        @"\b(after|before|last|first|end|order|ordering|position|placed|following|precedes?|preceding)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>
    /// Removes the comments that <paramref name="claim"/> matches from the node annotated with <paramref name="edited"/>,
    /// from the rest of its last line, and from the comment lines directly above the statement that holds it.
    /// </summary>
    public static SyntaxNode RemoveClaims(SyntaxNode root, SyntaxAnnotation edited, Regex claim)
    {
        if (root.GetAnnotatedNodes(edited).FirstOrDefault() is not { } node)
        {
            return root;
        }

        var statement = node.AncestorsAndSelf().FirstOrDefault(n => n is StatementSyntax or MemberDeclarationSyntax);
        var tokens = new HashSet<SyntaxToken>(node.DescendantTokens());

        // The rest of the line the edited code ends on: its comment is trailing trivia of the line's last token.
        for (var token = node.GetLastToken(); token != default; token = token.GetNextToken())
        {
            tokens.Add(token);
            if (token.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia))
                || token.GetNextToken() is var next && (next == default || next.LeadingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia))))
            {
                break;
            }
        }

        // The token before it on the same line keeps a comment about it as trailing trivia: IsOriginAllowed = /* everyone */ ...
        var before = node.GetFirstToken().GetPreviousToken();
        var trailingOnly = before != default && !before.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) && !tokens.Contains(before)
            ? before
            : default;

        var first = statement?.GetFirstToken() ?? default;
        var replaced = tokens.Concat(new[] { first, trailingOnly }.Where(t => t != default)).Distinct();
        return root.ReplaceTokens(replaced, (original, _) =>
        {
            if (original == trailingOnly && original != first)
            {
                return original.WithTrailingTrivia(Without(original.TrailingTrivia, claim, leading: false));
            }

            var leading = original == first ? WithoutAttachedClaims(original.LeadingTrivia, claim) : original.LeadingTrivia;
            if (tokens.Contains(original) && original != first)
            {
                leading = Without(leading, claim, leading: true);
            }

            var trailing = tokens.Contains(original) ? Without(original.TrailingTrivia, claim, leading: false) : original.TrailingTrivia;
            return original.WithLeadingTrivia(leading).WithTrailingTrivia(trailing);
        });
    }

    private static bool IsClaim(string comment, Regex claim) => claim.IsMatch(comment) && (claim == PlacementClaim || !Denial.IsMatch(comment));

    /// <summary>
    /// <see cref="RemoveClaims(SyntaxNode, SyntaxAnnotation, Regex)"/> for the statement or member that starts at
    /// <paramref name="position"/> in <paramref name="root"/>: for a fix that edits inside a statement, whose start does not move.
    /// </summary>
    public static SyntaxNode RemoveClaimsAt(SyntaxNode root, int position, Regex claim)
    {
        if (position < 0 || position >= root.FullSpan.End
            || root.FindToken(position).Parent?.AncestorsAndSelf().FirstOrDefault(n => (n is StatementSyntax or MemberDeclarationSyntax) && n.SpanStart == position) is not { } statement)
        {
            return root;
        }

        var annotation = new SyntaxAnnotation();
        return RemoveClaims(root.ReplaceNode(statement, statement.WithAdditionalAnnotations(annotation)), annotation, claim);
    }

    /// <summary>The leading trivia of a statement without the comments <paramref name="claim"/> matches.</summary>
    public static SyntaxTriviaList WithoutClaims(SyntaxTriviaList leading, Regex claim) => Without(leading, claim, leading: true);

    /// <summary>Leading trivia without the matching comments of the block directly above the token (after its last blank line).</summary>
    private static SyntaxTriviaList WithoutAttachedClaims(SyntaxTriviaList leading, Regex claim)
    {
        var start = 0;
        for (var i = 0; i < leading.Count; i++)
        {
            // A blank line: an end of line with only whitespace since the previous one (or the start).
            if (leading[i].IsKind(SyntaxKind.EndOfLineTrivia) && (i == 0 || leading[i - 1].IsKind(SyntaxKind.EndOfLineTrivia)
                || leading[i - 1].IsKind(SyntaxKind.WhitespaceTrivia) && (i == 1 || leading[i - 2].IsKind(SyntaxKind.EndOfLineTrivia))))
            {
                start = i + 1;
            }
        }

        return SyntaxFactory.TriviaList(leading.Take(start).Concat(Without(SyntaxFactory.TriviaList(leading.Skip(start)), claim, leading: true)));
    }

    /// <summary>
    /// The trivia without the comments <paramref name="claim"/> matches: a comment on a line of its own goes with its
    /// indentation and line break; one after code goes with the space before it; one between code, with the space after it.
    /// </summary>
    private static SyntaxTriviaList Without(SyntaxTriviaList trivia, Regex claim, bool leading)
    {
        var kept = new List<SyntaxTrivia>(trivia.Count);
        for (var i = 0; i < trivia.Count; i++)
        {
            var item = trivia[i];
            if (!item.IsKind(SyntaxKind.SingleLineCommentTrivia) && !item.IsKind(SyntaxKind.MultiLineCommentTrivia) || !IsClaim(item.ToString(), claim))
            {
                kept.Add(item);
                continue;
            }

            var next = i + 1 < trivia.Count ? trivia[i + 1] : default;
            var afterSpace = kept.Count > 0 && kept[kept.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia);
            if (afterSpace && next.IsKind(SyntaxKind.WhitespaceTrivia))
            {
                // code /* claim */ code
                i++;
                continue;
            }

            if (afterSpace)
            {
                kept.RemoveAt(kept.Count - 1);
            }

            var ownLine = kept.Count == 0 ? leading : kept[kept.Count - 1].IsKind(SyntaxKind.EndOfLineTrivia);
            if (ownLine && next.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                i++;
            }
        }

        return SyntaxFactory.TriviaList(kept);
    }
}
