using System;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>
/// Which values come from the request, so that the client chooses them: a read from the request object
/// (<c>Request.Query["callback"]</c>, <c>Request.QueryString["jsonp"]</c>, <c>Request["cb"]</c>, <c>TryGetValue(.., out cb)</c>,
/// <c>GetQueryNameValuePairs()</c>, ...), a parameter bound from the request (<c>[FromQuery]</c> and its kin, any parameter of a
/// controller action or of a minimal API handler), and what flows from them through locals, <c>??</c>, <c>?:</c>, calls on
/// them and array elements.
/// </summary>
internal static class RequestValues
{
    private const int MaxDepth = 8;

    public static bool Carries(IOperation? value, KnownSymbols symbols, int depth)
    {
        value = value.WalkDownConversions();
        if (value is null || depth > MaxDepth)
        {
            return false;
        }

        switch (value)
        {
            case IParameterReferenceOperation parameter:
                return IsBoundFromRequest(parameter, symbols);

            case ILocalReferenceOperation local:
                foreach (var (assigned, site) in local.Local.AssignmentsOf(value.Root()))
                {
                    if (Carries(assigned ?? site, symbols, depth + 1))
                    {
                        return true;
                    }
                }

                return false;

            case ICoalesceOperation coalesce:
                return Carries(coalesce.Value, symbols, depth + 1) || Carries(coalesce.WhenNull, symbols, depth + 1);

            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Carries(conditional.WhenTrue, symbols, depth + 1) || Carries(whenFalse, symbols, depth + 1);

            case IInvocationOperation call:
                if (IsRequest(call.Instance, symbols) || Carries(call.Instance, symbols, depth + 1))
                {
                    return true;
                }

                foreach (var argument in call.Arguments)
                {
                    if (IsRequest(argument.Value, symbols) || Carries(argument.Value, symbols, depth + 1))
                    {
                        return true;
                    }
                }

                return false;

            case IPropertyReferenceOperation property:
                return IsRequest(property.Instance, symbols) || Carries(property.Instance, symbols, depth + 1);

            case IArrayElementReferenceOperation element:
                return Carries(element.ArrayReference, symbols, depth + 1);

            default:
                return false;
        }
    }

    /// <summary>The request object itself (ASP.NET Core, System.Web, Web API's <c>HttpRequestMessage</c>, HttpListener, Azure Functions).</summary>
    private static bool IsRequest(IOperation? operation, KnownSymbols symbols)
        => operation.WalkDownConversions()?.Type is INamedTypeSymbol type
           && (HeaderWrites.IsOrDerives(type, symbols.AspNetCoreHttpRequest)
               || HeaderWrites.IsOrDerives(type, symbols.SystemWebHttpRequest)
               || HeaderWrites.IsOrDerives(type, symbols.SystemWebHttpRequestBase)
               || HeaderWrites.IsOrDerives(type, symbols.HttpRequestMessage)
               || HeaderWrites.IsOrDerives(type, symbols.HttpListenerRequest)
               || HeaderWrites.IsOrDerives(type, symbols.FunctionsHttpRequestData));

    /// <summary>
    /// A parameter model binding fills from the request: one with a <c>[FromQuery]</c>-like attribute, any parameter of a
    /// controller action (a public instance method of a controller), and any parameter of a lambda mapped as a minimal
    /// API handler (<c>MapGet(.., (string callback) => ..)</c>).
    /// </summary>
    private static bool IsBoundFromRequest(IParameterReferenceOperation reference, KnownSymbols symbols)
    {
        var parameter = reference.Parameter;
        foreach (var attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass?.Name is "FromQueryAttribute" or "FromRouteAttribute" or "FromFormAttribute" or "FromHeaderAttribute" or "FromBodyAttribute" or "FromUriAttribute")
            {
                return true;
            }
        }

        if (parameter.ContainingSymbol is not IMethodSymbol method)
        {
            return false;
        }

        if (method.MethodKind == MethodKind.AnonymousFunction)
        {
            for (var current = reference.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation function && SymbolEqualityComparer.Default.Equals(function.Symbol, method))
                {
                    var up = function.Parent;
                    while (up is IDelegateCreationOperation or IConversionOperation)
                    {
                        up = up.Parent;
                    }

                    return up is IArgumentOperation { Parent: IInvocationOperation map }
                           && map.TargetMethod.Name.StartsWith("Map", StringComparison.Ordinal);
                }
            }

            return false;
        }

        return IsAction(method);
    }

    /// <summary>A public instance method of a controller (ASP.NET Core MVC, classic MVC, Web API): model binding fills its parameters.</summary>
    public static bool IsAction(IMethodSymbol method)
    {
        if (method.MethodKind != MethodKind.Ordinary || method.IsStatic || method.DeclaredAccessibility != Accessibility.Public)
        {
            return false;
        }

        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (type.Name is "ControllerBase" or "Controller" or "ApiController" || type.Name.EndsWith("Controller", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
