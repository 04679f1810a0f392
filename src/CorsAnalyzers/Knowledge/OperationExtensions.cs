using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// The package's one home for Roslyn helpers: walking operations (conversions, the root, own returns), arguments,
/// assignments and type tests against <see cref="KnownSymbols"/>. Rules, the knowledge layer and the fixers all call these.
/// </summary>
internal static class OperationExtensions
{
    /// <summary>The operation under any implicit or explicit conversions (and parentheses, which IOperation has none of).</summary>
    public static IOperation? WalkDownConversions(this IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The first parent that is not a conversion.</summary>
    public static IOperation? WalkUpConversions(this IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent;
    }

    /// <summary>The symbol of a lambda or local function operation; null for any other operation.</summary>
    public static IMethodSymbol? CallableSymbol(this IOperation operation) => operation switch
    {
        IAnonymousFunctionOperation lambda => lambda.Symbol,
        ILocalFunctionOperation local => local.Symbol,
        _ => null,
    };

    /// <summary>The outermost operation of the member body this operation belongs to (through lambdas and local functions).</summary>
    public static IOperation Root(this IOperation operation)
    {
        while (operation.Parent is not null)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    /// <summary>
    /// The value an invocation or object creation passes for the parameter at <paramref name="ordinal"/>, however the
    /// call was written (named, reordered, an extension method's receiver at 0); null when none is given (half-typed
    /// code) and for any other operation.
    /// </summary>
    public static IOperation? GetArgument(this IOperation callOrCreation, int ordinal)
    {
        var arguments = callOrCreation switch
        {
            IInvocationOperation invocation => invocation.Arguments,
            IObjectCreationOperation creation => creation.Arguments,
            _ => ImmutableArray<IArgumentOperation>.Empty,
        };

        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// Every value assigned to <paramref name="local"/> in <paramref name="root"/>: initializers and assignments give
    /// (value, value); out arguments give (null, the invocation); foreach variables give (the collection, the loop).
    /// </summary>
    public static IEnumerable<(IOperation? Value, IOperation Site)> AssignmentsOf(this ILocalSymbol local, IOperation root)
    {
        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    var initializer = declarator.GetVariableInitializer();
                    if (initializer is not null)
                    {
                        yield return (initializer.Value, initializer.Value);
                    }

                    break;

                case ISimpleAssignmentOperation assignment when assignment.Target is ILocalReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Local, local):
                    yield return (assignment.Value, assignment.Value);
                    break;

                case IArgumentOperation { Parameter.RefKind: RefKind.Out } argument
                    when argument.Value.WalkDownConversions() is ILocalReferenceOperation outLocal && SymbolEqualityComparer.Default.Equals(outLocal.Local, local)
                         || argument.Value is IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared } && SymbolEqualityComparer.Default.Equals(declared.Local, local):
                    if (argument.Parent is { } call)
                    {
                        yield return (null, call);
                    }

                    break;

                case IForEachLoopOperation loop when loop.Locals.Contains(local):
                    yield return (loop.Collection, loop);
                    break;
            }
        }
    }

    /// <summary>A return of <paramref name="body"/> itself, not of a lambda or local function nested in it.</summary>
    public static bool IsOwnReturnOf(this IOperation returned, IOperation body)
    {
        for (var current = returned.Parent; current is not null && current != body; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when <paramref name="type"/> is <paramref name="known"/> (a type of <see cref="KnownSymbols"/>), or a type
    /// constructed from it (<c>IOptions&lt;CorsSettings&gt;</c> is <c>IOptions&lt;T&gt;</c>); false when either is absent.
    /// </summary>
    public static bool Is(this ITypeSymbol? type, INamedTypeSymbol? known)
        => type is not null && known is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);
}
