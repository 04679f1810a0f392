using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>Which header API a write goes through: the fixers write Vary with the same one.</summary>
internal enum HeaderApi
{
    /// <summary>ASP.NET Core <c>IHeaderDictionary</c> (indexer, typed properties, Append, Add, TryAdd, ...).</summary>
    AspNetCore,

    /// <summary><c>HttpListenerResponse.AddHeader/AppendHeader</c> or its <c>Headers</c> collection.</summary>
    HttpListener,

    /// <summary><c>System.Net.Http.Headers.HttpHeaders.Add/TryAddWithoutValidation</c> on a response.</summary>
    HttpHeaders,

    /// <summary>System.Web <c>HttpResponse(Base).AddHeader/AppendHeader</c> or <c>Response.Headers</c>.</summary>
    SystemWeb,
}

/// <summary>One response-header write found in code.</summary>
/// <param name="Operation">The assignment or invocation that writes.</param>
/// <param name="Name">The header name as known at compile time.</param>
/// <param name="Value">The written value, or null when the call has none we can see.</param>
/// <param name="Target">What is written to: the header collection, or the response for AddHeader-style calls.</param>
/// <param name="Api">The API family, so that a fix can write Vary the same way.</param>
internal sealed record HeaderWrite(IOperation Operation, string Name, IOperation? Value, IOperation? Target, HeaderApi Api)
{
    public bool Is(string header) => HttpHeaderName.Is(Name, header);

