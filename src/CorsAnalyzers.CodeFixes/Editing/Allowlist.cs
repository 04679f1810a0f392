using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CorsAnalyzers.CodeFixes.Editing;

/// <summary>What the allowlist of one check is called, and what must be added for it.</summary>
/// <param name="CanBeDeclared">False when the set would go into a new partial Program after top-level code whose end does
/// not parse (an unterminated string or block would swallow the class), or when no free name is left: no fix that needs
/// the set is offered then.</param>
/// <param name="AddsSeeds">The set exists and belongs to this check alone (another part of the same <c>||</c> condition
/// looks it up, nothing else does): the seeds are added to it.</param>
internal sealed record AllowlistPlan(string Name, bool Exists, bool NeedsSystemUsing, bool NeedsCollectionsUsing, bool CanBeDeclared = true, bool AddsSeeds = false);

/// <summary>
/// The allowlist a fix writes to: a <c>private static readonly HashSet&lt;string&gt;</c> with <c>StringComparer.Ordinal</c>
/// in the type of the check (for top-level statements, in a partial <c>Program</c>).
/// <para>
/// Each check keeps its own set, seeded only with the origins that check itself names, so that a fix (and Fix All, which
/// fixes the checks of a type one after the other) never makes a check accept an origin that only another check named.
/// A set is shared only when its entries are exactly the seeds of the check, as written in its initializer. The set of a
/// check in a named policy is called after the policy (<c>AllowedCorsOriginsForIntranet</c>); elsewhere the base name
/// (<c>AllowedCorsOrigins</c>, or <c>cors_analyzers.allowlist_name</c>) is used while it is free or holds the same seeds,
/// then the name of the member that makes the check (<c>AllowedCorsOriginsForIsTrusted</c>), then a number.
/// </para>
/// </summary>
internal static class Allowlist
{
    public const string DefaultName = Settings.DefaultAllowlistName;
    private const string Comment = "// List the exact origins (scheme://host[:port]) allowed to make CORS requests; an empty set denies every origin.";

    /// <summary>How many numbered names are tried before no fix is offered.</summary>
    private const int MaxNumberedNames = 9;

    public static AllowlistPlan Plan(Document document, SemanticModel model, SyntaxNode anchor, IReadOnlyCollection<string> seeds)
    {
        var position = anchor.SpanStart;
        var type = model.GetEnclosingSymbol(position)?.ContainingType;
        while (type is not null && type.IsImplicitlyDeclared && type.ContainingType is not null)
        {
            type = type.ContainingType;
        }

        var needsSystem = !IsImported(model, position, "StringComparer", 0, "System");
        var needsCollections = !IsImported(model, position, "HashSet", 1, "System.Collections.Generic");
        var canAppend = CanAppendProgram(anchor);
        foreach (var name in NameCandidates(ConfiguredName(document, anchor.SyntaxTree), anchor, model))
        {
            var members = type?.GetMembers(name) ?? ImmutableArray<ISymbol>.Empty;
            if (members.IsEmpty)
            {
                // A local, parameter or outer member of that name would hide the field or be hidden by it.
                if (model.LookupSymbols(position, name: name).IsEmpty)
                {
                    return new AllowlistPlan(name, false, needsSystem, needsCollections, canAppend);
                }

                continue;
            }

            if (members.Length == 1 && EntriesOf(members[0]) is { } entries && entries.SetEquals(seeds))
            {
                return new AllowlistPlan(name, true, false, false);
            }
        }

        return new AllowlistPlan(DefaultName, false, false, false, CanBeDeclared: false);
    }

