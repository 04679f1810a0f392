using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// The one place that knows which expressions carry the request's <c>Origin</c> header: where it is read
/// (<c>Request.Headers["Origin"]</c>, <c>Headers.Origin</c>, <c>TryGetValue("Origin", out o)</c>, <c>GetValues("Origin")</c>, ...)
/// and how it flows (locals, conversions, <c>ToString()</c>, <c>First()</c>, <c>[0]</c>, <c>??</c>, <c>?:</c>, interpolation,
/// concatenation, arrays, captured variables in lambdas, and simple helpers of ours that return it).
/// </summary>
internal sealed partial class OriginFlow
{
    private readonly KnownSymbols _symbols;
    private readonly HeaderWrites _headers;
    /// <summary>Where each file's text spells "origin" (<see cref="Spellings"/>), found in one scan of its text, per file.</summary>
    private readonly ConcurrentDictionary<SyntaxTree, Spellings> _spellings = new();
    private static readonly Func<SyntaxTree, Spellings> s_findSpellings = static tree => Spellings.Find(tree);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _returnsOrigin = new(SymbolEqualityComparer.Default);

    public OriginFlow(KnownSymbols symbols, HeaderWrites headers)
    {
        _symbols = symbols;
        _headers = headers;
    }

    /// <summary>
    /// True when the value of <paramref name="operation"/> may be (or contain) the request's Origin, or the value of
    /// <paramref name="originParameter"/> (the origin a predicate or validator receives).
    /// </summary>
    public bool CarriesOrigin(IOperation? operation, IParameterSymbol? originParameter = null)
        => operation is not null
           && (originParameter is not null || MayReadOrigin(operation))
           && Carries(operation, new TraceState(null, originParameter, new HashSet<ISymbol>(SymbolEqualityComparer.Default)), 0);

    /// <summary>
    /// Like <see cref="CarriesOrigin(IOperation?, IParameterSymbol?)"/>, and collects where, inside this expression, the origin
    /// comes in: the direct reads of the header, helper calls that return it, and the locals that hold it.
    /// </summary>
    public bool CarriesOrigin(IOperation? operation, List<IOperation> entries)
        => operation is not null
           && MayReadOrigin(operation)
           && Carries(operation, new TraceState(entries, null, new HashSet<ISymbol>(SymbolEqualityComparer.Default)), 0);

    /// <summary>
    /// A cheap test made once per member body: the request's Origin can only be read where some name or string in the
    /// body says "origin" (<c>Headers.Origin</c>, <c>"Origin"</c>, <c>HeaderNames.Origin</c>, <c>GetOrigin(...)</c>,
    /// <c>var origin = ...</c>). Most string matching in a project is in bodies that never do, and pays nothing more.
    /// </summary>
    /// <remarks>
    /// Answered from the file's one scan (<see cref="Spellings"/>): only the spellings inside the body are looked at, each
    /// decided once; nothing is allocated.
    /// </remarks>
    public bool MayReadOrigin(IOperation operation)
    {
        var body = operation.Root().Syntax;
        return SpellingsOf(body.SyntaxTree).AnyMentionIn(body.SyntaxTree, body);
    }

    /// <summary>The same test for a whole file, made once per file: where no name or string says "origin", no code decides on one.</summary>
    public bool MayMentionOrigin(SyntaxTree tree) => SpellingsOf(tree).AnyMentionIn(tree, null);

    private Spellings SpellingsOf(SyntaxTree tree) => _spellings.GetOrAdd(tree, s_findSpellings);

    private sealed record TraceState(List<IOperation>? Entries, IParameterSymbol? Parameter, HashSet<ISymbol> Visited);

