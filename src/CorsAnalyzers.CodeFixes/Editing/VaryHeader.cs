using System.Linq;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CorsAnalyzers.Editing;

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
}