    /// <summary>
    /// The set another part of the same check already looks <paramref name="origin"/> up in
    /// (<c>AllowedCorsOrigins.Contains(origin) || origin.EndsWith("fabrikam.com")</c>, once the first part is fixed), when
    /// nothing but that condition uses it and its declaration lists its entries: the check's seeds join it, and the two
    /// lookups become one. Only across <c>||</c>, where the check accepts what either part accepts. Null otherwise.
    /// </summary>
    public static AllowlistPlan? PlanInSameCheck(SemanticModel model, ExpressionSyntax replaced, ExpressionSyntax origin)
    {
        SyntaxNode top = replaced;
        while (top.Parent is ParenthesizedExpressionSyntax || top.Parent is BinaryExpressionSyntax parent && parent.IsKind(SyntaxKind.LogicalOrExpression))
        {
            top = top.Parent;
        }

        if (top == replaced || model.GetEnclosingSymbol(replaced.SpanStart)?.ContainingType is not { } type)
        {
            return null;
        }

        foreach (var lookup in top.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (lookup.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Contains", Expression: IdentifierNameSyntax set }
                || lookup.ArgumentList.Arguments.Count != 1
                || !SyntaxFactory.AreEquivalent(lookup.ArgumentList.Arguments[0].Expression, origin, topLevel: false)
                || model.GetSymbolInfo(set).Symbol is not IFieldSymbol field
                || !SymbolEqualityComparer.Default.Equals(field.ContainingType, type)
                || EntriesOf(field) is null
                || !UsedOnlyWithin(field, type, top))
            {
                continue;
            }

            return new AllowlistPlan(field.Name, true, false, false, AddsSeeds: true);
        }

        return null;
    }

