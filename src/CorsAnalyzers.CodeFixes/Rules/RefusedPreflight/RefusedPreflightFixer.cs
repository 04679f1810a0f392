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
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.CodeFixes.Rules;

/// <summary>
/// CORS010: adds what the list leaves out (<see cref="DiagnosticProperties.Missing"/>): the methods to a
/// <c>WithMethods(...)</c> list (<c>HttpMethods.Delete</c> where the list uses <c>HttpMethods</c>), <c>Authorization</c> to a
/// <c>WithHeaders(...)</c> list (<c>HeaderNames.Authorization</c> where it uses <c>HeaderNames</c>), or to a hand-written
/// header's string literal. Offered only where every entry of the list is written in the call (a string literal or one
/// of those constants), never for a hand-written <c>*</c> (which list the clients send is not known), nor for a
/// <c>CorsPolicy</c>'s <c>Methods.Add</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RefusedPreflightFixer)), Shared]
public sealed class RefusedPreflightFixer : CorsCodeFixProvider
{
    internal const string EquivalenceKey = "CORS010.AllowMissing";

    private static readonly string[] s_methodConstants = { "Get", "Post", "Put", "Delete", "Patch", "Head", "Options", "Trace", "Connect" };

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.RefusedPreflight);

    // Each fix edits only its own list, so Fix All can apply them all at once.
    internal override string? BatchEquivalenceKey => EquivalenceKey;

    internal override Task<IReadOnlyList<CorsFix>> GetFixesAsync(Document document, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<CorsFix>>(
            Plan(node, diagnostic) is { } plan ? new[] { new CorsFix($"Allow {plan.Missing}", EquivalenceKey) } : Array.Empty<CorsFix>());

    internal override async Task<Document?> ApplyAsync(Document document, SyntaxNode node, Diagnostic diagnostic, string equivalenceKey, CancellationToken cancellationToken)
    {
        if (Plan(node, diagnostic) is not { } plan)
        {
            return null;
        }

        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return document.WithText(text.WithChanges(plan.Change));
    }

    private static (TextChange Change, string Missing)? Plan(SyntaxNode node, Diagnostic diagnostic)
    {
        if (DiagnosticProperties.ValueOf(diagnostic, DiagnosticProperties.Missing) is not { Length: > 0 } value)
        {
            return null;
        }

        var missing = value.Split(',');
        var label = string.Join(", ", missing);
        switch (DiagnosticProperties.KindOf(diagnostic))
        {
            case DiagnosticProperties.Kinds.MethodList:
                return AppendTo(node, "WithMethods", "HttpMethods", missing, MethodConstant) is { } methods ? (methods, label) : null;
            case DiagnosticProperties.Kinds.HeaderList:
                return AppendTo(node, "WithHeaders", "HeaderNames", missing, h => h == "Authorization" ? "Authorization" : null) is { } headers ? (headers, label) : null;
            case DiagnosticProperties.Kinds.HeaderWrite:
                return ExtendLiteral(node, missing) is { } literal ? (literal, label) : null;
            default:
                return null;
        }
    }

    /// <summary><c>WithMethods("GET", "POST")</c> → <c>WithMethods("GET", "POST", "DELETE")</c>; null unless every argument is a literal or a constant of <paramref name="constants"/>.</summary>
    private static TextChange? AppendTo(SyntaxNode node, string method, string constants, string[] missing, Func<string, string?> constantName)
    {
        // A half-typed list (a missing comma or parenthesis) is left alone: appending to it would add to the errors.
        if (node is not ArgumentListSyntax { Arguments.Count: > 0 } list
            || list.ContainsDiagnostics
            || list.Parent is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
            || access.Name.Identifier.ValueText != method)
        {
            return null;
        }

        string? receiver = null;
        foreach (var argument in list.Arguments)
        {
            if (argument.NameColon is not null || !argument.RefKindKeyword.IsKind(SyntaxKind.None))
            {
                return null;
            }

            switch (argument.Expression)
            {
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                    break;
                case MemberAccessExpressionSyntax member when LastName(member.Expression) == constants:
                    receiver ??= member.Expression.ToString();
                    break;
                default:
                    return null;
            }
        }

        var added = missing.Select(m => receiver is not null && constantName(m) is { } name
            ? receiver + "." + name
            : SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(m)).ToString());
        return new TextChange(new TextSpan(list.Arguments.Last().Span.End, 0), ", " + string.Join(", ", added));
    }

    /// <summary><c>"GET, POST"</c> → <c>"GET, POST, DELETE"</c>; null for a <c>*</c> or anything but a string literal.</summary>
    private static TextChange? ExtendLiteral(SyntaxNode node, string[] missing)
    {
        if (node is not LiteralExpressionSyntax literal || !literal.IsKind(SyntaxKind.StringLiteralExpression) || literal.ContainsDiagnostics)
        {
            return null;
        }

        var value = literal.Token.ValueText;
        var items = value.Split(',').Select(i => i.Trim()).ToList();
        if (items.Contains("*"))
        {
            return null;
        }

        var separator = value.Contains(",") && !value.Contains(", ") ? "," : ", ";
        var trimmed = value.TrimEnd();
        var extended = (trimmed.Length == 0 ? string.Empty : trimmed + separator) + string.Join(separator, missing);
        return new TextChange(literal.Span, SyntaxFactory.Literal(extended).ToString());
    }

    private static string? MethodConstant(string method)
        => s_methodConstants.FirstOrDefault(c => string.Equals(c, method, StringComparison.OrdinalIgnoreCase));

    private static string? LastName(ExpressionSyntax expression)
        => expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            _ => null,
        };
}
