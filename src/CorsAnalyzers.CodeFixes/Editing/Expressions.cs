using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CorsAnalyzers.CodeFixes.Editing;

/// <summary>Small expression rewrites the fixes share.</summary>
internal static class Expressions
{
    /// <summary><c>value.ToString()</c>, with parentheses around <paramref name="value"/> only where they are needed.</summary>
    public static ExpressionSyntax ToStringOf(ExpressionSyntax value)
        => SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AsReceiver(value), SyntaxFactory.IdentifierName("ToString")));

    /// <summary><paramref name="value"/> as the receiver of a member access: parenthesized unless it is a name, access, call or indexer.</summary>
    public static ExpressionSyntax AsReceiver(ExpressionSyntax value)
        => value.WithoutTrivia() is var bare && bare is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
            or ParenthesizedExpressionSyntax or ThisExpressionSyntax
            ? bare
            : SyntaxFactory.ParenthesizedExpression(bare);
}