    private bool Carries(IOperation? operation, TraceState state, int depth)
    {
        if (operation is null || depth > Guards.MaxDepth)
        {
            return false;
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return Carries(conversion.Operand, state, depth + 1);

            case ILocalReferenceOperation local:
                if (CarriesThroughLocal(local, state with { Entries = null }, depth))
                {
                    state.Entries?.Add(local);
                    return true;
                }

                return false;

            case IParameterReferenceOperation parameter:
                if (IsBoundToOriginHeader(parameter.Parameter))
                {
                    state.Entries?.Add(parameter);
                    return true;
                }

                return state.Parameter is not null && SymbolEqualityComparer.Default.Equals(parameter.Parameter.OriginalDefinition, state.Parameter);

            case IPropertyReferenceOperation property:
                if (IsOriginRead(property))
                {
                    state.Entries?.Add(property);
                    return true;
                }

                // request.Headers.FirstOrDefault(h => h.Key == "Origin").Value (Azure Functions, HttpRequestMessage).
                if (property.Property.Name == "Value" && IsOriginPairLookup(property.Instance))
                {
                    state.Entries?.Add(property);
                    return true;
                }

                // origins[0], values.Count is not the origin; uri.Host, uri.Authority are parts of it.
                return property.Property.IsIndexer
                    ? Carries(property.Instance, state, depth + 1)
                    : IsUriPart(property) && Carries(property.Instance, state, depth + 1);

            case IArrayElementReferenceOperation element:
                return Carries(element.ArrayReference, state, depth + 1);

            case IInvocationOperation invocation:
                return CarriesThroughInvocation(invocation, state, depth);

            case ICoalesceOperation coalesce:
                return Either(Carries(coalesce.Value, state, depth + 1), Carries(coalesce.WhenNull, state, depth + 1));

            case IConditionalOperation conditional when conditional.WhenFalse is not null:
                return Either(Carries(conditional.WhenTrue, state, depth + 1), Carries(conditional.WhenFalse, state, depth + 1));

            case ISwitchExpressionOperation switchExpression:
                var anyArm = false;
                foreach (var arm in switchExpression.Arms)
                {
                    anyArm |= Carries(arm.Value, state, depth + 1);
                }

                return anyArm;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                return Either(Carries(binary.LeftOperand, state, depth + 1), Carries(binary.RightOperand, state, depth + 1));

            case IInterpolatedStringOperation interpolated:
                var anyPart = false;
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation interpolation)
                    {
                        anyPart |= Carries(interpolation.Expression, state, depth + 1);
                    }
                }

                return anyPart;

            case IArrayCreationOperation { Initializer: { } initializer }:
                var anyElement = false;
                foreach (var element in initializer.ElementValues)
                {
                    anyElement |= Carries(element, state, depth + 1);
                }

                return anyElement;

            case IObjectCreationOperation creation when IsStringValues(creation.Type) || IsUri(creation.Type):
                return creation.Arguments.Length > 0 && Carries(creation.Arguments[0].Value, state, depth + 1);

            case IAwaitOperation awaited:
                return Carries(awaited.Operation, state, depth + 1);

