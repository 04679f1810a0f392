using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// The semantic model of any file of the compilation, for reading a member declared in another file than the one being
/// analysed (a predicate in <c>OriginRules.cs</c>, an allowlist in <c>CorsOrigins.cs</c>, a header helper in a base
/// class). One model per file per compilation: never <see cref="Compilation.GetSemanticModel"/> per call (RS1030).
/// Under <c>CompilationWithAnalyzers</c> (builds and the IDE alike) the compilation hands out the driver's own cached
/// models, so a file's model asked here is the one its own analysis binds; a member's body is bound once, where it is.
/// </summary>
internal static class Declarations
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, SemanticModel>> s_models = new();

    /// <summary>
    /// The model of <paramref name="tree"/>: <paramref name="from"/> itself when it is that file's, else the
    /// compilation's one model of that file, or null when the file is not the compilation's.
    /// </summary>
    public static SemanticModel? ModelOf(SyntaxTree tree, SemanticModel from)
    {
        if (from.SyntaxTree == tree)
        {
            return from;
        }

        var compilation = from.Compilation;
        if (!compilation.ContainsSyntaxTree(tree))
        {
            return null;
        }

        var models = s_models.GetValue(compilation, static _ => new ConcurrentDictionary<SyntaxTree, SemanticModel>());
        if (models.TryGetValue(tree, out var cached))
        {
            return cached;
        }

#pragma warning disable RS1030 // One model per file per compilation, cached here; see the summary.
        return models.GetOrAdd(tree, compilation.GetSemanticModel(tree));
#pragma warning restore RS1030
    }

    /// <summary>The operation declared at <paramref name="reference"/> (a method's body, a field's initializer), in whichever file it is.</summary>
    public static IOperation? OperationAt(SyntaxReference reference, SemanticModel from, CancellationToken cancellationToken = default)
        => ModelOf(reference.SyntaxTree, from) is { } model ? model.GetOperation(reference.GetSyntax(cancellationToken), cancellationToken) : null;
}
