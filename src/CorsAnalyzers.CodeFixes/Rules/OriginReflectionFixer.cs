using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using CorsAnalyzers.Editing;
using CorsAnalyzers.Knowledge;
using CorsAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CorsAnalyzers.CodeFixes;

/// <summary>
/// CORS001 (and the hand-written header side of CORS002/CORS004 that reuse it): check the origin against the type's
/// exact allowlist before writing it, and add <c>Vary: Origin</c> with the same header API when it is missing.
/// <code>
/// var origin = context.Request.Headers.Origin.ToString();
/// if (AllowedCorsOrigins.Contains(origin))
/// {
///     context.Response.Headers.AccessControlAllowOrigin = origin;
///     context.Response.Headers.Append("Vary", "Origin");
/// }
/// </code>
/// Not offered when the write goes through a helper of ours, is not a statement of its own, or the value is neither a
/// string nor StringValues.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(OriginReflectionFixer)), Shared]
public sealed class OriginReflectionFixer : CorsCodeFixProvider
{
    internal const string EquivalenceKey = "CORS001.Allowlist";
    private static readonly CorsFix[] s_fix = { new("Check the origin against an exact allowlist", EquivalenceKey) };

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.OriginReflection);

    internal override async Task<IReadOnlyList<CorsFix>> GetFixesAsync(Document document, SyntaxNode node, CancellationToken cancellationToken)
        => await PlanAsync(document, node, cancellationToken).ConfigureAwait(false) is null ? Array.Empty<CorsFix>() : s_fix;

    internal override async Task<Document?> ApplyAsync(Document document, SyntaxNode node, string equivalenceKey, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(document, node, cancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            return null;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var anchor = new SyntaxAnnotation();
        var statements = new List<StatementSyntax>();
        ExpressionSyntax checkedValue;
        if (plan.OriginLocal is { } local)
        {
            checkedValue = SyntaxFactory.IdentifierName(local);
        }
        else
        {
            var name = Statements.UniqueLocalName(plan.Model, plan.Statement, "origin", "requestOrigin", "corsOrigin");
            var initializer = plan.NeedsToString
                ? SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Parenthesize(plan.Value), SyntaxFactory.IdentifierName("ToString")))
                : plan.Value.WithoutTrivia();
            statements.Add(SyntaxFactory.ParseStatement($"var {name} = {initializer};"));
            checkedValue = SyntaxFactory.IdentifierName(name);
        }

        var write = plan.Statement.ReplaceNode(plan.Value, checkedValue.WithTriviaFrom(plan.Value)).WithoutLeadingTrivia().WithTrailingTrivia(SyntaxFactory.ElasticMarker);
        var body = new List<StatementSyntax> { write };
        if (plan.Vary is not null)
        {
            body.Add(plan.Vary.WithTrailingTrivia(SyntaxFactory.ElasticMarker));
        }

        statements.Add(SyntaxFactory.IfStatement(Allowlist.Contains(plan.Allowlist, checkedValue), SyntaxFactory.Block(body)).WithAdditionalAnnotations(anchor));
        var newRoot = Statements.Replace(root!, plan.Statement, statements);
        newRoot = Allowlist.Ensure(newRoot, anchor, plan.Allowlist, Array.Empty<string>());
        newRoot = Usings.Ensure(newRoot, plan.VaryNamespace);
        return document.WithSyntaxRoot(newRoot);
    }

    private static ExpressionSyntax Parenthesize(ExpressionSyntax expression)
        => expression.WithoutTrivia() is var bare && bare is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
            ? bare
            : SyntaxFactory.ParenthesizedExpression(bare);

    private sealed record Plan(
        SemanticModel Model,
        ExpressionStatementSyntax Statement,
        ExpressionSyntax Value,
        string? OriginLocal,
        bool NeedsToString,
        StatementSyntax? Vary,
        string? VaryNamespace,
        AllowlistPlan Allowlist);

    private static async Task<Plan?> PlanAsync(Document document, SyntaxNode node, CancellationToken cancellationToken)
    {
        if (node is not ExpressionSyntax value
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
        {
            return null;
        }

        var knowledge = CorsKnowledge.Create(model.Compilation);
        var write = FindWrite(model.GetOperation(value, cancellationToken), value, knowledge);
        if (write is null || write.Target is null || Statements.OfExpression(write.Operation.Syntax) is not { } statement || !Statements.CanReplace(statement))
        {
            return null;
        }

        var valueOperation = write.Value.WalkDownConversions()!;
        var type = valueOperation.Type;
        string? originLocal = null;
        var needsToString = false;
        if (type?.SpecialType == SpecialType.System_String)
        {
            originLocal = valueOperation is Microsoft.CodeAnalysis.Operations.ILocalReferenceOperation localReference ? localReference.Local.Name : null;
        }
        else if (type is not null && SymbolEqualityComparer.Default.Equals(type, knowledge.Symbols.StringValues))
        {
            needsToString = true;
        }
        else
        {
            return null;
        }

        StatementSyntax? vary = null;
        string? varyNamespace = null;
        if (!MissingVaryOriginAnalyzer.WritesVaryOrigin(write.Operation.Root(), knowledge))
        {
            vary = VaryHeader.Append(write, knowledge.Symbols);
            if (vary is null)
            {
                return null;
            }

            varyNamespace = VaryHeader.RequiredNamespace(write, knowledge.Symbols, model, statement.SpanStart);
        }

        return new Plan(model, statement, (ExpressionSyntax)valueOperation.Syntax, originLocal, needsToString, vary, varyNamespace, Allowlist.Plan(document, model, statement));
    }

    /// <summary>The header write whose value is <paramref name="value"/>.</summary>
    internal static HeaderWrite? FindWrite(IOperation? operation, SyntaxNode value, CorsKnowledge knowledge)
    {
        for (var current = operation; current is not null; current = current.Parent)
        {
            if (current.Kind is OperationKind.Invocation or OperationKind.SimpleAssignment
                && knowledge.Headers.TryGetWrite(current, out var write)
                && write.Value?.Syntax == value)
            {
                return write;
            }
        }

        return null;
    }
}
