using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// The value of a read-only member of ours, wherever it is declared: a <c>static readonly string</c> header name in an
/// app's own <c>CorsHeaderNames</c> class, a <c>static readonly string[]</c> list of exposed headers, a get-only static
/// property with an initializer or an expression body. (A <c>const</c> needs none of this: the compiler gives its value.)
/// Read through the declaring file's one model (<see cref="Declarations"/>), once per member per compilation, keyed by the
/// member's original definition; a member from metadata, a mutable field or one declared in several parts has none.
/// </summary>
internal static class DeclaredValues
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<ISymbol, IOperation?>> s_values = new();

    /// <summary>The initial value of the static read-only field or get-only property <paramref name="operation"/> reads, or null.</summary>
    public static IOperation? Of(IOperation? operation, CancellationToken cancellationToken = default)
    {
        var member = operation switch
        {
            IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true, IsConst: false } field } => (ISymbol)field,
            IPropertyReferenceOperation { Property: { IsStatic: true, IsIndexer: false, SetMethod: null } property } => property,
            _ => null,
        };

        // Most reads are of framework members: nothing to read, and nothing cached for them.
        if (member is null || member.DeclaringSyntaxReferences.Length != 1 || operation!.SemanticModel is not { } model)
        {
            return null;
        }

        var values = s_values.GetValue(model.Compilation, static _ => new ConcurrentDictionary<ISymbol, IOperation?>(SymbolEqualityComparer.Default));
        var definition = member.OriginalDefinition;
        if (values.TryGetValue(definition, out var known))
        {
            return known;
        }

        return values.GetOrAdd(definition, Declarations.InitializerOf(definition, model, cancellationToken));
    }
}