    /// <summary>
    /// An <c>Access-Control-*</c> response header or <c>Vary</c>: the only writes the rules are handed. Other headers
    /// (Cache-Control, X-Frame-Options, an app's own) are found as writes too, for the knowledge that walks bodies, but no
    /// rule judges them.
    /// </summary>
    public bool IsCorsHeader
    {
        get
        {
            var name = Name.AsSpan().Trim();
            return name.StartsWith("Access-Control-".AsSpan(), StringComparison.OrdinalIgnoreCase) || name.Equals("Vary".AsSpan(), StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// A call to a helper of ours in another file that writes this header itself, with the value it is given
    /// (<c>CorsResponse.AllowOrigin(response, origin)</c>). The helper's own write is a write too, judged in its file; only
    /// what depends on the value passed here (CORS001, CORS002, CORS004) is judged at the call.
    /// </summary>
    public bool IsNamedByHelper { get; init; }
}

/// <summary>
/// The one place that knows which code writes an HTTP response header. Rules ask
/// <see cref="TryGetWrite"/> for every invocation and simple assignment they see.
/// </summary>
internal sealed class HeaderWrites
{
    private readonly KnownSymbols _symbols;
    private readonly ConcurrentDictionary<IMethodSymbol, HelperShape> _helpers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _headerDictionaries = new(SymbolEqualityComparer.Default);

    private readonly Func<ITypeSymbol, bool> _implementsHeaderDictionary;

    public HeaderWrites(KnownSymbols symbols)
    {
        _symbols = symbols;
        _implementsHeaderDictionary = ImplementsHeaderDictionary;
    }

    /// <summary>The operation kinds a rule must register for to see every write.</summary>
    public static readonly OperationKind[] OperationKinds = { OperationKind.Invocation, OperationKind.SimpleAssignment };

    /// <summary>Cheap filter on a method name, before any symbol work.</summary>
    public static bool IsWriteMethodName(string name)
        => name switch
        {
            "Append" or "Add" or "TryAdd" or "AppendCommaSeparatedValues" or "SetCommaSeparatedValues"
                or "AddHeader" or "AppendHeader" or "TryAddWithoutValidation" or "Set" or "ParseAdd" or "TryParseAdd" => true,
            _ => false,
        };

    public bool TryGetWrite(IOperation operation, out HeaderWrite write) => TryGetWriteCore(operation, out write!);

    private bool TryGetWriteCore(IOperation operation, out HeaderWrite? write)
    {
        write = operation switch
        {
            ISimpleAssignmentOperation assignment => FromAssignment(assignment),
            IInvocationOperation invocation => FromInvocation(invocation),
            _ => null,
        };
        if (write is null)
        {
            return false;
        }

        // Half-typed code is not a write yet: no squiggle while the user is still typing the statement.
        var statement = operation.Syntax.FirstAncestorOrSelf<StatementSyntax>() ?? operation.Syntax;
        if (statement.ContainsDiagnostics || (write.Value is { } value && HasErrors(value)))
        {
            write = null;
            return false;
        }

        return true;
    }

    private static bool HasErrors(IOperation value)
    {
        if (value is IInvalidOperation || value.Type is IErrorTypeSymbol)
        {
            return true;
        }

        foreach (var descendant in value.Descendants())
        {
            if (descendant is IInvalidOperation || descendant.Type is IErrorTypeSymbol)
            {
                return true;
            }
        }

        return false;
    }

    private HeaderWrite? FromAssignment(ISimpleAssignmentOperation assignment)
    {
        if (assignment.Target is not IPropertyReferenceOperation property)
        {
            return null;
        }

        var type = property.Property.ContainingType;
        if (property.Property.IsIndexer)
        {
            if (property.Arguments.Length != 1)
            {
                return null;
            }

            var api = IsHeaderDictionary(type) ? HeaderApi.AspNetCore
                : IsResponseNameValueCollection(property.Instance, out var nameValueApi) ? nameValueApi
                : (HeaderApi?)null;
            if (api is null)
            {
                return null;
            }

            var name = HttpHeaderName.Resolve(property.Arguments[0].Value, _symbols);
            return name is null ? null : new HeaderWrite(assignment, name, assignment.Value, property.Instance, api.Value);
        }

        // Typed properties of IHeaderDictionary: Headers.AccessControlAllowOrigin = ...
        if (HttpHeaderName.FromMemberName(property.Property.Name) is { } header && IsHeaderDictionary(type))
        {
            return new HeaderWrite(assignment, header, assignment.Value, property.Instance, HeaderApi.AspNetCore);
        }

        return null;
    }

    private HeaderWrite? FromInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!IsWriteMethodName(method.Name))
        {
            // A helper of ours takes at least the header name and the value (counted on the operation's arguments: the
            // method's parameter list is made anew each time it is asked for).
            return invocation.Arguments.Length >= 2 ? FromHelper(invocation) : null;
        }

        // Every write form takes a name and a value (Add(KeyValuePair) on IHeaderDictionary takes both in one): list.Add(x),
        // set.Add(x) and other one-argument calls are not writes, and cost nothing more.
        var offset = invocation.Instance is null && method.IsExtensionMethod ? 1 : 0;
        var arguments = invocation.Arguments.Length - offset;
        // HttpResponseHeaders.Vary.Add("Origin") (HttpResponseMessage, and HttpHeaders subclasses such as Azure Functions').
        if (arguments == 1 && method.Name is "Add" or "TryParseAdd" or "ParseAdd"
            && invocation.Instance.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "Vary" } vary
            && IsOrDerives(vary.Property.ContainingType, _symbols.HttpHeaders))
        {
            return new HeaderWrite(invocation, HttpHeaderName.Vary, invocation.GetArgument(0), vary.Instance, HeaderApi.HttpHeaders);
        }

        if (arguments == 1 && method.Name == "Add" && invocation.Arguments[0].Parameter?.Type is { Name: "KeyValuePair" } pair && pair.Is(_symbols.KeyValuePair))
        {
            return IsHeaderDictionary(invocation.Instance.WalkDownConversions()?.Type ?? method.ContainingType)
                ? FromKeyValuePair(invocation, invocation.GetArgument(0), invocation.Instance)
                : null;
        }

        // Every other form takes the header name first, a name known at compile time, then the value: dict.Add(key, value)
        // with a computed key costs nothing more.
        if (arguments < 2 || HttpHeaderName.Resolve(invocation.GetArgument(offset), _symbols) is null)
        {
            // A helper of ours that happens to share a write method's name: ResponseHeaders.Set(response, name, value).
            return invocation.Arguments.Length >= 2 ? FromHelper(invocation) : null;
        }

        var receiverType = invocation.Instance is null && method.IsExtensionMethod
            ? invocation.GetArgument(0).WalkDownConversions()?.Type
            : invocation.Instance.WalkDownConversions()?.Type ?? method.ContainingType;
        var target = invocation.Instance ?? invocation.GetArgument(0);

        // ASP.NET Core: Append/AppendCommaSeparatedValues/SetCommaSeparatedValues (extensions),
        // Add(key, value), Add(KeyValuePair), TryAdd(key, value) on IHeaderDictionary.
        if (IsHeaderDictionary(receiverType))
        {
            var nameOperation = invocation.GetArgument(offset);
            var name = HttpHeaderName.Resolve(nameOperation, _symbols);
            return name is null ? null : new HeaderWrite(invocation, name, UnwrapParamsArray(invocation.GetArgument(offset + 1)), target, HeaderApi.AspNetCore);
        }

        // context.Response.GetTypedHeaders().Append/Set(name, value) (Microsoft.AspNetCore.Http.Headers.ResponseHeaders).
        if (method.Name is "Append" or "Set" && receiverType is INamedTypeSymbol { Name: "ResponseHeaders" } typed
            && typed.Is(_symbols.ResponseHeaders))
        {
            var name = HttpHeaderName.Resolve(invocation.GetArgument(0), _symbols);
            return name is null ? null : new HeaderWrite(invocation, name, invocation.GetArgument(1), invocation.Instance, HeaderApi.AspNetCore);
        }

        // HttpListenerResponse.AddHeader/AppendHeader; System.Web HttpResponse(Base).AddHeader/AppendHeader.
        if (method.Name is "AddHeader" or "AppendHeader")
        {
            var api = IsOrDerives(receiverType, _symbols.HttpListenerResponse) ? HeaderApi.HttpListener
                : IsOrDerives(receiverType, _symbols.SystemWebHttpResponse) || IsOrDerives(receiverType, _symbols.SystemWebHttpResponseBase) ? HeaderApi.SystemWeb
                : (HeaderApi?)null;
            var name = HttpHeaderName.Resolve(invocation.GetArgument(0), _symbols);
            return api is null || name is null ? null : new HeaderWrite(invocation, name, invocation.GetArgument(1), invocation.Instance, api.Value);
        }

        // HttpHeaders.Add/TryAddWithoutValidation, but not on a request's headers (a client setting its own Origin).
        if (method.Name is "Add" or "TryAddWithoutValidation"
            && IsOrDerives(receiverType, _symbols.HttpHeaders)
            && !IsOrDerives(receiverType, _symbols.HttpRequestHeaders))
        {
            var name = HttpHeaderName.Resolve(invocation.GetArgument(0), _symbols);
            return name is null ? null : new HeaderWrite(invocation, name, invocation.GetArgument(1), invocation.Instance, HeaderApi.HttpHeaders);
        }

        // Response.Headers.Add/Set on HttpListenerResponse.Headers (WebHeaderCollection) or System.Web Response.Headers.
        if (method.Name is "Add" or "Set" && method.Parameters.Length == 2
            && IsResponseNameValueCollection(invocation.Instance, out var nameValueApi))
        {
            var name = HttpHeaderName.Resolve(invocation.GetArgument(0), _symbols);
            return name is null ? null : new HeaderWrite(invocation, name, invocation.GetArgument(1), invocation.Instance, nameValueApi);
        }

        return FromHelper(invocation);
    }

