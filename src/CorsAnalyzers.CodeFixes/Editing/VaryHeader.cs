using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CorsAnalyzers.CodeFixes.Editing;

/// <summary>Writes <c>Vary: Origin</c> with the same header API as a given write, appending (never overwriting).</summary>
internal static class VaryHeader
{
    /// <summary>The statement that appends Vary: Origin, or null when the write gives nothing to append to.</summary>
    public static StatementSyntax? Append(HeaderWrite write, KnownSymbols symbols)
    {
        if (write.Target?.Syntax is not ExpressionSyntax target)
        {
            return null;
        }

        var method = write.Api switch
        {
            HeaderApi.AspNetCore => "Append",
            HeaderApi.HttpHeaders => "Add",
            _ when HeaderWrites.IsOrDerives(write.Target.Type, symbols.NameValueCollection) => "Add",
            _ => "AppendHeader",
        };
        return SyntaxFactory.ParseStatement($"{target.WithoutTrivia()}.{method}(\"Vary\", \"Origin\");");
    }

    /// <summary>The namespace whose using the statement needs (the Append extension of IHeaderDictionary), or null.</summary>
    public static string? RequiredNamespace(HeaderWrite write, KnownSymbols symbols, SemanticModel model, int position)
    {
        if (write.Api != HeaderApi.AspNetCore || symbols.IHeaderDictionary is null)
        {
            return null;
        }

        var imported = model.LookupSymbols(position, container: symbols.IHeaderDictionary, name: "Append", includeReducedExtensionMethods: true).Any();
        return imported ? null : "Microsoft.AspNetCore.Http";
    }

    /// <summary>
    /// After a fix that turned a weak check into an exact one: appends <c>Vary: Origin</c> after every
    /// <c>Access-Control-Allow-Origin</c> write of the function that holds the annotated node for which CORS005 would now
    /// report it missing (CORS005 is quiet while CORS003 holds), so that one run of the fixes leaves no finding behind.
    /// </summary>
    public static async Task<Document> AppendWhereMissingAsync(Document document, SyntaxAnnotation fixedNode, CancellationToken cancellationToken)
    {
        if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
            || root.GetAnnotatedNodes(fixedNode).FirstOrDefault() is not { } node
            || node.AncestorsAndSelf().FirstOrDefault(IsFunction) is not { } function
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
        {
            return document;
        }

        var knowledge = CorsKnowledge.Create(model.Compilation);
        var edits = new List<(ExpressionStatementSyntax Statement, StatementSyntax Vary, string? Namespace)>();
        foreach (var statement in function.DescendantNodes().OfType<ExpressionStatementSyntax>())
        {
            if (model.GetOperation(statement.Expression, cancellationToken) is { } operation
                && knowledge.HeaderWrites.TryGetWrite(operation, out var write)
                && Statements.CanReplace(statement)
                && MissingVary.IsMissing(knowledge, write, document.Project.AnalyzerOptions, cancellationToken)
                && Append(write, knowledge.Symbols) is { } vary)
            {
                edits.Add((statement, vary, RequiredNamespace(write, knowledge.Symbols, model, statement.SpanStart)));
            }
        }

        if (edits.Count == 0)
        {
            return document;
        }

        var tracked = root.TrackNodes(edits.Select(e => e.Statement));
        foreach (var (statement, vary, _) in edits)
        {
            if (tracked.GetCurrentNode(statement) is { } current)
            {
                tracked = InsertAfter(tracked, current, vary);
            }
        }

        tracked = Usings.Ensure(tracked, edits.Select(e => e.Namespace).Distinct().ToArray());
        return document.WithSyntaxRoot(tracked);
    }

    /// <summary>The Vary statement on the line after the write, which keeps its own trivia.</summary>
    public static SyntaxNode InsertAfter(SyntaxNode root, ExpressionStatementSyntax write, StatementSyntax vary)
        => Statements.Replace(root, write, new[] { write.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.ElasticMarker), vary });

    private static bool IsFunction(SyntaxNode node)
        => node is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax;
}
