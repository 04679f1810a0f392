using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using CorsAnalyzers.CodeFixes.Editing;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CorsAnalyzers.CodeFixes.Rules;

/// <summary>
/// CORS005: append <c>Vary: Origin</c> right after the <c>Access-Control-Allow-Origin</c> write, with the same header API
/// (<c>Headers.Append("Vary", "Origin")</c> for ASP.NET Core, <c>AppendHeader</c> for HttpListener and System.Web).
/// Not offered when the write goes through a helper of ours or is not a statement of its own.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingVaryOriginFixer)), Shared]
public sealed class MissingVaryOriginFixer : CorsCodeFixProvider
{
    internal const string EquivalenceKey = "CORS005.AppendVary";
    private static readonly CorsFix[] s_fix = { new("Append 'Vary: Origin'", EquivalenceKey) };

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MissingVaryOrigin);

    internal override async Task<IReadOnlyList<CorsFix>> GetFixesAsync(Document document, SyntaxNode node, Diagnostic diagnostic, CancellationToken cancellationToken)
        => await PlanAsync(document, node, cancellationToken).ConfigureAwait(false) is null ? Array.Empty<CorsFix>() : s_fix;

    internal override async Task<Document?> ApplyAsync(Document document, SyntaxNode node, Diagnostic diagnostic, string equivalenceKey, CancellationToken cancellationToken)
    {
        if (await PlanAsync(document, node, cancellationToken).ConfigureAwait(false) is not var (statement, vary, varyNamespace))
        {
            return null;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var newRoot = VaryHeader.InsertAfter(root!, statement, vary);
        newRoot = Usings.Ensure(newRoot, varyNamespace);
        return document.WithSyntaxRoot(newRoot);
    }

    private static async Task<(ExpressionStatementSyntax Statement, StatementSyntax Vary, string? Namespace)?> PlanAsync(Document document, SyntaxNode node, CancellationToken cancellationToken)
    {
        if (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
            || model.GetOperation(node, cancellationToken) is not { } operation)
        {
            return null;
        }

        var knowledge = CorsKnowledge.Create(model.Compilation);
        if (!knowledge.HeaderWrites.TryGetWrite(operation, out var write)
            || Statements.OfExpression(write.Operation.Syntax) is not { } statement
            || !Statements.CanReplace(statement)
            || knowledge.OriginEchoes.HasVaryOrigin(write.Operation)
            || VaryHeader.Append(write, knowledge.Symbols) is not { } vary)
        {
            return null;
        }

        return (statement, vary, VaryHeader.RequiredNamespace(write, knowledge.Symbols, model, statement.SpanStart));
    }
}
