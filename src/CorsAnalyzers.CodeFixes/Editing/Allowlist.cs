using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CorsAnalyzers.Editing;

/// <summary>What the allowlist of a type is called, and what must be added for it.</summary>
internal sealed record AllowlistPlan(string Name, bool Exists, bool NeedsSystemUsing, bool NeedsCollectionsUsing);

/// <summary>
/// The one allowlist a fix writes to: a <c>private static readonly HashSet&lt;string&gt;</c> with <c>StringComparer.Ordinal</c>
/// per type (for top-level statements, in a partial <c>Program</c>), named <c>AllowedCorsOrigins</c> unless
/// <c>cors_analyzers.allowlist_name</c> says otherwise. A suitable static set of origins the type already has is reused.
/// </summary>
internal static class Allowlist
{
    public const string DefaultName = "AllowedCorsOrigins";
    public const string NameOption = "cors_analyzers.allowlist_name";
    private const string Comment = "// List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.";

    private static readonly string[] SetTypeNames = { "HashSet", "ISet", "FrozenSet", "ImmutableHashSet", "IReadOnlySet" };

    public static AllowlistPlan Plan(Document document, SemanticModel model, SyntaxNode anchor)
    {
        var position = anchor.SpanStart;
        var type = model.GetEnclosingSymbol(position)?.ContainingType;
        while (type is not null && type.IsImplicitlyDeclared && type.ContainingType is not null)
        {
            type = type.ContainingType;
        }

        var configured = ConfiguredName(document, anchor.SyntaxTree);
        if (type is not null)
        {
            foreach (var member in type.GetMembers())
            {
                if (member.Name == configured && IsStringSet(member))
                {
                    return new AllowlistPlan(member.Name, true, false, false);
                }
            }

            foreach (var member in type.GetMembers())
            {
                if (member.Name.IndexOf("Origin", StringComparison.OrdinalIgnoreCase) >= 0 && IsStringSet(member))
                {
                    return new AllowlistPlan(member.Name, true, false, false);
                }
            }
        }

        return new AllowlistPlan(
            configured,
            false,
            !IsImported(model, position, "StringComparer", 0, "System"),
            !IsImported(model, position, "HashSet", 1, "System.Collections.Generic"));
    }

