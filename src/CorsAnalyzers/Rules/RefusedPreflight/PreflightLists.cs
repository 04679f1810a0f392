using System;
using System.Collections.Generic;
using System.Linq;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>What a policy lists for a preflight to pass: its methods or its request headers.</summary>
internal enum PreflightListKind
{
    Methods,
    Headers,
}

/// <summary>Which policy a method or header list belongs to.</summary>
internal enum PolicyKeyKind
{
    /// <summary><c>AddPolicy("x", ...)</c>.</summary>
    Named,

    /// <summary><c>AddDefaultPolicy(...)</c>.</summary>
    Default,

    /// <summary><c>UseCors(b =&gt; ...)</c> or <c>RequireCors(b =&gt; ...)</c>: the policy of that call.</summary>
    Inline,
}

/// <summary>A policy of the app, as endpoints and lists name it.</summary>
internal readonly struct PolicyKey : IEquatable<PolicyKey>
{
    public PolicyKey(PolicyKeyKind kind, string? name = null, SyntaxNode? call = null)
    {
        Kind = kind;
        Name = name;
        Call = call;
    }

    public PolicyKeyKind Kind { get; }

    public string? Name { get; }

    /// <summary>For <see cref="PolicyKeyKind.Inline"/>: the <c>UseCors</c>/<c>RequireCors</c> call.</summary>
    public SyntaxNode? Call { get; }

    /// <summary>How a message names the policy: <c>Policy 'Partner'</c>, <c>The default policy</c>, <c>The policy of RequireCors(...)</c>.</summary>
    public string Describe()
        => Kind switch
        {
            PolicyKeyKind.Named => $"Policy '{Name}'",
            PolicyKeyKind.Default => "The default policy",
            _ => Call is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } ? $"The policy of {access.Name.Identifier.ValueText}(...)" : "The inline policy",
        };

    public bool Equals(PolicyKey other) => Kind == other.Kind && Name == other.Name && Equals(Call, other.Call);

    public override bool Equals(object? obj) => obj is PolicyKey other && Equals(other);

    public override int GetHashCode() => ((int)Kind * 397) ^ (Name?.GetHashCode() ?? 0) ^ (Call?.GetHashCode() ?? 0);
}

/// <summary>One call that sets a policy's methods or headers: <c>WithMethods(...)</c>, <c>AllowAnyHeader()</c>, <c>policy.Methods.Add(...)</c>.</summary>
internal sealed class PreflightList
{
    public PreflightList(PreflightListKind kind, IInvocationOperation call, bool allowsAny, HttpNameList names)
    {
        Kind = kind;
        Call = call;
        AllowsAny = allowsAny;
        Names = names;
    }

    public PreflightListKind Kind { get; }

    public IInvocationOperation Call { get; }

    /// <summary><c>AllowAnyMethod()</c>/<c>AllowAnyHeader()</c>, or a <c>"*"</c> entry (<c>WithHeaders("*")</c> is <c>AllowAnyHeader()</c>).</summary>
    public bool AllowsAny { get; }

    public HttpNameList Names { get; }

    /// <summary>Where a finding about the list is reported: the call's argument list (<c>("GET", "POST")</c>), or the initializer element.</summary>
    public Location ReportLocation
        => Call.Syntax is InvocationExpressionSyntax { ArgumentList: { } arguments } ? arguments.GetLocation() : Call.Syntax.GetLocation();
}

/// <summary>
/// CORS010's reading of policies: which call lists a policy's methods or headers, and which policy (named, default,
/// inline) that call configures, through <see cref="CorsPolicies.RootOfCall"/> for the builder or policy it works on.
/// </summary>
internal static class PreflightLists
{
    public static bool IsCandidateName(string name) => name is "WithMethods" or "WithHeaders" or "AllowAnyMethod" or "AllowAnyHeader" or "Add";

    /// <summary>The list a call sets, or null for any other call.</summary>
    public static PreflightList? ListOf(IInvocationOperation call, KnownSymbols symbols)
    {
        var method = call.TargetMethod;
        switch (method.Name)
        {
            case "WithMethods" or "WithHeaders" or "AllowAnyMethod" or "AllowAnyHeader" when method.ContainingType.Is(symbols.CorsPolicyBuilder):
                var kind = method.Name is "WithMethods" or "AllowAnyMethod" ? PreflightListKind.Methods : PreflightListKind.Headers;
                if (method.Name.StartsWith("AllowAny", StringComparison.Ordinal))
                {
                    return new PreflightList(kind, call, allowsAny: true, default);
                }

                var names = HttpNames.Read(call.GetArgument(0));
                return new PreflightList(kind, call, names.Values.Contains("*"), names);

            case "Add" when symbols.CorsPolicy is { } policy:
                var member = call.Instance.WalkDownConversions() as IPropertyReferenceOperation ?? CorsPolicies.InitializedMember(call);
                if (member is not { Property.Name: "Methods" or "Headers" } || !member.Property.ContainingType.Is(policy))
                {
                    return null;
                }

                var added = HttpNames.Read(call.GetArgument(0));
                return new PreflightList(member.Property.Name == "Methods" ? PreflightListKind.Methods : PreflightListKind.Headers, call, added.Values.Contains("*"), added);

            default:
                return null;
        }
    }

