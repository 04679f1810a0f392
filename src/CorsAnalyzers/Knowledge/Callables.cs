using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// The code a delegate runs: the body of a lambda, an anonymous method, a local function or a method group; a method
/// group's body may be in another file than the delegate (<see cref="Declarations"/>).
/// </summary>
internal sealed class Callable
{
    public Callable(IMethodSymbol symbol, IBlockOperation body)
    {
        Symbol = symbol;
        Body = body;
    }

    /// <summary>The method the delegate calls (the lambda's own method symbol for a lambda).</summary>
    public IMethodSymbol Symbol { get; }

    /// <summary>The body as one block; an expression body appears as a block with an implicit return.</summary>
    public IBlockOperation Body { get; }

    /// <summary>The parameters of the callable (for <c>SetIsOriginAllowed</c>, the first one is the origin).</summary>
    public ImmutableArray<IParameterSymbol> Parameters => Symbol.Parameters;

    /// <summary>
    /// Every value the body returns, leaving out the returns of lambdas and local functions nested in it.
    /// A body that only throws returns nothing.
    /// </summary>
    public ImmutableArray<IOperation> ReturnedValues
    {
        get
        {
            var values = ImmutableArray.CreateBuilder<IOperation>();
            Collect(Body, values);
            return values.ToImmutable();

            static void Collect(IOperation operation, ImmutableArray<IOperation>.Builder values)
            {
                foreach (var child in operation.ChildOperations)
                {
                    switch (child)
                    {
                        case IAnonymousFunctionOperation or ILocalFunctionOperation:
                            continue;
                        case IReturnOperation { ReturnedValue: { } value }:
                            values.Add(value);
                            break;
                        default:
                            Collect(child, values);
                            break;
                    }
                }
            }
        }
    }

    /// <summary>Every operation of the body, nested lambdas and local functions included (pre-order).</summary>
    public IEnumerable<IOperation> Operations => Body.Descendants();

    /// <summary>True when the first parameter of the callable is what <paramref name="operation"/> reads (conversions aside).</summary>
    public bool IsFirstParameter(IOperation? operation)
        => Parameters.Length > 0
           && operation.WalkDownConversions() is IParameterReferenceOperation reference
           && SymbolEqualityComparer.Default.Equals(reference.Parameter, Parameters[0]);
}

/// <summary>
/// Resolves delegate values (the argument of <c>SetIsOriginAllowed</c>, any <c>Func&lt;string, bool&gt;</c>) to the code
/// they run, and answers simple questions about it. Rules use it to look inside origin predicates.
/// </summary>
/// <remarks>
/// Forms understood: <c>o =&gt; ...</c>, <c>delegate (string o) { ... }</c>, a method group naming a local function or a
/// method of ours declared in any file (an interface's or abstract method through its one implementation,
/// <see cref="Declarations.Callee"/>), and a local or readonly field of a delegate type whose initializer is one of these.
/// Anything else (a parameter, a method's result, a method from metadata) resolves to <see langword="null"/>.
/// </remarks>
internal static class Callables
{
    /// <summary>The callable that <paramref name="delegateValue"/> runs, or <see langword="null"/> when it cannot be seen.</summary>
    public static Callable? Resolve(IOperation? delegateValue, CancellationToken cancellationToken)
        => Resolve(delegateValue, depth: 0, cancellationToken);

    /// <summary>
    /// True when the delegate answers true for every origin on some path: it returns the constant <see langword="true"/>
    /// (<c>_ =&gt; true</c>, <c>delegate { return true; }</c>, a method that only returns true), or a value or a disjunct that
    /// does not look at the origin (<c>o =&gt; env.IsDevelopment() || allowed.Contains(o)</c>, <c>_ =&gt; _allowAll</c>), on a path
    /// whose conditions do not look at it either (<c>if (env.IsDevelopment()) return true;</c>). Environment-gated code
    /// counts, as everywhere. False for anything whose every answer looks at the origin (<c>o =&gt; o != null</c>) and for
    /// delegates that cannot be resolved.
    /// </summary>
    public static bool AlwaysReturnsTrue(IOperation? delegateValue, CancellationToken cancellationToken)
        => Resolve(delegateValue, cancellationToken) is { } callable && AlwaysReturnsTrue(callable);

