using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>What a call does with an ASP.NET Core CORS policy name.</summary>
internal enum PolicyNameRole
{
    /// <summary><c>CorsOptions.AddPolicy(name, ...)</c>.</summary>
    Definition,

    /// <summary><c>UseCors(name)</c>, <c>RequireCors(name)</c>, <c>[EnableCors(name)]</c>, <c>new EnableCorsAttribute(name)</c>.</summary>
    Use,

    /// <summary><c>AddCors(...)</c>: the app configures CORS in this compilation.</summary>
    Setup,

    /// <summary>Something that gives policies names we cannot see: <c>CorsOptions.DefaultPolicyName = ...</c>.</summary>
    Unknown,
}

/// <summary>One policy name in code: its role, its value when it is a constant, and the expression that gives it.</summary>
internal readonly struct PolicyNameReference
{
    public PolicyNameReference(PolicyNameRole role, string? name, SyntaxNode? source)
    {
        Role = role;
        Name = name;
        Source = source;
    }

    public PolicyNameRole Role { get; }

    /// <summary>The name, or <see langword="null"/> when it is not a constant (a definition we cannot read).</summary>
    public string? Name { get; }

    /// <summary>The name's expression (what a rule reports), or the call for <see cref="PolicyNameRole.Setup"/>.</summary>
    public SyntaxNode? Source { get; }
}

/// <summary>
/// The one place that knows where ASP.NET Core CORS policy names are defined and used. <c>CorsOptions</c> keeps policies
/// in a dictionary with <see cref="StringComparer.Ordinal"/>: a name matches only itself, case included. Methods are
/// told apart by name first (a string compare), by their containing type after.
/// </summary>
internal static class PolicyNames
{
    /// <summary>Cheap filter on a method name, before any symbol work.</summary>
    public static bool IsCandidateMethodName(string name) => name is "AddPolicy" or "UseCors" or "RequireCors" or "AddCors";