    private HeaderWrite? FromKeyValuePair(IInvocationOperation invocation, IOperation? pair, IOperation? target)
    {
        if (pair.WalkDownConversions() is IObjectCreationOperation { Arguments.Length: 2 } creation)
        {
            var name = HttpHeaderName.Resolve(creation.Arguments[0].Value, _symbols);
            return name is null ? null : new HeaderWrite(invocation, name, creation.Arguments[1].Value, target, HeaderApi.AspNetCore);
        }

        return null;
    }

    /// <summary>
    /// A method of ours that receives the header name and value as parameters and writes them
    /// (<c>SetHeader(context, "Access-Control-Allow-Origin", origin)</c>, <c>ResponseHeaders.Set(response, name, value)</c>
    /// in a helpers file) is a header write at its call site, so a finding about it is reported there, in the file being
    /// analysed. Its body is read wherever it is declared (<see cref="Declarations"/>); what it does is worked out once per
    /// method and compilation, keyed by the method's original definition.
    /// </summary>
    private HeaderWrite? FromHelper(IInvocationOperation invocation)
    {
        // A helper of ours is declared in source; most calls are to the framework's methods and end here. A call can only
        // write a header whose name it passes, or one its helper names, given the response: most other calls do neither.
        if (invocation.TargetMethod.DeclaringSyntaxReferences.IsEmpty)
        {
            return null;
        }

        var passesName = PassesHeaderName(invocation);
        if (!passesName && !PassesResponse(invocation))
        {
            return null;
        }

        // What a method does is worked out once.
        var method = invocation.TargetMethod.OriginalDefinition;
        if (!_helpers.TryGetValue(method, out var shape))
        {
            shape = _helpers.GetOrAdd(method, ShapeOfHelper(method, invocation.SemanticModel));
        }

        if (shape.FixedName is { } fixedName)
        {
            // Called from another file than the helper's: the helper's own write judges the calls of its file.
            return shape.ValueOrdinal >= 0 && method.DeclaringSyntaxReferences[0].SyntaxTree != invocation.Syntax.SyntaxTree
                ? new HeaderWrite(invocation, fixedName, invocation.GetArgument(shape.ValueOrdinal), null, shape.Api) { IsNamedByHelper = true }
                : null;
        }

        if (shape.NameOrdinal < 0 || !passesName)
        {
            return null;
        }

        var name = HttpHeaderName.Resolve(invocation.GetArgument(shape.NameOrdinal), _symbols);
        return name is null ? null : new HeaderWrite(invocation, name, shape.ValueOrdinal < 0 ? null : invocation.GetArgument(shape.ValueOrdinal), null, shape.Api);
    }

