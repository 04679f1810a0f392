using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>
/// What keeps a JSONP endpoint from harm: a callback name checked against a pattern (so it is no script of the caller's),
/// and an endpoint that serves the same data to everyone (so a foreign page reads nothing it could not fetch itself).
/// </summary>
internal static class CallbackChecks
{
    /// <summary>
    /// True when the function that writes the body tests the callback's local or parameter with an <c>IsMatch</c>
    /// (<c>Regex.IsMatch(callback, "^[A-Za-z_$][\w$]*$")</c>, a generated regex's <c>IsMatch</c>), or the parameter carries a
    /// <c>[RegularExpression]</c> attribute. The pattern itself is not judged.
    /// </summary>
    public static bool IsChecked(IOperation callback, IOperation body)
    {
        if (NamedValueOf(callback) is not { } symbol)
        {
            return false;
        }

        if (symbol is IParameterSymbol parameter)
        {
            foreach (var attribute in parameter.GetAttributes())
            {
                if (attribute.AttributeClass?.Name == "RegularExpressionAttribute")
                {
                    return true;
                }
            }
        }

        foreach (var operation in HandWrittenCors.EnclosingFunction(body).Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "IsMatch" } test)
            {
                foreach (var argument in test.Arguments)
                {
                    if (NamedValueOf(argument.Value) is { } tested && SymbolEqualityComparer.Default.Equals(tested, symbol))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// True when the endpoint answers per user: <c>[Authorize]</c> on the action, its controller or the handler lambda,
    /// <c>RequireAuthorization()</c> on the mapped handler, or a read of <c>User</c>, cookies or the session in the
    /// function. A global filter or fallback policy is a whole-project fact this rule does not read.
    /// </summary>
    public static bool IsPerUser(IOperation body, ISymbol containingSymbol)
    {
        var function = HandWrittenCors.EnclosingFunction(body);
        var method = function is IAnonymousFunctionOperation lambda ? lambda.Symbol : containingSymbol as IMethodSymbol;
        if (method is not null && (HasAuthorize(method) || HasAuthorize(method.ContainingType)))
        {
            return true;
        }

        if (function is IAnonymousFunctionOperation && MapCallOf(function) is { } map)
        {
            for (IOperation? current = map; current is not null; current = current.Parent)
            {
                if (current is IInvocationOperation { TargetMethod.Name: "RequireAuthorization" })
                {
                    return true;
                }

                if (current is not (IInvocationOperation or IArgumentOperation or IConversionOperation))
                {
                    break;
                }
            }
        }

        foreach (var operation in function.Descendants())
        {
            if (operation is IPropertyReferenceOperation { Property.Name: "User" or "Cookies" or "Session" })
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAuthorize(ISymbol? symbol)
    {
        for (var current = symbol; current is not null; current = (current as INamedTypeSymbol)?.BaseType)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (attribute.AttributeClass?.Name == "AuthorizeAttribute")
                {
                    return true;
                }
            }

            if (current is not INamedTypeSymbol)
            {
                break;
            }
        }

        return false;
    }

    /// <summary>The <c>MapGet(...)</c>-like call a handler lambda is passed to, or null.</summary>
    private static IInvocationOperation? MapCallOf(IOperation lambda)
    {
        var up = lambda.Parent;
        while (up is IDelegateCreationOperation or IConversionOperation)
        {
            up = up.Parent;
        }

        return up is IArgumentOperation { Parent: IInvocationOperation map } ? map : null;
    }

    /// <summary>The local or parameter a value is read from, through conversions and calls on it (<c>callback.Trim()</c>).</summary>
    private static ISymbol? NamedValueOf(IOperation? value)
    {
        for (var depth = 0; depth < 8; depth++)
        {
            value = value.WalkDownConversions();
            switch (value)
            {
                case ILocalReferenceOperation local:
                    return local.Local;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter;
                case IInvocationOperation { Instance: { } instance }:
                    value = instance;
                    break;
                default:
                    return null;
            }
        }

        return null;
    }
}