    /// <summary>The policy name a call defines or uses, or <see langword="null"/> when it has none.</summary>
    public static PolicyNameReference? FromInvocation(IInvocationOperation invocation, KnownSymbols symbols)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "AddPolicy" when SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.CorsOptions):
                var defined = ArgumentOf(invocation.Arguments, "name");
                return new PolicyNameReference(PolicyNameRole.Definition, ConstantOf(defined), defined?.Syntax);

            case "UseCors" when CorsPolicies.IsUseCors(method, symbols):
            case "RequireCors" when CorsPolicies.IsRequireCors(method, symbols):
                return ArgumentOf(invocation.Arguments, "policyName") is { } used && ConstantOf(used) is { } name
                    ? new PolicyNameReference(PolicyNameRole.Use, name, used.Syntax)
                    : null;

            case "AddCors" when method.ContainingType.Is(symbols.CorsServiceCollectionExtensions):
                return new PolicyNameReference(PolicyNameRole.Setup, null, invocation.Syntax);

            default:
                return null;
        }
    }

    /// <summary><c>new EnableCorsAttribute("x")</c> (as endpoint metadata): a use of "x".</summary>
    public static PolicyNameReference? FromCreation(IObjectCreationOperation creation, KnownSymbols symbols)
        => SymbolEqualityComparer.Default.Equals(creation.Type, symbols.EnableCorsAttribute)
           && ArgumentOf(creation.Arguments, "policyName") is { } used && ConstantOf(used) is { } name
            ? new PolicyNameReference(PolicyNameRole.Use, name, used.Syntax)
            : null;

    /// <summary><c>options.DefaultPolicyName = ...</c>: the default policy gets a name of the user's choosing.</summary>
    public static PolicyNameReference? FromAssignment(ISimpleAssignmentOperation assignment, KnownSymbols symbols)
        => assignment.Target is IPropertyReferenceOperation { Property: { Name: "DefaultPolicyName" } property }
           && SymbolEqualityComparer.Default.Equals(property.ContainingType, symbols.CorsOptions)
            ? new PolicyNameReference(PolicyNameRole.Unknown, null, assignment.Syntax)
            : null;

    /// <summary>True for a class that implements <c>ICorsPolicyProvider</c>: it may answer names no <c>AddPolicy</c> defines.</summary>
    public static bool IsPolicyProvider(INamedTypeSymbol type, KnownSymbols symbols)
    {
        if (type.TypeKind != TypeKind.Class || symbols.ICorsPolicyProvider is not { } provider)
        {
            return false;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.Is(provider))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The one defined name <paramref name="name"/> was probably meant to be: equal ignoring case, or one edit (insert,
    /// delete, replace, swap of neighbours) away. <see langword="null"/> when none or more than one is that close.
    /// </summary>
    public static string? NearMiss(string name, IEnumerable<string> defined)
    {
        string? found = null;
        foreach (var candidate in defined)
        {
            if (candidate == name || candidate == found)
            {
                continue;
            }

            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase) || IsOneEditAway(candidate, name))
            {
                if (found is not null)
                {
                    return null;
                }

                found = candidate;
            }
        }

        return found;
    }

    private static bool IsOneEditAway(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }

        var start = 0;
        while (start < a.Length && start < b.Length && a[start] == b[start])
        {
            start++;
        }

        var endA = a.Length;
        var endB = b.Length;
        while (endA > start && endB > start && a[endA - 1] == b[endB - 1])
        {
            endA--;
            endB--;
        }

        var restA = endA - start;
        var restB = endB - start;
        if (restA <= 1 && restB <= 1)
        {
            // One character inserted, deleted or replaced.
            return true;
        }

        // Two neighbours swapped: "Fronetnd" for "Frontend".
        return restA == 2 && restB == 2 && a[start] == b[start + 1] && a[start + 1] == b[start];
    }

    private static IOperation? ArgumentOf(IEnumerable<IArgumentOperation> arguments, string parameterName)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { Name: var name, Type.SpecialType: SpecialType.System_String } && name == parameterName)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// The name a value always is: a constant (also <c>nameof</c> and <c>const</c> fields), or a readonly field or a local
    /// never assigned again, initialized with a constant in the same file (the documentation's
    /// <c>var MyAllowSpecificOrigins = "_myAllowSpecificOrigins";</c>).
    /// </summary>
    private static string? ConstantOf(IOperation? value)
    {
        value = value.WalkDownConversions();
        switch (value)
        {
            case { ConstantValue: { HasValue: true, Value: string text } }:
                return text;
            case IFieldReferenceOperation { Field: { IsReadOnly: true } field } reference:
                return InitialConstant(field, reference);
            case ILocalReferenceOperation { Local: { RefKind: RefKind.None } local } reference when !IsAssignedAgain(local, reference):
                return InitialConstant(local, reference);
            default:
                return null;
        }
    }

    private static string? InitialConstant(ISymbol symbol, IOperation reference)
        => Callables.InitializerOf(symbol, reference.SemanticModel, CancellationToken.None).WalkDownConversions() is { ConstantValue: { HasValue: true, Value: string text } }
            ? text
            : null;

    private static bool IsAssignedAgain(ILocalSymbol local, IOperation reference)
    {
        var root = reference.Root();

        foreach (var operation in root.Descendants())
        {
            var target = operation switch
            {
                IAssignmentOperation assignment => assignment.Target,
                IIncrementOrDecrementOperation increment => increment.Target,
                _ => null,
            };
            if (target is ILocalReferenceOperation assigned && SymbolEqualityComparer.Default.Equals(assigned.Local, local))
            {
                return true;
            }

            if (operation is IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out, Value: ILocalReferenceOperation passed }
                && SymbolEqualityComparer.Default.Equals(passed.Local, local))
            {
                return true;
            }
        }

        return false;
    }
}
