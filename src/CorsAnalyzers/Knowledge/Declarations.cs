using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

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

    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, IMethodSymbol?>> s_implementations = new();

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

        return ModelOf(tree, from.Compilation);
    }

    /// <summary>The compilation's one model of <paramref name="tree"/> (its driver's own under an analyzer), or null when the file is not the compilation's.</summary>
    public static SemanticModel? ModelOf(SyntaxTree tree, Compilation compilation)
    {
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

    /// <summary>
    /// The body of a method or accessor of ours, in whichever file it is declared: null when it is declared in metadata or
    /// in more than one place (a partial method without its implementation), which costs one look at its declarations.
    /// </summary>
    public static IOperation? BodyOf(IMethodSymbol method, SemanticModel? from, CancellationToken cancellationToken = default)
    {
        var definition = method.OriginalDefinition;
        if (from is null || definition.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        return OperationAt(definition.DeclaringSyntaxReferences[0], from, cancellationToken);
    }

    /// <summary>
    /// The value a field, property or local of ours starts with, in whichever file it is declared: a field's or property's
    /// initializer (<c>static readonly string[] All = { ... };</c>, <c>static string[] All { get; } = ...;</c>), the one
    /// value an expression-bodied property returns (<c>static string[] All =&gt; new[] { ... };</c>), or a local's
    /// initializer. Null for metadata and anything else.
    /// </summary>
    public static IOperation? InitializerOf(ISymbol symbol, SemanticModel? from, CancellationToken cancellationToken = default)
    {
        if (from is null)
        {
            return null;
        }

        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            // A local is in the file being analysed; a member may be anywhere.
            if (symbol.Kind == SymbolKind.Local && reference.SyntaxTree != from.SyntaxTree)
            {
                continue;
            }

            var syntax = reference.GetSyntax(cancellationToken);
            SyntaxNode? initializer = syntax switch
            {
                VariableDeclaratorSyntax { Initializer: { } value } => value,
                PropertyDeclarationSyntax { Initializer: { } value } => value,
                PropertyDeclarationSyntax { ExpressionBody: { } body } => body,
                _ => null,
            };
            if (initializer is null || ModelOf(reference.SyntaxTree, from) is not { } model)
            {
                continue;
            }

            switch (model.GetOperation(initializer, cancellationToken))
            {
                case ISymbolInitializerOperation { Value: { } value }:
                    return value;
                case IBlockOperation { Operations: { Length: 1 } operations } when operations[0] is IReturnOperation { ReturnedValue: { } returned }:
                    return returned;
            }
        }

        return null;
    }

    /// <summary>
    /// The method a call of <paramref name="method"/> runs: the method itself, or for a method of an interface or an
    /// abstract method of ours (<c>_validator.IsAllowed(origin)</c> on an injected <c>IOriginValidator</c>) its one
    /// implementation in the compilation. With none or several (which one is injected is then a question of
    /// configuration) the answer is null, which every caller reads as "unknown". Found once per compilation per method,
    /// by one walk over the compilation's own types; a method from metadata costs nothing.
    /// </summary>
    public static IMethodSymbol? Callee(IMethodSymbol method, Compilation compilation)
    {
        var definition = method.OriginalDefinition;
        if (!definition.IsAbstract)
        {
            return definition;
        }

        if (definition.DeclaringSyntaxReferences.IsEmpty || definition.ContainingType is not { } declaringType)
        {
            return null;
        }

        var known = s_implementations.GetValue(compilation, static _ => new ConcurrentDictionary<IMethodSymbol, IMethodSymbol?>(SymbolEqualityComparer.Default));
        if (known.TryGetValue(definition, out var implementation))
        {
            return implementation;
        }

        implementation = FindOneImplementation(definition, declaringType, compilation.Assembly.GlobalNamespace);
        return known.GetOrAdd(definition, implementation);
    }

    private static IMethodSymbol? FindOneImplementation(IMethodSymbol method, INamedTypeSymbol declaringType, INamespaceSymbol root)
    {
        IMethodSymbol? found = null;
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var member in current.GetMembers())
            {
                if (member is INamespaceSymbol ns)
                {
                    pending.Push(ns);
                    continue;
                }

                if (member is not INamedTypeSymbol { IsAbstract: false, TypeKind: TypeKind.Class or TypeKind.Struct } type)
                {
                    if (member is INamedTypeSymbol container)
                    {
                        pending.Push(container);
                    }

                    continue;
                }

                pending.Push(type);
                var candidate = declaringType.TypeKind == TypeKind.Interface
                    ? (type.AllInterfaces.Contains(declaringType, SymbolEqualityComparer.Default) ? type.FindImplementationForInterfaceMember(method) as IMethodSymbol : null)
                    : OverrideOf(type, method);
                if (candidate is null || candidate.IsAbstract || SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, found))
                {
                    continue;
                }

                if (found is not null)
                {
                    return null;
                }

                found = candidate.OriginalDefinition;
            }
        }

        return found;
    }

    private static IMethodSymbol? OverrideOf(INamedTypeSymbol type, IMethodSymbol method)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(method.Name))
            {
                for (var overridden = (member as IMethodSymbol)?.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                {
                    if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, method))
                    {
                        return (IMethodSymbol)member;
                    }
                }
            }
        }

        return null;
    }
}