    /// <summary>
    /// The call passes the name of a header the rules judge (Access-Control-Allow-Origin, Access-Control-Allow-Credentials,
    /// Vary, and the three whose <c>*</c> CORS009 judges). A helper that writes another header is no concern of theirs, and
    /// most calls with a string argument pass text that is no header name at all.
    /// </summary>
    private bool PassesHeaderName(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (HttpHeaderName.Resolve(argument.Value, _symbols) is { } name && IsJudged(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The call passes a response, its context or its headers (<c>AllowOrigin(context.Response, origin)</c>): what a helper
    /// that names the header itself is given. Judged on the arguments' types by name first, so most calls cost a few compares.
    /// </summary>
    private bool PassesResponse(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            var type = argument.Value.WalkDownConversions()?.Type;
            if (type?.Name is "HttpContext" or "HttpResponse" or "HttpListenerResponse" or "HttpListenerContext" or "HttpResponseBase"
                or "HttpContextBase" or "HttpResponseData" or "HttpResponseMessage" or "HttpResponseHeaders" or "WebHeaderCollection"
                || IsHeaderDictionary(type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// What <paramref name="method"/> writes, its body read through its own file's model (<see cref="Declarations"/>),
    /// whichever file the call that asks is in.
    /// </summary>
    private HelperShape ShapeOfHelper(IMethodSymbol method, SemanticModel? model)
    {
        var references = method.IsImplicitlyDeclared || !HasStringParameter(method) ? default : method.DeclaringSyntaxReferences;

        // Nothing to read: from metadata, generated by the compiler, no string to name a header, or a partial method split
        // over declarations (not a simple helper).
        return references.IsDefault || references.Length != 1 || model is null
            ? HelperShape.None
            : ComputeHelperShape(Declarations.OperationAt(references[0], model));
    }

    private HelperShape ComputeHelperShape(IOperation? body)
    {
        if (body is null)
        {
            return HelperShape.None;
        }

        foreach (var inner in body.Descendants())
        {
            if (inner.Kind is (OperationKind.Invocation or OperationKind.SimpleAssignment)
                && TryGetWriteWithParameterName(inner, out var innerWrite, out var nameParameter))
            {
                var valueParameter = (innerWrite.Value.WalkDownConversions() as IParameterReferenceOperation)?.Parameter;
                return new HelperShape(nameParameter.Ordinal, valueParameter?.Ordinal ?? -1, innerWrite.Api);
            }
        }

        // A helper that names the header itself and writes the value it is given: the first framework write of a header the
        // rules judge whose value is a parameter. Calls to other helpers of ours are not followed (no recursion).
        foreach (var inner in body.Descendants())
        {
            if (inner.Kind is (OperationKind.Invocation or OperationKind.SimpleAssignment)
                && (inner is not IInvocationOperation call || call.TargetMethod.DeclaringSyntaxReferences.IsEmpty)
                && TryGetWrite(inner, out var write) && IsJudged(write.Name)
                && write.Value.WalkDownConversions() is IParameterReferenceOperation { Parameter: { } value } && value.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary })
            {
                return new HelperShape(-1, value.Ordinal, write.Api) { FixedName = write.Name };
            }
        }

        return HelperShape.None;
    }

    /// <summary>A header the rules judge: Access-Control-Allow-Origin, -Allow-Credentials, Vary, and the three whose <c>*</c> CORS009 judges.</summary>
    private static bool IsJudged(string name)
        => HttpHeaderName.Is(name, HttpHeaderName.AccessControlAllowOrigin)
           || HttpHeaderName.Is(name, HttpHeaderName.AccessControlAllowCredentials)
           || HttpHeaderName.Is(name, HttpHeaderName.Vary)
           || HttpHeaderName.IsWildcardable(name);

    private static bool HasStringParameter(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Type.SpecialType == SpecialType.System_String)
            {
                return true;
            }
        }

        return false;
    }

    private sealed record HelperShape(int NameOrdinal, int ValueOrdinal, HeaderApi Api)
    {
        public static readonly HelperShape None = new(-1, -1, default);

        /// <summary>The header a helper names itself (<c>r.Headers[HeaderNames.AccessControlAllowOrigin] = origin</c>), or null.</summary>
        public string? FixedName { get; init; }
    }

    /// <summary>A write inside a helper whose header name is one of the helper's parameters.</summary>
    private bool TryGetWriteWithParameterName(IOperation operation, out HeaderWrite write, out IParameterSymbol nameParameter)
    {
        write = null!;
        nameParameter = null!;
        IOperation? nameOperation = operation switch
        {
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer } => indexer.Arguments[0].Value,
            IInvocationOperation invocation when IsWriteMethodName(invocation.TargetMethod.Name) =>
                invocation.Arguments.Length > 0 ? invocation.Arguments[invocation.TargetMethod.IsExtensionMethod && invocation.Instance is null ? Math.Min(1, invocation.Arguments.Length - 1) : 0].Value : null,
            _ => null,
        };
        if (nameOperation.WalkDownConversions() is not IParameterReferenceOperation parameter)
        {
            return false;
        }

        // Re-run the recogniser with a placeholder name: the shape must be a header write whatever the name.
        var shape = operation switch
        {
            ISimpleAssignmentOperation assignment => assignment.Target is IPropertyReferenceOperation p
                && (IsHeaderDictionary(p.Property.ContainingType) || IsResponseNameValueCollection(p.Instance, out _))
                    ? new HeaderWrite(operation, string.Empty, assignment.Value, p.Instance, IsHeaderDictionary(p.Property.ContainingType) ? HeaderApi.AspNetCore : HeaderApi.HttpListener)
                    : null,
            IInvocationOperation invocation => ShapeOfInvocation(invocation),
            _ => null,
        };
        if (shape is null)
        {
            return false;
        }

        write = shape;
        nameParameter = parameter.Parameter;
        return true;
    }

    private HeaderWrite? ShapeOfInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var receiverType = invocation.Instance?.Type ?? invocation.GetArgument(0)?.Type;
        var offset = invocation.Instance is null && method.IsExtensionMethod ? 1 : 0;
        if (IsHeaderDictionary(receiverType))
        {
            return new HeaderWrite(invocation, string.Empty, invocation.GetArgument(offset + 1), invocation.Instance ?? invocation.GetArgument(0), HeaderApi.AspNetCore);
        }

        if (method.Name is "AddHeader" or "AppendHeader" && IsOrDerives(receiverType, _symbols.HttpListenerResponse))
        {
            return new HeaderWrite(invocation, string.Empty, invocation.GetArgument(1), invocation.Instance, HeaderApi.HttpListener);
        }

        if (method.Name is "AddHeader" or "AppendHeader"
            && (IsOrDerives(receiverType, _symbols.SystemWebHttpResponse) || IsOrDerives(receiverType, _symbols.SystemWebHttpResponseBase)))
        {
            return new HeaderWrite(invocation, string.Empty, invocation.GetArgument(1), invocation.Instance, HeaderApi.SystemWeb);
        }

        return null;
    }

    /// <summary><c>AppendCommaSeparatedValues(key, value)</c> passes one value in an implicit params array: the value is that element.</summary>
    private static IOperation? UnwrapParamsArray(IOperation? value)
        => value is IArrayCreationOperation { IsImplicit: true, Initializer.ElementValues.Length: 1 } array
            ? array.Initializer.ElementValues[0]
            : value;

    public bool IsHeaderDictionary(ITypeSymbol? type)
    {
        if (type is null || _symbols.IHeaderDictionary is null)
        {
            return false;
        }

        // IHeaderDictionary is not generic: List<T> or Dictionary<TKey, TValue> implements it for every T or for none, so the
        // answer is kept per generic definition, not per constructed type.
        return SymbolEqualityComparer.Default.Equals(type, _symbols.IHeaderDictionary)
            || _headerDictionaries.GetOrAdd(type.OriginalDefinition, _implementsHeaderDictionary);
    }

    private bool ImplementsHeaderDictionary(ITypeSymbol type)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, _symbols.IHeaderDictionary))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>HttpListenerResponse.Headers</c> or System.Web <c>Response.Headers</c>: a NameValueCollection that belongs to a response.</summary>
    private bool IsResponseNameValueCollection(IOperation? collection, out HeaderApi api)
    {
        api = default;
        collection = collection.WalkDownConversions();
        if (!IsOrDerives(collection?.Type, _symbols.NameValueCollection))
        {
            // Cheap first: most indexers and Add calls are on other collections.
            return false;
        }

        // var headers = context.Response.Headers; headers[...] = ...
        if (collection is ILocalReferenceOperation local)
        {
            collection = Callables.InitializerOf(local.Local, local.SemanticModel, default).WalkDownConversions();
        }

        // static void AddCors(NameValueCollection headers, ...): a CORS response header written to a collection given as a
        // parameter is written to a response (a request's headers are never given one).
        if (collection is IParameterReferenceOperation { Parameter.Type: var parameterType } && IsOrDerives(parameterType, _symbols.NameValueCollection))
        {
            api = IsOrDerives(parameterType, _symbols.WebHeaderCollection) || _symbols.SystemWebHttpResponse is null && _symbols.SystemWebHttpResponseBase is null
                ? HeaderApi.HttpListener
                : HeaderApi.SystemWeb;
            return true;
        }

        if (collection is not IPropertyReferenceOperation { Property.Name: "Headers" } headers
            || !IsOrDerives(headers.Type, _symbols.NameValueCollection))
        {
            return false;
        }

        var owner = headers.Property.ContainingType;
        if (IsOrDerives(owner, _symbols.HttpListenerResponse))
        {
            api = HeaderApi.HttpListener;
            return true;
        }

        if (IsOrDerives(owner, _symbols.SystemWebHttpResponse) || IsOrDerives(owner, _symbols.SystemWebHttpResponseBase))
        {
            api = HeaderApi.SystemWeb;
            return true;
        }

        return false;
    }

    public static bool IsOrDerives(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
