using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Knowledge;

/// <summary>Which strings end up in an origin list: literals, constants, arrays, collections, locals filled before the policy.</summary>
internal sealed partial class CorsPolicies
{
    /// <summary>
    /// The strings an expression of type <c>string</c>, <c>string[]</c> or a string collection holds: literals and constants,
    /// array and collection initializers, locals initialized in the same file (with <c>Add</c> calls on a local), fields
    /// and get-only properties initialized in any file (an allowlist in a <c>CorsOrigins</c> class), <c>ToArray()</c>,
    /// <c>ToList()</c>, <c>ToImmutableArray()</c>..., <c>ImmutableArray.Create(...)</c> and collection constructors.
    /// </summary>
    public static OriginList GetStrings(IOperation? value, CancellationToken cancellationToken)
    {
        var values = ImmutableArray.CreateBuilder<OriginValue>();
        var complete = true;
        Collect(value, values, ref complete, 0, cancellationToken);
        return new OriginList(values.ToImmutable(), complete, complete ? null : AnyOriginBranchOf(value, 0, cancellationToken));
    }

    private static void Collect(IOperation? value, ImmutableArray<OriginValue>.Builder values, ref bool complete, int depth, CancellationToken cancellationToken)
    {
        value = value.WalkDownConversions();
        if (value is null || depth > Guards.MaxDepth)
        {
            complete = false;
            return;
        }

        if (value.ConstantValue.HasValue)
        {
            if (value.ConstantValue.Value is string text)
            {
                values.Add(new OriginValue(text, value));
            }
            else
            {
                complete = false;
            }

            return;
        }

        switch (value)
        {
            case IArrayCreationOperation { Initializer: { } initializer }:
                foreach (var element in initializer.ElementValues)
                {
                    Collect(element, values, ref complete, depth + 1, cancellationToken);
                }

                break;

            case IObjectCreationOperation creation:
                foreach (var argument in creation.Arguments)
                {
                    if (argument.Value.Type is { SpecialType: not SpecialType.System_String } argumentType && IsStringSequence(argumentType))
                    {
                        Collect(argument.Value, values, ref complete, depth + 1, cancellationToken);
                    }
                }

                if (creation.Initializer is { } collectionInitializer)
                {
                    foreach (var element in collectionInitializer.Initializers)
                    {
                        if (element is IInvocationOperation { Arguments.Length: 1 } add)
                        {
                            Collect(add.Arguments[0].Value, values, ref complete, depth + 1, cancellationToken);
                        }
                        else
                        {
                            complete = false;
                        }
                    }
                }

                break;

            case ILocalReferenceOperation local:
                CollectFromDeclaration(local.Local, local.SemanticModel, values, ref complete, depth, cancellationToken);
                CollectAdds(local, values, ref complete, depth, cancellationToken);
                break;

            case IFieldReferenceOperation field:
                CollectFromDeclaration(field.Field, field.SemanticModel, values, ref complete, depth, cancellationToken);
                break;

            // static string[] All { get; } = { ... }; static IReadOnlyList<string> All => new[] { ... }; in any file.
            case IPropertyReferenceOperation { Property: { IsStatic: true, IsIndexer: false, SetMethod: null } property }:
                CollectFromDeclaration(property, value.SemanticModel, values, ref complete, depth, cancellationToken);
                break;

            // ImmutableArray.Create("a", "b"), ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase, "a", "b")
            case IInvocationOperation { TargetMethod: { Name: "Create" or "CreateRange", IsStatic: true } create } creation
                when create.ContainingType.ContainingNamespace?.ToDisplayString() == "System.Collections.Immutable":
                foreach (var argument in creation.Arguments)
                {
                    if (argument.Value.Type is { } argumentType && (argumentType.SpecialType == SpecialType.System_String || IsStringSequence(argumentType)))
                    {
                        Collect(argument.Value, values, ref complete, depth + 1, cancellationToken);
                    }
                }

                break;

            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                // Either arm may be the value: both are seen, neither is the whole list.
                Collect(conditional.WhenTrue, values, ref complete, depth + 1, cancellationToken);
                Collect(whenFalse, values, ref complete, depth + 1, cancellationToken);
                complete = false;
                break;

            case ICoalesceOperation coalesce:
                Collect(coalesce.Value, values, ref complete, depth + 1, cancellationToken);
                Collect(coalesce.WhenNull, values, ref complete, depth + 1, cancellationToken);
                complete = false;
                break;

            case IInvocationOperation { TargetMethod.Name: "ToArray" or "ToList" or "ToHashSet" or "AsEnumerable" or "ToImmutableArray" or "ToImmutableHashSet" or "ToImmutableList" or "ToFrozenSet" or "AsReadOnly" } conversion:
                Collect(conversion.Instance ?? conversion.GetArgument(0), values, ref complete, depth + 1, cancellationToken);
                break;

            default:
                complete = false;
                break;
        }
    }

    private static void CollectFromDeclaration(ISymbol symbol, SemanticModel? semanticModel, ImmutableArray<OriginValue>.Builder values, ref bool complete, int depth, CancellationToken cancellationToken)
    {
        if (Callables.InitializerOf(symbol, semanticModel, cancellationToken) is { } initializer)
        {
            Collect(initializer, values, ref complete, depth + 1, cancellationToken);
        }
        else
        {
            complete = false;
        }
    }

    /// <summary>Adds the arguments of <c>list.Add(x)</c> / <c>list.AddRange(xs)</c> calls on a local in the code that declares it.</summary>
    private static void CollectAdds(ILocalReferenceOperation local, ImmutableArray<OriginValue>.Builder values, ref bool complete, int depth, CancellationToken cancellationToken)
    {
        if (local.SemanticModel is not { } semanticModel || local.Local.DeclaringSyntaxReferences.FirstOrDefault() is not { } declaration
            || declaration.SyntaxTree != semanticModel.SyntaxTree)
        {
            return;
        }

        var declarator = declaration.GetSyntax(cancellationToken);
        var scope = declarator.Ancestors().FirstOrDefault(n => n is BlockSyntax or CompilationUnitSyntax);
        var statements = scope switch
        {
            BlockSyntax block => block.Statements.AsEnumerable(),
            CompilationUnitSyntax unit => unit.Members.OfType<GlobalStatementSyntax>().Select(g => g.Statement),
            _ => Enumerable.Empty<StatementSyntax>(),
        };

        foreach (var statement in statements)
        {
            if (semanticModel.GetOperation(statement, cancellationToken) is not { } operation)
            {
                continue;
            }

            foreach (var call in operation.DescendantsAndSelf().OfType<IInvocationOperation>())
            {
                if (call.TargetMethod.Name is "Add" or "AddRange" or "Insert"
                    && call.Instance.WalkDownConversions() is ILocalReferenceOperation target
                    && SymbolEqualityComparer.Default.Equals(target.Local, local.Local)
                    && call.Arguments.Length > 0)
                {
                    complete = false;
                    Collect(call.Arguments[call.Arguments.Length - 1].Value, values, ref complete, depth + 1, cancellationToken);
                }
            }
        }
    }

    private static bool IsStringSequence(ITypeSymbol type)
        => type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_String }
           || type.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T && i.TypeArguments[0].SpecialType == SpecialType.System_String);
}