            default:
                return false;
        }
    }

    private static bool Either(bool left, bool right) => left || right;

    /// <summary>
    /// A minimal-API or MVC parameter the framework binds to the Origin header: <c>[FromHeader(Name = "Origin")] string origin</c>
    /// (ASP.NET Core's <c>FromHeaderAttribute</c>, by name only, so that cost stays one attribute look-up).
    /// </summary>
    private static bool IsBoundToOriginHeader(IParameterSymbol parameter)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "FromHeaderAttribute" })
            {
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "Name" && named.Value.Value is string name)
                    {
                        return HttpHeaderName.Is(name, HttpHeaderName.Origin);
                    }
                }

                return HttpHeaderName.Is(parameter.Name, HttpHeaderName.Origin);
            }
        }

        return false;
    }

    /// <summary><c>headers.FirstOrDefault(h =&gt; h.Key == "Origin")</c> (or First, Single, SingleOrDefault, LastOrDefault) over request headers.</summary>
    private bool IsOriginPairLookup(IOperation? instance)
    {
        if (instance.WalkDownConversions() is not IInvocationOperation { TargetMethod.Name: "FirstOrDefault" or "First" or "SingleOrDefault" or "Single" or "LastOrDefault", Arguments.Length: 2 } lookup
            || !SymbolEqualityComparer.Default.Equals(lookup.TargetMethod.ContainingType, _symbols.Enumerable))
        {
            return false;
        }

        var source = lookup.Arguments[0].Value.WalkDownConversions()?.Type;
        if (!(HeaderWrites.IsOrDerives(source, _symbols.HttpHeaders) || _headers.IsHeaderDictionary(source)))
        {
            return false;
        }

        if (lookup.Arguments[1].Value.WalkDownConversions() is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation predicate })
        {
            return false;
        }

        var readsKey = false;
        var namesOrigin = false;
        foreach (var operation in predicate.Body.Descendants())
        {
            readsKey |= operation is IPropertyReferenceOperation { Property.Name: "Key" };
            namesOrigin |= operation is ILiteralOperation && HttpHeaderName.Is(HttpHeaderName.Resolve(operation, _symbols), HttpHeaderName.Origin);
        }

        return readsKey && namesOrigin;
    }

    /// <summary>The server variable IIS passes the Origin header in (System.Web <c>Request.ServerVariables</c>).</summary>
    private static bool IsServerVariable(string? name) => string.Equals(name, "HTTP_ORIGIN", StringComparison.OrdinalIgnoreCase);

    /// <summary>A direct read of the request's Origin header.</summary>
    public bool IsOriginRead(IOperation operation)
    {
        switch (operation)
        {
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer:
                // Headers["Origin"] on IHeaderDictionary, WebHeaderCollection or a NameValueCollection (HttpListener, System.Web).
                var owner = indexer.Property.ContainingType;
                var name = HttpHeaderName.Resolve(indexer.Arguments[0].Value, _symbols);
                if (IsServerVariable(name))
                {
                    // System.Web: Request.ServerVariables["HTTP_ORIGIN"] is the Origin header as IIS passes it on.
                    return HeaderWrites.IsOrDerives(owner, _symbols.NameValueCollection);
                }

                if (!HttpHeaderName.Is(name, HttpHeaderName.Origin))
                {
                    return false;
                }

                return _headers.IsHeaderDictionary(owner)
                    || HeaderWrites.IsOrDerives(owner, _symbols.NameValueCollection)
                    || IsDictionaryOfHeaderValues(owner);

            case IPropertyReferenceOperation property:
                // Request.Headers.Origin (the typed property of IHeaderDictionary).
                return property.Property.Name == "Origin" && _headers.IsHeaderDictionary(property.Property.ContainingType);

            case IInvocationOperation invocation:
                // HttpRequestMessage.Headers.GetValues("Origin"), headers.Get("Origin"), GetCommaSeparatedValues(headers, "Origin").
                if (invocation.TargetMethod.Name is not ("GetValues" or "Get" or "GetCommaSeparatedValues" or "GetValueOrDefault"))
                {
                    return false;
                }

                var isExtension = invocation.TargetMethod.IsExtensionMethod && invocation.Instance is null;
                var receiverType = isExtension ? invocation.GetArgument(0)?.Type : invocation.Instance?.Type;
                var isHeaders = HeaderWrites.IsOrDerives(receiverType, _symbols.HttpHeaders)
                    || HeaderWrites.IsOrDerives(receiverType, _symbols.NameValueCollection)
                    || _headers.IsHeaderDictionary(receiverType)
                    || receiverType is INamedTypeSymbol named && IsDictionaryOfHeaderValues(named);
                var header = HttpHeaderName.Resolve(invocation.GetArgument(isExtension ? 1 : 0), _symbols);
                return isHeaders && (HttpHeaderName.Is(header, HttpHeaderName.Origin)
                                     || IsServerVariable(header) && HeaderWrites.IsOrDerives(receiverType, _symbols.NameValueCollection));

            default:
                return false;
        }
    }

    private bool CarriesThroughLocal(ILocalReferenceOperation reference, TraceState state, int depth)
    {
        var local = reference.Local;
        if (!state.Visited.Add(local))
        {
            return false;
        }

        var carries = false;
        foreach (var (assigned, site) in local.AssignmentsOf(reference.Root()))
        {
            if (assigned is null)
            {
                // out argument: TryGetValue("Origin", out var origin), TryGetValues("Origin", out var values).
                if (site is IInvocationOperation { TargetMethod.Name: "TryGetValue" or "TryGetValues" } tryGet
                    && HttpHeaderName.Is(HttpHeaderName.Resolve(tryGet.GetArgument(tryGet.TargetMethod.IsExtensionMethod && tryGet.Instance is null ? 1 : 0), _symbols), HttpHeaderName.Origin))
                {
                    carries = true;
                }

                // Uri.TryCreate(origin, kind, out var uri): the uri is the origin.
                if (site is IInvocationOperation { TargetMethod.Name: "TryCreate" } tryCreate
                    && IsUri(tryCreate.TargetMethod.ContainingType)
                    && tryCreate.Arguments.Length > 0
                    && Carries(tryCreate.Arguments[0].Value, state, depth + 1))
                {
                    carries = true;
                }

                continue;
            }

            carries |= Carries(assigned, state, depth + 1);
        }

        return carries;
    }

    private bool CarriesThroughInvocation(IInvocationOperation invocation, TraceState state, int depth)
    {
        if (IsOriginRead(invocation))
        {
            state.Entries?.Add(invocation);
            return true;
        }

        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            // origin.ToString(), values.First(), origin.Trim(), origin.ToLowerInvariant(), uri.GetLeftPart(...).
            case "ToString" or "First" or "FirstOrDefault" or "Single" or "SingleOrDefault" or "Last" or "LastOrDefault" or "ElementAt" or "ElementAtOrDefault"
                or "Trim" or "TrimEnd" or "TrimStart" or "ToLower" or "ToLowerInvariant" or "ToUpper" or "ToUpperInvariant" or "Normalize" or "GetLeftPart" or "ToArray":
                return Carries(invocation.Instance ?? invocation.GetArgument(0), state, depth + 1);

            // new IdnMapping().GetAscii(new Uri(origin).Host): the host, in its ASCII or Unicode form.
            case "GetAscii" or "GetUnicode" when method.ContainingType.Name == "IdnMapping":
                return Carries(invocation.GetArgument(0), state, depth + 1);

            // string.Concat/Format/Join(...): any argument.
            case "Concat" or "Format" or "Join" when method.ContainingType.SpecialType == SpecialType.System_String:
                var any = false;
                foreach (var argument in invocation.Arguments)
                {
                    any |= Carries(argument.Value, state, depth + 1);
                }

                return any;
        }

        return CarriesThroughHelper(invocation, state, depth);
    }

    /// <summary>
    /// A method of ours that returns the origin (<c>static string GetOrigin(HttpContext c) =&gt; c.Request.Headers["Origin"];</c>,
    /// <c>RequestOrigin.From(request)</c>, an extension <c>request.GetOrigin()</c>), declared in this file or another: its
    /// body is read through its own file's model (<see cref="Declarations"/>). Whether it returns the request's Origin is
    /// worked out once per method and compilation; a helper that returns the origin a predicate receives is asked anew.
    /// </summary>
    private bool CarriesThroughHelper(IInvocationOperation invocation, TraceState state, int depth)
    {
        var method = invocation.TargetMethod;
        if (method.ReturnsVoid || method.ReturnType.SpecialType == SpecialType.System_Boolean
            || method.DeclaringSyntaxReferences.Length != 1 || !state.Visited.Add(method.OriginalDefinition))
        {
            return false;
        }

        bool returnsOrigin;
        if (state.Parameter is null)
        {
            var definition = method.OriginalDefinition;
            if (!_returnsOrigin.TryGetValue(definition, out returnsOrigin))
            {
                returnsOrigin = _returnsOrigin.GetOrAdd(definition, ReturnsOrigin(definition, invocation.SemanticModel, state, depth));
            }
        }
        else
        {
            returnsOrigin = ReturnsOrigin(method, invocation.SemanticModel, state, depth);
        }

        if (returnsOrigin)
        {
            state.Entries?.Add(invocation);
        }

        return returnsOrigin;
    }

    private bool ReturnsOrigin(IMethodSymbol method, SemanticModel? model, TraceState state, int depth)
    {
        var reference = method.DeclaringSyntaxReferences[0];
        if (model is null || Declarations.OperationAt(reference, model) is not { } body)
        {
            return false;
        }

        foreach (var returned in body.Descendants())
        {
            if (returned is IReturnOperation { ReturnedValue: { } value } && returned.IsOwnReturnOf(body) && Carries(value, new TraceState(null, state.Parameter, state.Visited), depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsStringValues(ITypeSymbol? type) => type is not null && SymbolEqualityComparer.Default.Equals(type, _symbols.StringValues);

    private bool IsUri(ITypeSymbol? type) => type is not null && SymbolEqualityComparer.Default.Equals(type, _symbols.Uri);

    private bool IsUriPart(IPropertyReferenceOperation property)
        => IsUri(property.Property.ContainingType)
           && property.Property.Name is "Host" or "Authority" or "DnsSafeHost" or "IdnHost" or "OriginalString" or "AbsoluteUri";

    /// <summary>A dictionary from header names to <c>StringValues</c> (what <c>IHeaderDictionary</c> is, seen through an interface).</summary>
    private bool IsDictionaryOfHeaderValues(INamedTypeSymbol type)
        => type.Name is "Dictionary" or "IDictionary" or "IReadOnlyDictionary" && type.TypeArguments.Length == 2
           && (type.Is(_symbols.Dictionary) || type.Is(_symbols.IDictionary) || type.Is(_symbols.IReadOnlyDictionary))
           && type.TypeArguments[0].SpecialType == SpecialType.System_String
           && IsStringValues(type.TypeArguments[1]);
}