    /// <inheritdoc cref="AlwaysReturnsTrue(IOperation?, CancellationToken)"/>
    public static bool AlwaysReturnsTrue(Callable callable) => AlwaysReturnsTrue(callable, 0);

    private static bool AlwaysReturnsTrue(Callable callable, int depth)
    {
        foreach (var operation in callable.Body.Descendants())
        {
            if (operation is not IReturnOperation { ReturnedValue: { } returned } || !operation.IsOwnReturnOf(callable.Body)
                || !MayBeTrueForAnyOrigin(returned, callable, depth))
            {
                continue;
            }

            var guarded = false;
            foreach (var guard in Guards.Of(operation))
            {
                if (guard.Branch == callable.Body.Parent || guard.Kind == GuardKind.Function)
                {
                    break;
                }

                if (guard.Kind != GuardKind.Condition || ReadsParameter(guard.Condition, callable))
                {
                    guarded = true;
                    break;
                }
            }

            if (!guarded)
            {
                return true;
            }
        }

        return false;
    }

    private static bool MayBeTrueForAnyOrigin(IOperation value, Callable callable, int depth)
    {
        value = value.WalkDownConversions()!;
        if (value.ConstantValue.HasValue)
        {
            return value.ConstantValue.Value is true;
        }

        if (value is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } orElse)
        {
            return MayBeTrueForAnyOrigin(orElse.LeftOperand, callable, depth) || MayBeTrueForAnyOrigin(orElse.RightOperand, callable, depth);
        }

        // o => OriginRules.AllowAll(o): the origin handed as it is to a method of ours (in any file) that answers true for any.
        if (value is IInvocationOperation { Arguments.Length: 1 } call && depth < Guards.MaxDepth && callable.IsFirstParameter(call.Arguments[0].Value)
            && call.TargetMethod.ReturnType.SpecialType == SpecialType.System_Boolean
            && FromMethod(call.TargetMethod, call.SemanticModel, CancellationToken.None) is { } callee)
        {
            return AlwaysReturnsTrue(callee, depth + 1);
        }

