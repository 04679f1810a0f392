using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using CorsAnalyzers.Knowledge;

namespace CorsAnalyzers.CodeFixes.Editing;

/// <summary>How a hand-written <c>Access-Control-Allow-Origin</c> write becomes an exact allowlist check of the request's Origin.</summary>
/// <param name="Statement">The write statement.</param>
/// <param name="Value">The written value, replaced by the checked origin.</param>
/// <param name="Origin">The expression that reads the origin (an existing one, or one made from the request).</param>
/// <param name="OriginLocal">A string local that already holds the origin, reused as is.</param>
/// <param name="NeedsToString">The origin is <c>StringValues</c>: the local gets <c>.ToString()</c>.</param>
/// <param name="MaybeNull">The origin is a string that may be null: the check tests it first.</param>
/// <param name="Check">An exact check the code already makes (<c>ok ? origin : "null"</c>), used instead of the allowlist.</param>
internal sealed record MembershipPlan(
    SemanticModel Model,
    ExpressionStatementSyntax Statement,
    ExpressionSyntax Value,
    ExpressionSyntax Origin,
    string? OriginLocal,
    bool NeedsToString,
    bool MaybeNull,
    StatementSyntax? Vary,
    string? VaryNamespace,
    AllowlistPlan Allowlist,
    ExpressionSyntax? Check = null);

/// <summary>
/// The rewrite shared by CORS001 and the hand-written side of CORS002/CORS004: write the request's origin only when the
/// type's exact allowlist contains it, and append <c>Vary: Origin</c> with the same header API when it is missing.
/// <code>
/// var origin = context.Request.Headers.Origin.ToString();
/// if (AllowedCorsOrigins.Contains(origin))
/// {
///     context.Response.Headers.AccessControlAllowOrigin = origin;
///     context.Response.Headers.Append("Vary", "Origin");
/// }
/// </code>
/// </summary>
internal static class MembershipCheck
{
    /// <summary>The header write whose value is <paramref name="value"/>, or contains it.</summary>
    public static HeaderWrite? FindWrite(IOperation? operation, SyntaxNode value, CorsKnowledge knowledge, bool valueOrInside = false)
    {
        for (var current = operation; current is not null; current = current.Parent)
        {
            if (current.Kind is OperationKind.Invocation or OperationKind.SimpleAssignment
                && knowledge.HeaderWrites.TryGetWrite(current, out var write)
                && write.Value?.Syntax is { } written
                && (written == value || valueOrInside && written.Span.Contains(value.Span)))
            {
                return write;
            }
        }

        return null;
    }

    /// <summary>
    /// Plans the rewrite of <paramref name="write"/>, checking and writing <paramref name="origin"/> (an expression inside
    /// the written value that carries the request's Origin) or, when it is null, the Origin of the request the write answers
    /// (ASP.NET Core only). Null when the rewrite cannot be made safely.
    /// </summary>
    public static MembershipPlan? Plan(Document document, SemanticModel model, HeaderWrite write, IOperation? origin, CorsKnowledge knowledge, ExpressionSyntax? check = null)
    {
        if (write.Target is null || write.Value is null
            || Statements.OfExpression(write.Operation.Syntax) is not { } statement || !Statements.CanReplace(statement))
        {
            return null;
        }

        ExpressionSyntax originSyntax;
        string? originLocal = null;
        var needsToString = false;
        var maybeNull = false;
        if (origin is null)
        {
            if (RequestOrigin(write, knowledge) is not { } read)
            {
                return null;
            }

            originSyntax = read;
            needsToString = true;
        }
        else
        {
            var bare = origin.WalkDownConversions()!;
            var type = bare.Type;
            originSyntax = (ExpressionSyntax)bare.Syntax;
            if (type?.SpecialType == SpecialType.System_String)
            {
                originLocal = bare is ILocalReferenceOperation local ? local.Local.Name : null;
                maybeNull = model.GetTypeInfo(originSyntax).Nullability.FlowState == NullableFlowState.MaybeNull;
            }
            else if (type is not null && SymbolEqualityComparer.Default.Equals(type, knowledge.Symbols.StringValues))
            {
                needsToString = true;
            }
            else
            {
                return null;
            }
        }

        StatementSyntax? vary = null;
        string? varyNamespace = null;
        if (!knowledge.OriginEchoes.HasVaryOrigin(write.Operation))
        {
            vary = VaryHeader.Append(write, knowledge.Symbols);
            if (vary is null)
            {
                return null;
            }

            varyNamespace = VaryHeader.RequiredNamespace(write, knowledge.Symbols, model, statement.SpanStart);
        }

        var allowlist = Allowlist.Plan(document, model, statement, Array.Empty<string>());
        if (check is null && !allowlist.CanBeDeclared)
        {
            return null;
        }

        return new MembershipPlan(model, statement, (ExpressionSyntax)write.Value.Syntax, originSyntax, originLocal, needsToString, maybeNull, vary, varyNamespace, allowlist, check);
    }

