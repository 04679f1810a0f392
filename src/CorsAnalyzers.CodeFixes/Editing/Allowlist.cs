using System;
using System.Collections.Generic;
using System.Linq;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CorsAnalyzers.Editing;

/// <summary>What the allowlist of a type is called, and what must be added for it.</summary>
/// <param name="CanBeDeclared">False when the set would go into a new partial Program after top-level code whose end does
/// not parse (an unterminated string or block would swallow the class): no fix that needs the set is offered then.</param>
internal sealed record AllowlistPlan(string Name, bool Exists, bool NeedsSystemUsing, bool NeedsCollectionsUsing, bool CanBeDeclared = true);

/// <summary>
/// The one allowlist a fix writes to: a <c>private static readonly HashSet&lt;string&gt;</c> with <c>StringComparer.Ordinal</c>
/// per type (for top-level statements, in a partial <c>Program</c>), named <c>AllowedCorsOrigins</c> unless
/// <c>cors_analyzers.allowlist_name</c> says otherwise. A suitable static set of origins the type already has is reused.
/// </summary>
internal static class Allowlist
{
    public const string DefaultName = Settings.DefaultAllowlistName;
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
            !IsImported(model, position, "HashSet", 1, "System.Collections.Generic"),
            CanAppendProgram(anchor));
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
                // Keep the file's convention of ending with a line break (or not).
                var endsWithLineBreak = unit.EndOfFileToken.GetPreviousToken().TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
                program = SyntaxFactory.ClassDeclaration("Program")
                    .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PartialKeyword)))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                if (endsWithLineBreak)
                {
                    program = program.WithCloseBraceToken(program.CloseBraceToken.WithTrailingTrivia(SyntaxFactory.EndOfLine(newLine)));
                }
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
                var field = CreateField(plan.Name, seeds, newLine, MemberIndentation(type));
                var newType = type.WithMembers(type.Members.Insert(0, field));
                root = root.ReplaceNode(type, newType);
            }
        }
        else if (seeds.Count > 0)
        {
            root = root.ReplaceNode(existing, AddSeeds(existing, seeds, newLine, MemberIndentation(type)));
        }

        if (!plan.Exists)
        {
            root = Usings.Ensure(root, plan.NeedsSystemUsing ? "System" : null, plan.NeedsCollectionsUsing ? "System.Collections.Generic" : null);
        }

        return root;
    }

    /// <summary>Inside a type, or top-level code that already has a partial Program or ends in a member that parses.</summary>
    private static bool CanAppendProgram(SyntaxNode anchor)
    {
        if (anchor.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().Any() || anchor.SyntaxTree.GetRoot() is not CompilationUnitSyntax unit)
        {
            return true;
        }

        return unit.Members.OfType<ClassDeclarationSyntax>().Any(c => c.Identifier.ValueText == "Program" && c.Modifiers.Any(SyntaxKind.PartialKeyword))
               || unit.Members.LastOrDefault() is not { } last
               || !last.ContainsDiagnostics;
    }

    private static FieldDeclarationSyntax? FindField(TypeDeclarationSyntax type, string name)
        => type.Members.OfType<FieldDeclarationSyntax>().FirstOrDefault(f => f.Declaration.Variables.Any(v => v.Identifier.ValueText == name));

    /// <summary>The indentation of the members of <paramref name="type"/>: that of its first member, or its own and four spaces.</summary>
    private static string MemberIndentation(TypeDeclarationSyntax type)
    {
        static string IndentationOf(SyntaxNode node)
            => node.GetLeadingTrivia().Reverse().TakeWhile(t => !t.IsKind(SyntaxKind.EndOfLineTrivia)).FirstOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).ToString();

        return type.Members.FirstOrDefault() is { } member ? IndentationOf(member) : IndentationOf(type) + "    ";
    }

    /// <summary>The field; the formatter places its first line, the lines of a seeded initializer are indented here.</summary>
    private static MemberDeclarationSyntax CreateField(string name, IReadOnlyCollection<string> seeds, string newLine, string indentation)
    {
        var text = seeds.Count == 0
            ? $"{Comment}{newLine}private static readonly HashSet<string> {name} = new HashSet<string>(StringComparer.Ordinal);{newLine}"
            : $"{Comment}{newLine}private static readonly HashSet<string> {name} = new HashSet<string>(StringComparer.Ordinal){newLine}{indentation}{{{newLine}"
              + string.Concat(seeds.Select(s => $"{indentation}    {Literal(s)},{newLine}"))
              + $"{indentation}}};{newLine}";
        var member = SyntaxFactory.ParseMemberDeclaration(text)!;
        return member.WithTrailingTrivia(member.GetTrailingTrivia().Add(SyntaxFactory.EndOfLine(newLine))).WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>
    /// Adds missing seeds to the field's collection initializer, one a line when the list is laid out that way (or when
    /// the creation has no initializer yet, as a field this class made without seeds).
    /// </summary>
    private static FieldDeclarationSyntax AddSeeds(FieldDeclarationSyntax field, IReadOnlyCollection<string> seeds, string newLine, string indentation)
    {
        var variable = field.Declaration.Variables.First();
        var creation = variable.Initializer?.Value as BaseObjectCreationExpressionSyntax;
        if (creation is null)
        {
            return field;
        }

        var initializer = creation.Initializer;
        var present = new HashSet<string>(
            initializer?.Expressions.OfType<LiteralExpressionSyntax>().Select(l => l.Token.ValueText) ?? Enumerable.Empty<string>(),
            StringComparer.Ordinal);
        var added = seeds.Where(present.Add).Select(seed => SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(seed))).ToList();
        if (added.Count == 0)
        {
            return field;
        }

        if (initializer is null)
        {
            // new HashSet<string>(StringComparer.Ordinal) → the same with { "seed", } below it.
            var eol = SyntaxFactory.EndOfLine(newLine);
            var indent = SyntaxFactory.Whitespace(indentation);
            var items = new List<SyntaxNodeOrToken>();
            foreach (var literal in added)
            {
                items.Add(literal.WithLeadingTrivia(SyntaxFactory.Whitespace(indentation + "    ")));
                items.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(eol));
            }

            var created = SyntaxFactory.InitializerExpression(
                SyntaxKind.CollectionInitializerExpression,
                SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(eol, indent).WithTrailingTrivia(eol),
                SyntaxFactory.SeparatedList<ExpressionSyntax>(items),
                SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(indent));
            var withInitializer = creation.WithoutTrailingTrivia().WithInitializer(created).WithTrailingTrivia(creation.GetTrailingTrivia());
            if (withInitializer is ObjectCreationExpressionSyntax { ArgumentList: null } noArguments)
            {
                withInitializer = noArguments.WithType(noArguments.Type.WithoutTrailingTrivia());
            }

            return field.ReplaceNode(creation, withInitializer.WithAdditionalAnnotations(Formatter.Annotation));
        }

        var oldItems = initializer.Expressions.GetWithSeparators();
        var multiLine = initializer.OpenBraceToken.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var nodes = new List<SyntaxNodeOrToken>(oldItems);
        var trailingComma = initializer.Expressions.Count > 0 && initializer.Expressions.SeparatorCount == initializer.Expressions.Count;
        if (multiLine)
        {
            // One a line, with a trailing comma, indented like the items already there.
            var itemIndentation = initializer.Expressions.FirstOrDefault()?.GetLeadingTrivia() ?? SyntaxFactory.TriviaList(SyntaxFactory.Whitespace(indentation + "    "));
            if (nodes.Count > 0 && !trailingComma)
            {
                var last = nodes[nodes.Count - 1].AsNode()!;
                nodes[nodes.Count - 1] = last.WithoutTrailingTrivia();
                nodes.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(last.GetTrailingTrivia()));
            }

            foreach (var literal in added)
            {
                nodes.Add(literal.WithLeadingTrivia(itemIndentation));
                nodes.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.EndOfLine(newLine)));
            }
        }
        else
        {
            // Keep a trailing comma if the list had one.
            if (nodes.Count > 0 && !trailingComma)
            {
                nodes.Add(SyntaxFactory.Token(SyntaxKind.CommaToken));
            }

            for (var i = 0; i < added.Count; i++)
            {
                nodes.Add(added[i]);
                if (i < added.Count - 1 || trailingComma)
                {
                    nodes.Add(SyntaxFactory.Token(SyntaxKind.CommaToken));
                }
            }
        }

        var list = SyntaxFactory.SeparatedList<ExpressionSyntax>(nodes);
        return field.ReplaceNode(initializer, initializer.WithExpressions(list).WithAdditionalAnnotations(Formatter.Annotation));
    }

    private static string Literal(string value) => SyntaxFactory.Literal(value).Text;

    private static string ConfiguredName(Document document, SyntaxTree tree)
        => document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(Settings.AllowlistNameKey, out var name)
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