    /// <summary>
    /// The policy <paramref name="root"/> (what <see cref="CorsPolicies.RootOfCall"/> answers for the list's call) is, or
    /// null when it is not one the analyzer can name, or when the builder is also handed to code that may add to it.
    /// </summary>
    public static PolicyKey? OwnerOf(object root, IOperation call, KnownSymbols symbols)
    {
        switch (root)
        {
            case IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda } parameter:
                for (var current = call.Parent; current is not null; current = current.Parent)
                {
                    if (current is IAnonymousFunctionOperation function && SymbolEqualityComparer.Default.Equals(function.Symbol, lambda))
                    {
                        return IsHandedOn(parameter, function.Body, symbols) ? null : OwnerOfArgument(function, symbols);
                    }
                }

                return null;

            case IObjectCreationOperation creation:
                // new CorsPolicyBuilder().WithMethods(...).Build() or new CorsPolicy { ... } passed to AddPolicy.
                IOperation value = creation;
                while (value.WalkUpConversions() is IInvocationOperation { Instance: { } instance } chained && ReferenceEquals(instance.WalkDownConversions(), value))
                {
                    value = chained;
                }

                return OwnerOfArgument(value, symbols);

            case ILocalSymbol local:
                PolicyKey? found = null;
                foreach (var operation in call.Root().Descendants())
                {
                    if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                    {
                        IOperation use = reference;
                        while (use.WalkUpConversions() is IInvocationOperation { Instance: { } instance, TargetMethod.Name: "Build" } build && ReferenceEquals(instance.WalkDownConversions(), use))
                        {
                            use = build;
                        }

                        if (use.WalkUpConversions() is IArgumentOperation { Parent: IInvocationOperation target } && !target.TargetMethod.ContainingType.Is(symbols.CorsPolicyBuilder))
                        {
                            if (found is not null || OwnerOfArgument(use, symbols) is not { } owner)
                            {
                                return null;
                            }

                            found = owner;
                        }
                    }
                }

                return found;

            default:
                return null;
        }
    }

    /// <summary>The policy a builder lambda or a built policy configures, by the call it is passed to.</summary>
    private static PolicyKey? OwnerOfArgument(IOperation value, KnownSymbols symbols)
    {
        var argument = value.Parent;
        while (argument is IDelegateCreationOperation or IConversionOperation)
        {
            argument = argument.Parent;
        }

        if (argument is not IArgumentOperation { Parent: IInvocationOperation owner })
        {
            return null;
        }

        var method = owner.TargetMethod;
        if (method.ContainingType.Is(symbols.CorsOptions))
        {
            if (method.Name == "AddDefaultPolicy")
            {
                return new PolicyKey(PolicyKeyKind.Default);
            }

            if (method.Name == "AddPolicy" && owner.GetArgument(0).WalkDownConversions() is { ConstantValue: { HasValue: true, Value: string name } })
            {
                return new PolicyKey(PolicyKeyKind.Named, name);
            }

            return null;
        }

        return CorsPolicies.IsUseCors(method, symbols) || CorsPolicies.IsRequireCors(method, symbols)
            ? new PolicyKey(PolicyKeyKind.Inline, call: owner.Syntax)
            : null;
    }

    /// <summary>
    /// True when the builder parameter, or what its fluent chain returns, is passed to a method that is not the builder's
    /// own, stored or returned: code the analyzer does not follow may add methods or headers there.
    /// </summary>
    private static bool IsHandedOn(IParameterSymbol parameter, IOperation body, KnownSymbols symbols)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation is not IParameterReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter))
            {
                continue;
            }

            IOperation value = reference;
            while (value.WalkUpConversions() is IInvocationOperation { Instance: { } instance } chained && ReferenceEquals(instance.WalkDownConversions(), value)
                   && chained.TargetMethod.ContainingType.Is(symbols.CorsPolicyBuilder) && chained.Type.Is(symbols.CorsPolicyBuilder))
            {
                value = chained;
            }

            switch (value.WalkUpConversions())
            {
                case IArgumentOperation { Parent: IInvocationOperation call } when !call.TargetMethod.ContainingType.Is(symbols.CorsPolicyBuilder):
                case IArgumentOperation { Parent: IObjectCreationOperation }:
                case ISimpleAssignmentOperation { Value: var assigned } when ReferenceEquals(assigned.WalkDownConversions(), value):
                case IVariableInitializerOperation or IReturnOperation:
                    return true;
            }
        }

        return false;
    }

    /// <summary>The methods of a preflight that a list must name: every method but the CORS-safelisted GET, HEAD and POST (and OPTIONS itself).</summary>
    public static bool NeedsPreflight(string method) => method is not ("GET" or "HEAD" or "POST" or "OPTIONS");

    /// <summary>The order a message and the fix list methods in: PUT, PATCH, DELETE, then any other by name.</summary>
    public static IEnumerable<string> Ordered(IEnumerable<string> methods)
        => methods.Distinct().OrderBy(m => m switch { "PUT" => 0, "PATCH" => 1, "DELETE" => 2, _ => 3 }).ThenBy(m => m, StringComparer.Ordinal);
}