    public static SyntaxNode Apply(SyntaxNode root, MembershipPlan plan)
    {
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
            var initializer = plan.NeedsToString ? Expressions.ToStringOf(plan.Origin) : plan.Origin.WithoutTrivia();
            statements.Add(SyntaxFactory.ParseStatement($"var {name} = {initializer};"));
            checkedValue = SyntaxFactory.IdentifierName(name);
        }

        var write = plan.Statement.ReplaceNode(plan.Value, checkedValue.WithTriviaFrom(plan.Value)).WithoutLeadingTrivia().WithTrailingTrivia(SyntaxFactory.ElasticMarker);
        var body = new List<StatementSyntax> { write };
        if (plan.Vary is not null)
        {
            body.Add(plan.Vary.WithTrailingTrivia(SyntaxFactory.ElasticMarker));
        }

        var condition = plan.Check?.WithoutTrivia() ?? Allowlist.Contains(plan.Allowlist, checkedValue);
        if (plan.MaybeNull && plan.Check is null)
        {
            condition = SyntaxFactory.BinaryExpression(
                SyntaxKind.LogicalAndExpression,
                SyntaxFactory.BinaryExpression(SyntaxKind.NotEqualsExpression, checkedValue, SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression)),
                condition);
        }

        statements.Add(SyntaxFactory.IfStatement(condition, SyntaxFactory.Block(body)).WithAdditionalAnnotations(anchor));

        // The comment above the write now sits above the first new statement (the origin's local, when there is one).
        var first = new SyntaxAnnotation();
        statements[0] = statements[0].WithAdditionalAnnotations(first);
        var newRoot = Statements.Replace(root, plan.Statement, statements);
        if (plan.Check is null)
        {
            newRoot = Allowlist.Ensure(newRoot, anchor, plan.Allowlist, Array.Empty<string>());
        }

        newRoot = Comments.RemoveClaims(Comments.RemoveClaims(newRoot, anchor, Comments.OpennessClaim), first, Comments.OpennessClaim);
        return Usings.Ensure(newRoot, plan.VaryNamespace);
    }

    /// <summary>
    /// <c>context.Request.Headers.Origin</c> for a write to <c>context.Response.Headers</c>, or
    /// <c>response.HttpContext.Request.Headers.Origin</c> for a write to <c>response.Headers</c> (ASP.NET Core).
    /// </summary>
    private static ExpressionSyntax? RequestOrigin(HeaderWrite write, CorsKnowledge knowledge)
    {
        if (write.Api != HeaderApi.AspNetCore
            || knowledge.Symbols.AspNetCoreHttpResponse is not { } httpResponse
            || write.Target.WalkDownConversions() is not IPropertyReferenceOperation { Property.Name: "Headers", Instance: { } response }
            || !SymbolEqualityComparer.Default.Equals(response.Type, httpResponse)
            || response.Syntax is not ExpressionSyntax responseSyntax)
        {
            return null;
        }

        var request = response is IPropertyReferenceOperation { Property.Name: "Response", Instance: { Syntax: ExpressionSyntax context } }
                      && responseSyntax is MemberAccessExpressionSyntax
            ? (ExpressionSyntax)SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, context.WithoutTrivia(), SyntaxFactory.IdentifierName("Request"))
            : SyntaxFactory.ParseExpression($"{responseSyntax.WithoutTrivia()}.HttpContext.Request");
        return SyntaxFactory.ParseExpression($"{request}.Headers.Origin");
    }
}
