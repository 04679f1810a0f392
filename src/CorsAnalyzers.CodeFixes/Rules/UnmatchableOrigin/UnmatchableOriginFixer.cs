using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CorsAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.CodeFixes.Rules;

/// <summary>
/// CORS006: write the entry as the origin a browser sends (the analyzer's <see cref="UnmatchableOriginAnalyzer.NormalizedProperty"/>).
/// <list type="bullet">
/// <item>A string literal with one meant origin (<c>"https://a.com/"</c>, <c>"https://a.com:443"</c>, <c>" https://a.com"</c>)
/// becomes that origin.</item>
/// <item>A joined list (<c>"https://a.com,https://b.com"</c>) becomes one entry per origin where it stands in a list: a
/// <c>params</c> argument (<c>WithOrigins</c>, <c>new CorsPolicyBuilder</c>) or an array or collection initializer element.</item>
/// </list>
/// Not offered for a constant passed by name (its declaration may serve other code), for a list elsewhere
/// (<c>Origins.Add("a,b")</c>), nor where the meant origin is unknown (no scheme, a wildcard).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnmatchableOriginFixer)), Shared]
public sealed class UnmatchableOriginFixer : CodeFixProvider
{
    internal const string EquivalenceKey = "CORS006.Normalize";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnmatchableOrigin);

    // Each fix replaces only its own literal, so Fix All can apply them all at once.
    public override FixAllProvider GetFixAllProvider() => new OneKeyBatchFixer(EquivalenceKey);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(UnmatchableOriginAnalyzer.NormalizedProperty, out var joined) || joined is null
                || CorsCodeFixProvider.FixSpanOf(diagnostic, root) is not { } span
                || root.FindNode(span, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal
                || !literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                continue;
            }

            var origins = joined.Split('\n');
            if (Plan(literal, origins, model, context.CancellationToken) is not { } change)
            {
                continue;
            }

            var title = origins.Length == 1 ? $"Use \"{origins[0]}\"" : "List each origin as its own entry";
            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => ApplyAsync(document, change, ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, TextChange change, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return document.WithText(text.WithChanges(change));
    }

    /// <summary>
    /// The literal's text replaced by the origins' literals, comma-separated: one literal, or (in a list) several items.
    /// A text change of the literal's own span, so that Fix All merges the fixes of one list.
    /// </summary>
    private static TextChange? Plan(LiteralExpressionSyntax literal, string[] origins, SemanticModel model, CancellationToken cancellationToken)
    {
        if (origins.Length > 1 && !IsListItem(literal, model, cancellationToken))
        {
            return null;
        }

        return new TextChange(literal.Span, string.Join(", ", origins.Select(o => Literal(o).ToString())));
    }

    /// <summary>An element of an array or collection initializer, or an argument of a call's <c>params</c> array in its expanded form.</summary>
    private static bool IsListItem(LiteralExpressionSyntax literal, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (literal.Parent)
        {
            case InitializerExpressionSyntax initializer:
                return initializer.IsKind(SyntaxKind.ArrayInitializerExpression) || initializer.IsKind(SyntaxKind.CollectionInitializerExpression);

            case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: { } call }, NameColon: null } argument when argument.RefKindKeyword.IsKind(SyntaxKind.None):
                var arguments = model.GetOperation(call, cancellationToken) switch
                {
                    IInvocationOperation invocation => invocation.Arguments,
                    IObjectCreationOperation creation => creation.Arguments,
                    _ => ImmutableArray<IArgumentOperation>.Empty,
                };
                return arguments.Any(a => a.ArgumentKind == ArgumentKind.ParamArray
                    && a.Value is IArrayCreationOperation { Initializer: { } elements }
                    && elements.ElementValues.Any(e => e.Syntax == literal));

            default:
                return false;
        }
    }

    private static LiteralExpressionSyntax Literal(string value)
        => SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value));
}