    /// <summary>Every mention of the field's name in its type's declarations, but its own, lies inside <paramref name="scope"/>.</summary>
    private static bool UsedOnlyWithin(IFieldSymbol field, INamedTypeSymbol type, SyntaxNode scope)
    {
        foreach (var declaration in type.DeclaringSyntaxReferences)
        {
            foreach (var name in declaration.GetSyntax().DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText == field.Name && (name.SyntaxTree != scope.SyntaxTree || !scope.Span.Contains(name.Span)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The names a check's set may have, best first.</summary>
    private static IEnumerable<string> NameCandidates(string baseName, SyntaxNode anchor, SemanticModel model)
    {
        if (PolicyNameAround(anchor, model) is { } policy)
        {
            var name = baseName + "For" + policy;
            yield return name;
            for (var i = 2; i <= MaxNumberedNames; i++)
            {
                yield return name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            yield break;
        }

        yield return baseName;
        if (MemberNameAround(anchor) is { } member)
        {
            yield return baseName + "For" + member;
        }

        for (var i = 2; i <= MaxNumberedNames; i++)
        {
            yield return baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// The name of the policy whose configuration holds <paramref name="anchor"/>: the constant name passed to
    /// <c>AddPolicy(name, policy =&gt; ..)</c>, or <c>DefaultPolicy</c> for <c>AddDefaultPolicy</c>, as an identifier part.
    /// </summary>
    private static string? PolicyNameAround(SyntaxNode anchor, SemanticModel model)
    {
        foreach (var argument in anchor.Ancestors().OfType<ArgumentSyntax>())
        {
            if (argument.Parent?.Parent is not InvocationExpressionSyntax call)
            {
                continue;
            }

            var method = call.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                _ => null,
            };
            if (method == "AddDefaultPolicy")
            {
                return "DefaultPolicy";
            }

            if (method == "AddPolicy" && call.ArgumentList.Arguments.Count == 2 && call.ArgumentList.Arguments[1] == argument
                && model.GetConstantValue(call.ArgumentList.Arguments[0].Expression).Value is string policy)
            {
                return IdentifierPart(policy);
            }
        }

        return null;
    }

    /// <summary>The method, local function, property or constructor that holds <paramref name="anchor"/>; a middleware's <c>Invoke</c> is named by its type.</summary>
    private static string? MemberNameAround(SyntaxNode anchor)
    {
        foreach (var node in anchor.Ancestors())
        {
            var name = node switch
            {
                LocalFunctionStatementSyntax local => local.Identifier.ValueText,
                MethodDeclarationSyntax method => method.Identifier.ValueText,
                PropertyDeclarationSyntax property => property.Identifier.ValueText,
                ConstructorDeclarationSyntax constructor => constructor.Identifier.ValueText,
                _ => null,
            };
            if (name is null)
            {
                continue;
            }

            if (name is "Invoke" or "InvokeAsync" && node.Parent is TypeDeclarationSyntax type)
            {
                name = type.Identifier.ValueText;
            }
            else if (name.Length > "Async".Length && name.EndsWith("Async", StringComparison.Ordinal))
            {
                name = name.Substring(0, name.Length - "Async".Length);
            }

            return IdentifierPart(name);
        }

        return null;
    }

    /// <summary>"my-policy" → "MyPolicy": letters and digits, each word capitalised; null when nothing is left.</summary>
    private static string? IdentifierPart(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        var upper = true;
        foreach (var c in text)
        {
            if (c < 128 && char.IsLetterOrDigit(c))
            {
                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>
    /// The origins a static read-only string set holds, when its declaration says all of them: an ordinal
    /// <c>HashSet&lt;string&gt;</c> created with string literals only (or none). Null for anything else (a set filled from
    /// configuration, another comparer, another collection), which is then never shared.
    /// </summary>
    private static HashSet<string>? EntriesOf(ISymbol member)
    {
        if (member is not IFieldSymbol { IsStatic: true, IsReadOnly: true, Type: INamedTypeSymbol { Name: "HashSet", TypeArguments.Length: 1 } type } field
            || type.TypeArguments[0].SpecialType != SpecialType.System_String
            || field.DeclaringSyntaxReferences.Length != 1
            || field.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax creation })
        {
            return null;
        }

        var arguments = creation.ArgumentList is { } list ? list.Arguments : default;
        if (arguments.Count > 1
            || arguments.Count == 1 && arguments[0].Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Ordinal", Expression: IdentifierNameSyntax { Identifier.ValueText: "StringComparer" } or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "StringComparer" } })
        {
            return null;
        }

        var entries = new HashSet<string>(StringComparer.Ordinal);
        foreach (var expression in creation.Initializer is { } initializer ? initializer.Expressions : default)
        {
            if (expression is not LiteralExpressionSyntax literal || !literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                return null;
            }

            entries.Add(literal.Token.ValueText);
        }

        return entries;
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
    /// Makes sure the type that holds the node annotated with <paramref name="anchor"/> declares the planned allowlist
    /// (once), with <paramref name="seeds"/> in it, and that the usings it needs are there.
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

        // A set that exists holds exactly the seeds, or belongs to this check alone (Plan shares no other): nothing is
        // added to a set another check may use.
        var existing = FindField(type, plan.Name);
        if (existing is null && !plan.Exists)
        {
            // After the allowlists made before it, so that Fix All lists them in the order of their checks.
            var field = CreateField(plan.Name, seeds, newLine, MemberIndentation(type));
            var index = 0;
            for (var i = 0; i < type.Members.Count; i++)
            {
                if (type.Members[i] is FieldDeclarationSyntax f && f.GetLeadingTrivia().ToString().Contains(Comment))
                {
                    index = i + 1;
                }
            }

            var previousTrailing = index > 0 ? type.Members[index - 1].GetTrailingTrivia() : default;
            if (index > 0 && !(previousTrailing.Count >= 2
                               && previousTrailing[previousTrailing.Count - 1].IsKind(SyntaxKind.EndOfLineTrivia)
                               && previousTrailing[previousTrailing.Count - 2].IsKind(SyntaxKind.EndOfLineTrivia)))
            {
                // Below an allowlist whose blank line is the next member's: the field's blank line goes before it.
                field = field.WithLeadingTrivia(field.GetLeadingTrivia().Insert(0, SyntaxFactory.EndOfLine(newLine)))
                    .WithTrailingTrivia(field.GetTrailingTrivia().RemoveAt(field.GetTrailingTrivia().Count - 1));
            }

            root = root.ReplaceNode(type, type.WithMembers(type.Members.Insert(index, field)));
        }
        else if (existing is not null && plan.AddsSeeds && seeds.Count > 0)
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

        // A member a fix has just added has no indentation yet (the formatter places it when the fix is applied).
        foreach (var member in type.Members)
        {
            if (IndentationOf(member) is { Length: > 0 } indentation)
            {
                return indentation;
            }
        }

        return IndentationOf(type) + "    ";
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

    private static bool IsImported(SemanticModel model, int position, string name, int arity, string containingNamespace)
        => model.LookupNamespacesAndTypes(position, name: name)
            .OfType<INamedTypeSymbol>()
            .Any(t => t.Arity == arity && t.ContainingNamespace.ToDisplayString() == containingNamespace);
}
