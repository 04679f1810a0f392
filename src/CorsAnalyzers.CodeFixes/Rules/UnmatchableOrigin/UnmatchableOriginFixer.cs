using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.CodeFixes.Rules;

/// <summary>
/// CORS006: write the entry as the origin a browser sends (the analyzer's <see cref="DiagnosticProperties.NormalizedOrigins"/>).
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
public sealed class UnmatchableOriginFixer : CorsCodeFixProvider
{
    internal const string EquivalenceKey = "CORS006.Normalize";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnmatchableOrigin);

    // Each fix replaces only its own literal, so Fix All can apply them all at once.
    internal override string? BatchEquivalenceKey => EquivalenceKey;

    internal override async Task<IReadOnlyList<CorsFix>> GetFixesAsync(Document document, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (await PlanAsync(document, node, diagnostic, cancellationToken).ConfigureAwait(false) is not var (_, origins))
        {
            return Array.Empty<CorsFix>();
        }

        var title = origins.Length == 1 ? $"Use \"{origins[0]}\"" : "List each origin as its own entry";
        return new[] { new CorsFix(title, EquivalenceKey) };
    }

    internal override async Task<Document?> ApplyAsync(Document document, SyntaxNode node, Diagnostic diagnostic, string equivalenceKey, CancellationToken cancellationToken)
    {
        if (await PlanAsync(document, node, diagnostic, cancellationToken).ConfigureAwait(false) is not var (change, _))
        {
            return null;
        }

        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return document.WithText(text.WithChanges(change));
    }

    /// <summary>
    /// The origins the analyzer worked out, written over the literal at the fix location; a joined list only where the
    /// analyzer found an entry of a list and the literal stands as one of its items.
    /// </summary>
    private static async Task<(TextChange Change, string[] Origins)?> PlanAsync(Document document, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (DiagnosticProperties.ValueOf(diagnostic, DiagnosticProperties.NormalizedOrigins) is not { } joined
            || node is not LiteralExpressionSyntax literal
            || !literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            return null;
        }

        var origins = joined.Split('\n');
        if (origins.Length > 1
            && (!DiagnosticProperties.IsKind(diagnostic, DiagnosticProperties.Kinds.ListEntry)
                || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
                || !IsListItem(literal, model, cancellationToken)))
        {
            return null;
        }

        return (Plan(literal, origins), origins);
    }

    /// <summary>
    /// The literal's text replaced by the origins' literals, comma-separated: one literal, or (in a list) several items.
    /// A text change of the literal's own span, so that Fix All merges the fixes of one list.
    /// </summary>
    private static TextChange Plan(LiteralExpressionSyntax literal, string[] origins)
        => new TextChange(literal.Span, string.Join(", ", origins.Select(o => Literal(o).ToString())));

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
