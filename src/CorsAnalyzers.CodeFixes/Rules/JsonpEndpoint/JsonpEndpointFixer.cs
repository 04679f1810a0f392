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
/// CORS012: turn WCF's JSONP off, <c>CrossDomainScriptAccessEnabled = false</c>, where the code sets it with the literal
/// <c>true</c>. Nothing for hand-written JSONP or a JSONP formatter (the right answer is a CORS policy, which only the
/// developer can write: the allowed origins), nor for web.config (a code fix edits no configuration file).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(JsonpEndpointFixer)), Shared]
public sealed class JsonpEndpointFixer : CorsCodeFixProvider
{
    internal const string EquivalenceKey = "CORS012.DisableCrossDomainScriptAccess";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.JsonpEndpoint);

    // Each fix replaces only its own literal, so Fix All can apply them all at once.
    internal override string? BatchEquivalenceKey => EquivalenceKey;

    internal override Task<IReadOnlyList<CorsFix>> GetFixesAsync(Document document, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<CorsFix>>(
            IsFixable(node, diagnostic) ? new[] { new CorsFix("Turn off WCF's JSONP (CrossDomainScriptAccessEnabled = false)", EquivalenceKey) } : Array.Empty<CorsFix>());

    internal override async Task<Document?> ApplyAsync(Document document, SyntaxNode node, Diagnostic diagnostic, string equivalenceKey, CancellationToken cancellationToken)
    {
        if (!IsFixable(node, diagnostic))
        {
            return null;
        }

        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return document.WithText(text.WithChanges(new TextChange(node.Span, "false")));
    }

    private static bool IsFixable(SyntaxNode node, Diagnostic diagnostic)
        => DiagnosticProperties.IsKind(diagnostic, DiagnosticProperties.Kinds.CrossDomainScriptAccess)
           && node is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.TrueLiteralExpression);
}
