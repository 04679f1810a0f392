using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CorsAnalyzers.CodeFixes.Editing;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.CodeFixes.Rules;

/// <summary>
/// CORS004: remove the <c>"null"</c> entry where it stands, as the kind of finding the analyzer says it is
/// (<see cref="DiagnosticProperties.Kind"/>).
/// <list type="bullet">
/// <item><see cref="DiagnosticProperties.Kinds.ListEntry"/>, an entry of a list: a <c>WithOrigins</c> /
/// <c>new CorsPolicyBuilder</c> argument next to other origins, an array or collection initializer element, an
/// <c>Add("null");</c> statement.</item>
/// <item><see cref="DiagnosticProperties.Kinds.Test"/>, a test of the origin: the <c>origin == "null"</c> (or
/// <c>string.Equals</c>, <c>is "null"</c>) operand of an <c>||</c>, the <c>"null"</c> side of an <c>or</c> pattern, a
/// <c>case "null":</c> label that shares its section with other labels.</item>
/// <item><see cref="DiagnosticProperties.Kinds.HeaderWrite"/>, a hand-written <c>Access-Control-Allow-Origin: null</c>
/// (also <c>origin ?? "null"</c>, <c>ok ? origin : "null"</c>): the exact allowlist check of the request's Origin that
/// CORS001's fix writes.</item>
/// </list>
/// Not offered where nothing would be left (the only origin, the whole condition, the only case label), for collection
/// expressions, and where the write cannot be rewritten (a helper, not ASP.NET Core for a constant "null").
/// A constant passed by name (<c>WithOrigins(Sandboxed)</c>) is removed where it is passed; its declaration stays.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NullOriginFixer)), Shared]
public sealed class NullOriginFixer : CorsCodeFixProvider
{
    internal const string EquivalenceKey = "CORS004.RemoveNull";
    private static readonly CorsFix[] s_fix = { new("Remove the 'null' origin", EquivalenceKey) };

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.NullOrigin);

    internal override async Task<IReadOnlyList<CorsFix>> GetFixesAsync(Document document, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
        => await PlanAsync(document, node, diagnostic, cancellationToken).ConfigureAwait(false) is null ? Array.Empty<CorsFix>() : s_fix;

    internal override async Task<Document?> ApplyAsync(Document document, SyntaxNode node, Diagnostic diagnostic, string equivalenceKey, CancellationToken cancellationToken)
    {
        var edit = await PlanAsync(document, node, diagnostic, cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (edit is null || root is null || edit(root) is not { } newRoot)
        {
            return null;
        }

        // A comment on the statement that says why "null" is allowed ("for the file:// pages") is false once it is gone.
        var statement = node.AncestorsAndSelf().FirstOrDefault(n => n is StatementSyntax or MemberDeclarationSyntax);
        return document.WithSyntaxRoot(statement is null ? newRoot : Comments.RemoveClaimsAt(newRoot, statement.SpanStart, Comments.NullOriginClaim));
    }

    /// <summary>The edit for the kind of finding the analyzer reported, when the code at the location is still of that kind.</summary>
    private static async Task<Func<SyntaxNode, SyntaxNode?>?> PlanAsync(Document document, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (node is not ExpressionSyntax entry
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
            || model.GetOperation(entry, cancellationToken) is not { } operation)
        {
            return null;
        }

        return DiagnosticProperties.KindOf(diagnostic) switch
        {
            DiagnosticProperties.Kinds.HeaderWrite => PlanWrite(document, model, operation, entry),
            DiagnosticProperties.Kinds.ListEntry => PlanEntry(model, entry, cancellationToken),
            DiagnosticProperties.Kinds.Test => PlanTest(entry),
            _ => null,
        };
    }

    /// <summary>The written value holds the "null": the exact allowlist check of the request's Origin that CORS001's fix writes.</summary>
    private static Func<SyntaxNode, SyntaxNode?>? PlanWrite(Document document, SemanticModel model, IOperation operation, ExpressionSyntax entry)
    {
        // The header write is asked about again: the edit is planned on the current document (its statement, the type's allowlist).
        var knowledge = CorsKnowledge.Create(model.Compilation);
        if (MembershipCheck.FindWrite(operation, entry, knowledge, valueOrInside: true) is not { Value: { } value } write
            || !HandWrittenCors.ConstantLeaves(value).Any(leaf => leaf.Source.Syntax == entry))
        {
            return null;
        }

        var origin = OriginBranch(value, knowledge);
        var membership = MembershipCheck.Plan(document, model, write, origin, knowledge, ExactCondition(value, origin, knowledge));
        return membership is null ? null : root => MembershipCheck.Apply(root, membership);
    }

    /// <summary>An entry of a list: a params argument, an <c>Add("null");</c> statement, an array or collection initializer element.</summary>
    private static Func<SyntaxNode, SyntaxNode?>? PlanEntry(SemanticModel model, ExpressionSyntax entry, CancellationToken cancellationToken)
    {
        var outer = Outermost(entry);
        switch (outer.Parent)
        {
            case ArgumentSyntax { Parent: ArgumentListSyntax arguments } argument:
                return PlanArgument(model, argument, arguments, cancellationToken);

            case InitializerExpressionSyntax initializer when initializer.IsKind(SyntaxKind.ArrayInitializerExpression) || initializer.IsKind(SyntaxKind.CollectionInitializerExpression):
                // new[] { "null" } would have no element type left.
                if (initializer.Expressions.Count == 1 && initializer.Parent is ImplicitArrayCreationExpressionSyntax)
                {
                    return null;
                }

                return root => root.ReplaceNode(initializer, initializer.WithExpressions(ListItems.Remove(initializer.Expressions, outer)));

            default:
                return null;
        }
    }

    /// <summary>A test of the origin: one side of an <c>||</c>, one side of an <c>or</c> pattern, a case label among others.</summary>
    private static Func<SyntaxNode, SyntaxNode?>? PlanTest(ExpressionSyntax entry)
    {
        var outer = Outermost(entry);
        switch (outer.Parent)
        {
            // string.Equals(origin, "null", ...) || ..., origin.Equals("null") || ...
            case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Equals" } } equals } }:
                return RemoveDisjunct(equals);

            case BinaryExpressionSyntax comparison when comparison.IsKind(SyntaxKind.EqualsExpression):
                return RemoveDisjunct(comparison);

            case ConstantPatternSyntax constant:
                return PlanPattern(constant);

            case CaseSwitchLabelSyntax label when label.Parent is SwitchSectionSyntax section && section.Labels.Count > 1:
                return root => root.ReplaceNode(section, section.WithLabels(section.Labels.Remove(label)).WithLeadingTrivia(section.GetLeadingTrivia()));

            default:
                return null;
        }
    }

    /// <summary>The branch of <c>origin ?? "null"</c> / <c>ok ? origin : "null"</c> that carries the request's Origin, or null for a plain "null".</summary>
    private static IOperation? OriginBranch(IOperation value, CorsKnowledge knowledge)
    {
        var bare = value.WalkDownConversions();
        IOperation?[] branches = bare switch
        {
            ICoalesceOperation coalesce => new[] { coalesce.Value, coalesce.WhenNull },
            IConditionalOperation conditional => new[] { conditional.WhenTrue, conditional.WhenFalse },
            _ => Array.Empty<IOperation?>(),
        };
        return branches.FirstOrDefault(b => b is not null && HandWrittenCors.ConstantOf(b) is null && knowledge.OriginFlow.CarriesOrigin(b));
    }

    /// <summary>
    /// For <c>check ? origin : "null"</c> where <c>check</c> is an exact check of the origin: the condition under which the
    /// origin is written (<c>check</c>, or <c>!(check)</c> for the other branch), kept instead of a new allowlist.
    /// </summary>
    private static ExpressionSyntax? ExactCondition(IOperation value, IOperation? origin, CorsKnowledge knowledge)
    {
        if (value.WalkDownConversions() is not IConditionalOperation { Condition.Syntax: ExpressionSyntax condition } conditional || origin is null)
        {
            return null;
        }

        var whenTrue = origin == conditional.WhenTrue;
        if (knowledge.OriginChecks.Classify(conditional.Condition, whenTrue) != OriginCheck.Exact)
        {
            return null;
        }

        return whenTrue
            ? condition.WithoutTrivia()
            : SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, SyntaxFactory.ParenthesizedExpression(condition.WithoutTrivia()));
    }

    private static ExpressionSyntax Outermost(ExpressionSyntax expression)
    {
        while (expression.Parent is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized;
        }

        return expression;
    }

    private static Func<SyntaxNode, SyntaxNode?>? PlanArgument(SemanticModel model, ArgumentSyntax argument, ArgumentListSyntax arguments, CancellationToken cancellationToken)
    {
        // In the expanded params form each argument is an element of an implicit array.
        if (model.GetOperation(argument.Expression, cancellationToken)?.WalkUpConversions()
            is IArrayInitializerOperation { Parent: IArrayCreationOperation { IsImplicit: true, Parent: IArgumentOperation { ArgumentKind: ArgumentKind.ParamArray } } })
        {
            // WithOrigins("https://a", "null") → WithOrigins("https://a"); a lone "null" stays: no origin list is left to write.
            return arguments.Arguments.Count > 1
                ? root => root.ReplaceNode(arguments, arguments.WithArguments(ListItems.Remove(arguments.Arguments, argument)))
                : null;
        }

        switch (arguments.Parent)
        {
            // origins.Add("null"); policy.Origins.Add("null");
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Add" } } add
                when arguments.Arguments.Count == 1 && Statements.OfExpression(add) is { Parent: BlockSyntax or SwitchSectionSyntax } statement:
                return root => root.RemoveNode(statement, SyntaxRemoveOptions.KeepUnbalancedDirectives);

            default:
                return null;
        }
    }

    /// <summary><c>origin is "a" or "null"</c> → <c>origin is "a"</c>; <c>origin is "null" || x</c> → <c>x</c>.</summary>
    private static Func<SyntaxNode, SyntaxNode?>? PlanPattern(ConstantPatternSyntax constant)
    {
        SyntaxNode pattern = constant;
        while (pattern.Parent is ParenthesizedPatternSyntax parenthesized)
        {
            pattern = parenthesized;
        }

        switch (pattern.Parent)
        {
            case BinaryPatternSyntax binary when binary.IsKind(SyntaxKind.OrPattern):
                var other = binary.Left == pattern ? binary.Right : binary.Left;
                return root => root.ReplaceNode(binary, other.WithTriviaFrom(binary));
            case IsPatternExpressionSyntax isPattern:
                return RemoveDisjunct(isPattern);
            case CasePatternSwitchLabelSyntax:
            default:
                return null;
        }
    }

    /// <summary><c>a || test</c> → <c>a</c>, <c>test || b</c> → <c>b</c>; nothing when the test is not one side of an <c>||</c>.</summary>
    private static Func<SyntaxNode, SyntaxNode?>? RemoveDisjunct(ExpressionSyntax test)
    {
        var outer = Outermost(test);
        if (outer.Parent is not BinaryExpressionSyntax or || !or.IsKind(SyntaxKind.LogicalOrExpression))
        {
            return null;
        }

        var other = or.Left == outer ? or.Right : or.Left;
        return root => root.ReplaceNode(or, other.WithTriviaFrom(or));
    }
}
