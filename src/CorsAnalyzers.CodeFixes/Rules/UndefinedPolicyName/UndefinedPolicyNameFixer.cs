using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.CodeFixes.Rules;

/// <summary>
/// CORS008: use the defined name the analyzer found one case change or one edit away
/// (<see cref="DiagnosticProperties.Suggestion"/>), where the use is a string literal.
/// Not offered when no defined name, or more than one, is that close, nor for a constant or <c>nameof</c> (the mistake may
/// be in the constant, which other code uses too).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UndefinedPolicyNameFixer)), Shared]
public sealed class UndefinedPolicyNameFixer : CorsCodeFixProvider
{
    internal const string EquivalenceKey = "CORS008.UseDefinedName";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UndefinedPolicyName);

    // Each fix replaces only its own literal, so Fix All can apply them all at once.
    internal override string? BatchEquivalenceKey => EquivalenceKey;

    internal override Task<IReadOnlyList<CorsFix>> GetFixesAsync(Document document, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<CorsFix>>(
            Plan(node, diagnostic) is { } name ? new[] { new CorsFix($"Use the defined policy \"{name}\"", EquivalenceKey) } : Array.Empty<CorsFix>());

    internal override async Task<Document?> ApplyAsync(Document document, SyntaxNode node, Diagnostic diagnostic, string equivalenceKey, CancellationToken cancellationToken)
    {
        if (Plan(node, diagnostic) is not { } name)
        {
            return null;
        }

        var change = new TextChange(node.Span, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name)).ToString());
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return document.WithText(text.WithChanges(change));
    }

    /// <summary>The name the analyzer suggests, where the use is still a string literal.</summary>
    private static string? Plan(SyntaxNode node, Diagnostic diagnostic)
        => DiagnosticProperties.ValueOf(diagnostic, DiagnosticProperties.Suggestion) is { } name
           && node is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression)
            ? name
            : null;
}
