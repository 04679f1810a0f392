using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CorsAnalyzers.CodeFixes.Editing;

/// <summary>Adds using directives a fix needs, only when they are missing, in order.</summary>
internal static class Usings
{
    public static SyntaxNode Ensure(SyntaxNode root, params string?[] namespaces)
    {
        if (root is not CompilationUnitSyntax unit)
        {
            return root;
        }

        foreach (var name in namespaces)
        {
            if (name is null || unit.Usings.Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == name))
            {
                continue;
            }

            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(name)).WithAdditionalAnnotations(Formatter.Annotation);
            var index = 0;
            while (index < unit.Usings.Count
                   && unit.Usings[index].Alias is null
                   && unit.Usings[index].StaticKeyword.IsKind(SyntaxKind.None)
                   && Compare(unit.Usings[index].Name?.ToString() ?? string.Empty, name) < 0)
            {
                index++;
            }

            if (unit.Usings.Count == 0)
            {
                var eol = SyntaxFactory.EndOfLine(unit.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToString() is { Length: > 0 } e ? e : "\n");
                directive = directive.WithTrailingTrivia(eol, eol);
                var first = unit.GetFirstToken();
                directive = directive.WithLeadingTrivia(first.LeadingTrivia);
                unit = unit.ReplaceToken(first, first.WithLeadingTrivia());
                unit = unit.WithUsings(unit.Usings.Add(directive));
            }
            else
            {
                directive = directive.WithTrailingTrivia(SyntaxFactory.EndOfLine(unit.Usings[0].GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToString() is { Length: > 0 } e ? e : "\n"));
                if (index == 0)
                {
                    // Keep the file's leading trivia (header comments) in front of the first using.
                    var first = unit.Usings[0];
                    directive = directive.WithLeadingTrivia(first.GetLeadingTrivia());
                    unit = unit.ReplaceNode(first, first.WithLeadingTrivia());
                }

                unit = unit.WithUsings(unit.Usings.Insert(index, directive));
            }
        }

        return unit;
    }

    /// <summary>System first, then ordinal, as dotnet_sort_system_directives_first does.</summary>
    private static int Compare(string a, string b)
    {
        var aSystem = a == "System" || a.StartsWith("System.", StringComparison.Ordinal);
        var bSystem = b == "System" || b.StartsWith("System.", StringComparison.Ordinal);
        return aSystem != bSystem ? (aSystem ? -1 : 1) : string.CompareOrdinal(a, b);
    }
}
