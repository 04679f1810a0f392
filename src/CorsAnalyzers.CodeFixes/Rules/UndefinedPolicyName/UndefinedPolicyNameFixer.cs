using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using CorsAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.CodeFixes.Rules;

/// <summary>
/// CORS008: use the defined name the analyzer found one case change or one edit away
/// (<see cref="UndefinedPolicyNameAnalyzer.SuggestionProperty"/>), where the use is a string literal.
/// Not offered when no defined name, or more than one, is that close, nor for a constant or <c>nameof</c> (the mistake may
/// be in the constant, which other code uses too).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UndefinedPolicyNameFixer)), Shared]
public sealed class UndefinedPolicyNameFixer : CodeFixProvider
{
    internal const string EquivalenceKey = "CORS008.UseDefinedName";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UndefinedPolicyName);

    // Each fix replaces only its own literal, so Fix All can apply them all at once.
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
            if (!diagnostic.Properties.TryGetValue(UndefinedPolicyNameAnalyzer.SuggestionProperty, out var name) || name is null
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal
                || !literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                continue;
            }

            var document = context.Document;
            var change = new TextChange(literal.Span, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name)).ToString());
            context.RegisterCodeFix(
                CodeAction.Create($"Use the defined policy \"{name}\"", ct => ApplyAsync(document, change, ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, TextChange change, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return document.WithText(text.WithChanges(change));
    }
}
