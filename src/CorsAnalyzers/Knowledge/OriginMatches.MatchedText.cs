using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

// OriginMatches: what a matching call tests (its constant text, its regular expression's pattern, the list it is
// applied to), read from the code, and whether that text accepts a given origin. The judgement is in OriginMatches.cs.
internal sealed partial class OriginMatches
{
    /// <summary>Whether a <c>StartsWith</c>/<c>EndsWith</c>/<c>Contains</c> of constant text accepts <paramref name="origin"/>; null when it cannot be told.</summary>
    private bool? Accepts(IInvocationOperation match, string origin)
    {
        if (match.TargetMethod.ContainingType.SpecialType != SpecialType.System_String || match.GetArgument(0)?.ConstantValue.Value is not string text)
        {
            return null;
        }

        var subject = origin;
        if (IsHostPart(match.Instance))
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
            {
                return null;
            }

            subject = uri.Host;
        }
        else if (match.Instance.WalkDownConversions() is IPropertyReferenceOperation or IInvocationOperation { TargetMethod.Name: not ("ToLower" or "ToLowerInvariant" or "Trim" or "ToString") })
        {
            return null;
        }

        text = text.ToLowerInvariant();
        return match.TargetMethod.Name switch
        {
            "StartsWith" => subject.StartsWith(text, StringComparison.Ordinal),
            "EndsWith" => subject.EndsWith(text, StringComparison.Ordinal),
            "Contains" => subject.IndexOf(text, StringComparison.Ordinal) >= 0,
            _ => null,
        };
    }

    private static bool IsComparedAsFound(IInvocationOperation call)
    {
        if (call.WalkUpConversions() is not IBinaryOperation comparison)
        {
            return false;
        }

        var other = comparison.LeftOperand.WalkDownConversions() == call ? comparison.RightOperand : comparison.LeftOperand;
        return other.ConstantValue.Value is 0 or -1
               && comparison.OperatorKind is BinaryOperatorKind.GreaterThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.NotEquals
                   or BinaryOperatorKind.Equals or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual;
    }

    /// <summary>The string matched is a host or authority (<c>uri.Host</c>), not the whole origin with its scheme.</summary>
    private bool IsHostPart(IOperation? value)
        => value.WalkDownConversions() switch
        {
            IPropertyReferenceOperation { Property.Name: "Host" or "Authority" or "DnsSafeHost" or "IdnHost" } property
                => SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _symbols.Uri),

            // new IdnMapping().GetAscii(uri.Host): the same host, mapped.
            IInvocationOperation { TargetMethod: { Name: "GetAscii" or "GetUnicode", ContainingType.Name: "IdnMapping" }, Arguments.Length: > 0 } mapping
                => IsHostPart(mapping.Arguments[0].Value),
            _ => false,
        };

    private static IOperation? RegexInput(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Name == "input")
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// The constant pattern of <c>Regex.IsMatch(input, pattern)</c>, <c>new Regex(pattern).IsMatch</c>, a regex local or
    /// static field initialised in any file, or a <c>[GeneratedRegex(pattern)]</c> method or property.
    /// </summary>
    private string? RegexPattern(IInvocationOperation call, out IOperation? runtimePattern)
    {
        runtimePattern = null;
        if (call.Instance is null)
        {
            return PatternArgument(call.Arguments, call.SemanticModel, out runtimePattern);
        }

        var instance = call.Instance.WalkDownConversions();
        for (var hops = 0; hops < Guards.MaxDepth && instance is not null; hops++)
        {
            switch (instance)
            {
                case IObjectCreationOperation creation:
                    return PatternArgument(creation.Arguments, call.SemanticModel, out runtimePattern);

                // patterns.Any(r => r.IsMatch(origin)): r is an element of the list the lambda is given.
                case IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } } element
                    when ListOfLambdaParameter(element) is { } list:
                    instance = ElementOf(list, call.SemanticModel);
                    break;
                case IInvocationOperation generated:
                    return GeneratedPattern(generated.TargetMethod);
                case IPropertyReferenceOperation property when GeneratedPattern(property.Property) is { } fromProperty:
                    return fromProperty;
                case IPropertyReferenceOperation { Property: { IsStatic: true, SetMethod: null } property }:
                    // static Regex Allowed { get; } = new(...); in a CorsOrigins class of any file.
                    instance = Declarations.InitializerOf(property, call.SemanticModel).WalkDownConversions();
                    break;
                case ILocalReferenceOperation local:
                    instance = SingleValue(local.Local.AssignmentsOf(local.Root()));
                    break;
                case IFieldReferenceOperation { Field: { IsReadOnly: true } field }:
                    instance = FieldInitializer(field, call.SemanticModel);
                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>A string through a local of this file, or a field or property of any file, initialised with it.</summary>
    private static IOperation? StringValueOf(IOperation? value, SemanticModel? model, CancellationToken cancellationToken)
    {
        value = value.WalkDownConversions();
        return value switch
        {
            ILocalReferenceOperation local => Callables.InitializerOf(local.Local, model, cancellationToken),
            IFieldReferenceOperation field => Callables.InitializerOf(field.Field, model, cancellationToken),
            IPropertyReferenceOperation property => Callables.InitializerOf(property.Property, model, cancellationToken),
            _ => value,
        };
    }

    /// <summary>The constant pattern argument (also through a readonly field or local initialised with one); otherwise the pattern operation in <paramref name="runtimePattern"/>.</summary>
    private static string? PatternArgument(ImmutableArray<IArgumentOperation> arguments, SemanticModel? model, out IOperation? runtimePattern)
    {
        runtimePattern = null;
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name == "pattern")
            {
                var value = argument.Value.WalkDownConversions();
                if (value?.ConstantValue.Value is string constant)
                {
                    return constant;
                }

                if (StringValueOf(value, model, CancellationToken.None).WalkDownConversions() is { ConstantValue.Value: string initial })
                {
                    return initial;
                }

                runtimePattern = value;
                return null;
            }
        }

        return null;
    }

    /// <summary><c>"^" + x + "$"</c>, <c>$"^{x}$"</c>, <c>string.Format("^{0}$", x)</c>: anchored at both ends whatever the middle.</summary>
    private static bool IsAnchored(IOperation pattern)
    {
        var start = LeftmostConstant(pattern);
        var end = RightmostConstant(pattern);
        return start is not null && end is not null
               && (start.StartsWith("^", StringComparison.Ordinal) || start.StartsWith("\\A", StringComparison.Ordinal))
               && (end.EndsWith("$", StringComparison.Ordinal) || end.EndsWith("\\z", StringComparison.Ordinal));
    }

    private static string? LeftmostConstant(IOperation? value)
    {
        value = value.WalkDownConversions();
        return value switch
        {
            { ConstantValue: { HasValue: true, Value: string text } } => text,
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concat => LeftmostConstant(concat.LeftOperand),
            IInterpolatedStringOperation { Parts.Length: > 0 } interpolated => interpolated.Parts[0] is IInterpolatedStringTextOperation first ? LeftmostConstant(first.Text) : null,
            IInvocationOperation { TargetMethod.Name: "Format" or "Concat", TargetMethod.ContainingType.SpecialType: SpecialType.System_String, Arguments.Length: > 0 } call => LeftmostConstant(call.Arguments[0].Value),
            _ => null,
        };
    }

    private static string? RightmostConstant(IOperation? value)
    {
        value = value.WalkDownConversions();
        return value switch
        {
            { ConstantValue: { HasValue: true, Value: string text } } => text,
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concat => RightmostConstant(concat.RightOperand),
            IInterpolatedStringOperation { Parts.Length: > 0 } interpolated => interpolated.Parts[interpolated.Parts.Length - 1] is IInterpolatedStringTextOperation last ? RightmostConstant(last.Text) : null,
            IInvocationOperation { TargetMethod.Name: "Format", TargetMethod.ContainingType.SpecialType: SpecialType.System_String, Arguments.Length: > 0 } call => RightmostConstant(call.Arguments[0].Value),
            _ => null,
        };
    }

    private string? GeneratedPattern(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "GeneratedRegexAttribute" } generated && generated.Is(_symbols.GeneratedRegexAttribute) && attribute.ConstructorArguments.Length > 0)
            {
                return attribute.ConstructorArguments[0].Value as string;
            }
        }

        return null;
    }

    /// <summary>For a lambda's parameter in <c>list.Any(r =&gt; ...)</c> (or All, Where, First..., Exists): the list.</summary>
    private static IOperation? ListOfLambdaParameter(IParameterReferenceOperation element)
    {
        for (IOperation? current = element; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda && SymbolEqualityComparer.Default.Equals(lambda.Symbol, element.Parameter.ContainingSymbol))
            {
                var argument = lambda.Parent?.Parent as IArgumentOperation ?? lambda.Parent as IArgumentOperation;
                return argument?.Parent is IInvocationOperation { TargetMethod.Name: "Any" or "All" or "Where" or "First" or "FirstOrDefault" or "Exists" or "TrueForAll" } query
                    ? query.Instance ?? (query.Arguments.Length > 1 && query.Arguments[0] != argument ? query.Arguments[0].Value : null)
                    : null;
            }
        }

        return null;
    }

    /// <summary>What each element of a list is made from: <c>xs.Select(w =&gt; new Regex(..)).ToArray()</c>, <c>new[] { new Regex(..) }</c>, through locals and fields.</summary>
    private static IOperation? ElementOf(IOperation? list, SemanticModel? model)
    {
        for (var hops = 0; hops < Guards.MaxDepth; hops++)
        {
            list = list.WalkDownConversions();
            switch (list)
            {
                case IInvocationOperation { TargetMethod.Name: "ToArray" or "ToList" or "AsEnumerable" or "ToImmutableArray" } conversion:
                    list = conversion.Instance ?? (conversion.Arguments.Length > 0 ? conversion.Arguments[0].Value : null);
                    break;
                case IInvocationOperation { TargetMethod.Name: "Select", Arguments.Length: > 0 } select
                    when select.Arguments[select.Arguments.Length - 1].Value.WalkDownConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation selector }:
                    return new Callable(selector.Symbol, selector.Body).ReturnedValues is { Length: 1 } returned ? returned[0].WalkDownConversions() : null;
                case IArrayCreationOperation { Initializer.ElementValues: { Length: > 0 } elements }:
                    return elements[0].WalkDownConversions();
                case ILocalReferenceOperation local:
                    list = SingleValue(local.Local.AssignmentsOf(local.Root()));
                    break;
                case IFieldReferenceOperation { Field: { IsReadOnly: true } field }:
                    list = FieldInitializer(field, model);
                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    private static IOperation? SingleValue(IEnumerable<(IOperation? Value, IOperation Site)> assignments)
    {
        IOperation? single = null;
        foreach (var (value, _) in assignments)
        {
            if (value is null || single is not null)
            {
                return null;
            }

            single = value;
        }

        return single.WalkDownConversions();
    }

    /// <summary>A regex field's initializer, in whichever file the field is declared (<see cref="Declarations.InitializerOf"/>).</summary>
    private static IOperation? FieldInitializer(IFieldSymbol field, SemanticModel? model)
        => field.DeclaringSyntaxReferences.Length == 1 ? Declarations.InitializerOf(field, model).WalkDownConversions() : null;
}