        // A bool read that never looks at the origin: a flag, an environment test. Invalid (half-typed) code is not one.
        return value.Type?.SpecialType == SpecialType.System_Boolean && !value.Syntax.ContainsDiagnostics && !ReadsParameter(value, callable)
               && !value.DescendantsAndSelf().Any(o => o is IInvalidOperation);
    }

    /// <summary>Whether <paramref name="operation"/> reads the callable's parameters, directly or through a local assigned from them.</summary>
    private static bool ReadsParameter(IOperation? operation, Callable callable)
        => ReadsParameter(operation, callable, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default), 0);

    private static bool ReadsParameter(IOperation? operation, Callable callable, HashSet<ILocalSymbol> visited, int depth)
    {
        if (operation is null)
        {
            return false;
        }

        foreach (var descendant in operation.DescendantsAndSelf())
        {
            switch (descendant)
            {
                case IParameterReferenceOperation reference when callable.Parameters.Contains(reference.Parameter, SymbolEqualityComparer.Default):
                    return true;

                // var host = new Uri(origin).Host; return host == "localhost": the local carries the origin. A local we
                // cannot follow counts as reading it (the safe answer: no always-true finding).
                case ILocalReferenceOperation local when visited.Add(local.Local):
                    if (depth > Guards.MaxDepth)
                    {
                        return true;
                    }

                    var assigned = false;
                    foreach (var (value, _) in local.Local.AssignmentsOf(callable.Body))
                    {
                        assigned = true;
                        if (value is null || ReadsParameter(value, callable, visited, depth + 1))
                        {
                            return true;
                        }
                    }

                    // A local of the body set some other way (a pattern variable, a deconstruction) may hold the origin.
                    if (!assigned && local.Local.DeclaringSyntaxReferences.Any(r => callable.Body.Syntax.Span.Contains(r.Span)))
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>
    /// The collections the callable's first parameter is looked up in: <c>set.Contains(o)</c>, <c>list.Contains(o)</c>,
    /// <c>array.Contains(o)</c> (Enumerable), with or without a comparer.
    /// </summary>
    public static IEnumerable<IOperation> ContainsLookupsOfFirstParameter(Callable callable)
    {
        foreach (var operation in callable.Operations)
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "Contains" } call && ContainsLookup(call, callable.IsFirstParameter) is { } collection)
            {
                yield return collection;
            }
        }
    }

    /// <summary>For <c>c.Contains(x)</c> or <c>Enumerable.Contains(c, x)</c> where <paramref name="isItem"/>(x): the collection c.</summary>
    private static IOperation? ContainsLookup(IInvocationOperation call, System.Func<IOperation?, bool> isItem)
    {
        if (call.Instance is { } instance && call.Arguments.Length >= 1 && isItem(call.Arguments[0].Value))
        {
            return instance;
        }

        if (call.Instance is null && call.TargetMethod.IsExtensionMethod && call.Arguments.Length >= 2 && isItem(call.Arguments[1].Value))
        {
            return call.Arguments[0].Value;
        }

        return null;
    }

    /// <summary>
    /// For a delegate made from a collection's own method group (<c>SetIsOriginAllowed(allowed.Contains)</c>): the collection.
    /// </summary>
    public static IOperation? ContainsMethodGroupTarget(IOperation? delegateValue)
        => delegateValue.WalkDownConversions() is IDelegateCreationOperation { Target: IMethodReferenceOperation { Method.Name: "Contains", Instance: { } collection } }
            ? collection
            : null;

    private static Callable? Resolve(IOperation? value, int depth, CancellationToken cancellationToken)
    {
        if (depth > Guards.MaxDepth)
        {
            return null;
        }

        value = value.WalkDownConversions();
        switch (value)
        {
            case IDelegateCreationOperation creation:
                return Resolve(creation.Target, depth + 1, cancellationToken);
            case IAnonymousFunctionOperation lambda:
                return new Callable(lambda.Symbol, lambda.Body);
            case IMethodReferenceOperation reference:
                return FromMethod(reference.Method, reference.SemanticModel, cancellationToken);
            case ILocalReferenceOperation local:
                return Resolve(InitializerOf(local.Local, local.SemanticModel, cancellationToken), depth + 1, cancellationToken);
            case IFieldReferenceOperation { Field.IsReadOnly: true } field:
                return Resolve(InitializerOf(field.Field, field.SemanticModel, cancellationToken), depth + 1, cancellationToken);
            default:
                return null;
        }
    }

    /// <summary>
    /// The initializer value of a local, field or property (a local in the file of <paramref name="semanticModel"/>, a member
    /// in any file: <see cref="Declarations.InitializerOf"/>), or <see langword="null"/>.
    /// </summary>
    internal static IOperation? InitializerOf(ISymbol symbol, SemanticModel? semanticModel, CancellationToken cancellationToken)
        => Declarations.InitializerOf(symbol, semanticModel, cancellationToken);

    /// <summary>
    /// A method group's method or local function, in whichever file it is declared (a local function is always in this
    /// one): <c>SetIsOriginAllowed(OriginRules.IsTrusted)</c> reads <c>IsTrusted</c> in <c>OriginRules.cs</c>.
    /// </summary>
    private static Callable? FromMethod(IMethodSymbol method, SemanticModel? semanticModel, CancellationToken cancellationToken)
    {
        if (semanticModel is null || Declarations.Callee(method, semanticModel.Compilation) is not { } callee)
        {
            return null;
        }

        return Declarations.BodyOf(callee, semanticModel, cancellationToken) switch
        {
            ILocalFunctionOperation { Body: { } body } => new Callable(callee, body),
            IMethodBodyOperation { BlockBody: { } block } => new Callable(callee, block),
            IMethodBodyOperation { ExpressionBody: { } expression } => new Callable(callee, expression),
            _ => null,
        };
    }
}
