using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CorsAnalyzers.CodeFixes.Editing;

/// <summary>Replaces one statement by several, wherever it stands: a block, a switch section, top-level code, or an embedded statement.</summary>
internal static class Statements
{
    /// <summary>The statement that is exactly this expression (<c>headers[name] = value;</c>), if any.</summary>
    public static ExpressionStatementSyntax? OfExpression(SyntaxNode expression)
        => expression.Parent is ExpressionStatementSyntax statement && statement.Expression == expression ? statement : null;

    public static bool CanReplace(StatementSyntax statement)
        => statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax
            or IfStatementSyntax or ElseClauseSyntax or WhileStatementSyntax or ForStatementSyntax or ForEachStatementSyntax or UsingStatementSyntax or LockStatementSyntax;

    public static SyntaxNode Replace(SyntaxNode root, StatementSyntax statement, IReadOnlyList<StatementSyntax> replacements)
    {
        var first = replacements[0].WithLeadingTrivia(statement.GetLeadingTrivia());
        var last = replacements.Count == 1 ? first : replacements[replacements.Count - 1];
        last = last.WithTrailingTrivia(statement.GetTrailingTrivia());
        var list = replacements.Count == 1 ? new[] { last } : new[] { first }.Concat(replacements.Skip(1).Take(replacements.Count - 2)).Concat(new[] { last }).ToArray();
        var annotated = list.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation)).ToArray();

        switch (statement.Parent)
        {
            case BlockSyntax or SwitchSectionSyntax:
                return root.ReplaceNode(statement, annotated);
            case GlobalStatementSyntax global:
                return root.ReplaceNode(global, annotated.Select(s => (SyntaxNode)SyntaxFactory.GlobalStatement(s)));
            default:
                return root.ReplaceNode(statement, SyntaxFactory.Block(annotated.Select(s => s.WithLeadingTrivia(s.GetLeadingTrivia().Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia))))).WithAdditionalAnnotations(Formatter.Annotation));
        }
    }

    /// <summary>A name for a new local at <paramref name="at"/> that clashes with nothing declared in the enclosing member.</summary>
    public static string UniqueLocalName(SemanticModel model, SyntaxNode at, params string[] candidates)
    {
        var member = at.AncestorsAndSelf().FirstOrDefault(n => n is MemberDeclarationSyntax or CompilationUnitSyntax) ?? at.SyntaxTree.GetRoot();
        var declared = new HashSet<string>(member.DescendantNodes().Select(DeclaredName).Where(n => n is not null)!);
        foreach (var candidate in candidates.Concat(Enumerable.Range(2, 20).Select(i => candidates[0] + i)))
        {
            if (!declared.Contains(candidate)
                && !model.LookupSymbols(at.SpanStart, name: candidate).Any(s => s.Kind is SymbolKind.Local or SymbolKind.Parameter or SymbolKind.RangeVariable))
            {
                return candidate;
            }
        }

        return candidates[0] + "Checked";
    }

    private static string? DeclaredName(SyntaxNode node)
        => node switch
        {
            VariableDeclaratorSyntax v => v.Identifier.ValueText,
            SingleVariableDesignationSyntax d => d.Identifier.ValueText,
            ParameterSyntax p => p.Identifier.ValueText,
            ForEachStatementSyntax f => f.Identifier.ValueText,
            CatchDeclarationSyntax c => c.Identifier.ValueText,
            LocalFunctionStatementSyntax l => l.Identifier.ValueText,
            _ => null,
        };
}