    /// <summary>The expression that asks the allowlist: <c>AllowedCorsOrigins.Contains(value)</c>.</summary>
    public static ExpressionSyntax Contains(AllowlistPlan plan, ExpressionSyntax value)
        => SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(plan.Name), SyntaxFactory.IdentifierName("Contains")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(value.WithoutTrivia()))));

    /// <summary>The method group <c>AllowedCorsOrigins.Contains</c>, for <c>SetIsOriginAllowed</c>.</summary>
    public static ExpressionSyntax ContainsMethodGroup(AllowlistPlan plan)
        => SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(plan.Name), SyntaxFactory.IdentifierName("Contains"));

    /// <summary>
    /// Makes sure the type that holds the node annotated with <paramref name="anchor"/> declares the allowlist (once),
    /// with <paramref name="seeds"/> in it, and that the usings it needs are there.
    /// </summary>
    public static SyntaxNode Ensure(SyntaxNode root, SyntaxAnnotation anchor, AllowlistPlan plan, IReadOnlyCollection<string> seeds)
    {
        var node = root.GetAnnotatedNodes(anchor).FirstOrDefault();
        if (node is null || root is not CompilationUnitSyntax)
        {
            return root;
        }

        var newLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToString() is { Length: > 0 } eol ? eol : "\n";
        var type = node.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
        if (type is null)
        {
            // Top-level statements: the field goes into a partial Program of this file.
            var unit = (CompilationUnitSyntax)root;
            var program = unit.Members.OfType<ClassDeclarationSyntax>().FirstOrDefault(c => c.Identifier.ValueText == "Program" && c.Modifiers.Any(SyntaxKind.PartialKeyword));
            if (program is null)
            {
                program = SyntaxFactory.ClassDeclaration("Program")
                    .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PartialKeyword)))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                root = unit.AddMembers(program);
                program = ((CompilationUnitSyntax)root).Members.OfType<ClassDeclarationSyntax>().Last();
            }

            type = program;
        }

        var existing = FindField(type, plan.Name);
        if (existing is null)
        {
            if (!plan.Exists)
            {
                var field = CreateField(plan.Name, seeds, newLine);
                var newType = type.WithMembers(type.Members.Insert(0, field));
                root = root.ReplaceNode(type, newType);
            }
        }
        else if (seeds.Count > 0)
        {
            root = root.ReplaceNode(existing, AddSeeds(existing, seeds));
        }

        if (!plan.Exists)
        {
            root = Usings.Ensure(root, plan.NeedsSystemUsing ? "System" : null, plan.NeedsCollectionsUsing ? "System.Collections.Generic" : null);
        }

        return root;
    }

    private static FieldDeclarationSyntax? FindField(TypeDeclarationSyntax type, string name)
        => type.Members.OfType<FieldDeclarationSyntax>().FirstOrDefault(f => f.Declaration.Variables.Any(v => v.Identifier.ValueText == name));

    private static MemberDeclarationSyntax CreateField(string name, IReadOnlyCollection<string> seeds, string newLine)
    {
        var text = seeds.Count == 0
            ? $"{Comment}{newLine}private static readonly HashSet<string> {name} = new HashSet<string>(StringComparer.Ordinal);{newLine}"
            : $"{Comment}{newLine}private static readonly HashSet<string> {name} = new HashSet<string>(StringComparer.Ordinal){newLine}{{{newLine}"
              + string.Concat(seeds.Select(s => $"    {Literal(s)},{newLine}"))
              + $"}};{newLine}";
        var member = SyntaxFactory.ParseMemberDeclaration(text)!;
        return member.WithTrailingTrivia(member.GetTrailingTrivia().Add(SyntaxFactory.EndOfLine(newLine))).WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>Adds missing seeds to a collection initializer the field already has.</summary>
    private static FieldDeclarationSyntax AddSeeds(FieldDeclarationSyntax field, IReadOnlyCollection<string> seeds)
    {
        var variable = field.Declaration.Variables.First();
        var initializer = variable.Initializer?.Value switch
        {
            ObjectCreationExpressionSyntax creation => creation.Initializer,
            ImplicitObjectCreationExpressionSyntax implicitCreation => implicitCreation.Initializer,
            _ => null,
        };
        if (initializer is null)
        {
            return field;
        }

        var present = new HashSet<string>(initializer.Expressions.OfType<LiteralExpressionSyntax>().Select(l => l.Token.ValueText), StringComparer.Ordinal);
        var expressions = initializer.Expressions.ToList();
        foreach (var seed in seeds)
        {
            if (present.Add(seed))
            {
                expressions.Add(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(seed)));
            }
        }

        if (expressions.Count == initializer.Expressions.Count)
        {
            return field;
        }

        // Keep a trailing comma if the list had one.
        var trailingComma = initializer.Expressions.Count > 0 && initializer.Expressions.SeparatorCount == initializer.Expressions.Count;
        var separators = Enumerable.Repeat(SyntaxFactory.Token(SyntaxKind.CommaToken), trailingComma ? expressions.Count : expressions.Count - 1);
        var added = SyntaxFactory.SeparatedList(expressions, separators);

        return field.ReplaceNode(initializer, initializer.WithExpressions(added).WithAdditionalAnnotations(Formatter.Annotation));
    }

    private static string Literal(string value) => SyntaxFactory.Literal(value).Text;

    private static string ConfiguredName(Document document, SyntaxTree tree)
        => document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(NameOption, out var name)
           && SyntaxFacts.IsValidIdentifier(name.Trim())
            ? name.Trim()
            : DefaultName;

    private static bool IsStringSet(ISymbol member)
    {
        var type = member switch
        {
            IFieldSymbol { IsStatic: true, IsReadOnly: true } field => field.Type,
            IFieldSymbol { IsStatic: true, IsConst: false } field when field.IsReadOnly => field.Type,
            IPropertySymbol { IsStatic: true, SetMethod: null } property => property.Type,
            _ => null,
        };
        return type is INamedTypeSymbol { TypeArguments.Length: 1 } named
               && named.TypeArguments[0].SpecialType == SpecialType.System_String
               && SetTypeNames.Contains(named.Name);
    }

    private static bool IsImported(SemanticModel model, int position, string name, int arity, string containingNamespace)
        => model.LookupNamespacesAndTypes(position, name: name)
            .OfType<INamedTypeSymbol>()
            .Any(t => t.Arity == arity && t.ContainingNamespace.ToDisplayString() == containingNamespace);
}
