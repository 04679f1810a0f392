using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>How a written <c>Access-Control-Allow-Origin</c> value relates to the request's Origin.</summary>
internal enum Reflection
{
    NotReflected,
    Unchecked,
    InexactlyChecked,
    ExactlyChecked,
}

/// <summary>
/// What a hand-written <c>Access-Control-Allow-Origin</c> write echoes: the request's Origin (and how it was checked on
/// the way), a value chosen per request, or a fixed one; and whether a <c>Vary: Origin</c> covers it.
/// </summary>
internal sealed class OriginEchoes
{
    private readonly KnownSymbols _symbols;
    private readonly OriginFlow _origin;
    private readonly OriginChecks _checks;
    private readonly HeaderWrites _headers;
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _writesVaryOrigin = new(SymbolEqualityComparer.Default);

    public OriginEchoes(KnownSymbols symbols, OriginFlow origin, OriginChecks checks, HeaderWrites headers)
    {
        _symbols = symbols;
        _origin = origin;
        _checks = checks;
        _headers = headers;
    }


    /// <summary>
    /// How the written value relates to the request's Origin; CORS005 asks the same question. Substring checks count as
    /// checks here: CORS003 reports them at the matching call.
    /// </summary>
    public Reflection Classify(HeaderWrite write)
    {
        if (write.Value is null)
        {
            return Reflection.NotReflected;
        }

        if (!_origin.CarriesOrigin(write.Value))
        {
            return ClassifyHelperParameter(write, write.Value);
        }

        return _checks.GuardOfValue(write.Value) switch
        {
            OriginCheck.Exact => Reflection.ExactlyChecked,
            OriginCheck.Inexact => Reflection.InexactlyChecked,
            _ => Reflection.Unchecked,
        };
    }

    /// <summary>
    /// <c>static void AddCors(IHeaderDictionary headers, string origin) =&gt; headers[...] = origin;</c> called with the
    /// request's Origin in this file: the weakest check over its calls, each the stronger of the caller's check of the
    /// argument and the helper's own check of its parameter.
    /// </summary>
    private Reflection ClassifyHelperParameter(HeaderWrite write, IOperation value)
    {
        if (value.WalkDownConversions() is not IParameterReferenceOperation { Parameter: { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Ordinary } helper } parameter }
            || write.Operation.SemanticModel is not { } model)
        {
            return Reflection.NotReflected;
        }

        var inside = _checks.GuardOf(write.Operation, parameter.OriginalDefinition);
        OriginCheck? weakest = null;
        foreach (var call in Guards.CallsInFile(helper, model))
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Ordinal == parameter.Ordinal && _origin.CarriesOrigin(argument.Value))
                {
                    var check = _checks.GuardOfValue(argument.Value);
                    check = check > inside ? check : inside;
                    weakest = weakest is null || check < weakest ? check : weakest;
                }
            }
        }

        return weakest switch
        {
            null => Reflection.NotReflected,
            OriginCheck.Exact => Reflection.ExactlyChecked,
            OriginCheck.Inexact => Reflection.InexactlyChecked,
            _ => Reflection.Unchecked,
        };
    }

    /// <summary>
    /// The request's Origin, exactly checked (unchecked is CORS001, substring-checked is CORS003); or any other value
    /// computed at run time that is not a constant or a configured member.
    /// </summary>
    public bool IsChosenPerRequest(HeaderWrite write) => IsChosenPerRequest(write, Classify(write));

    /// <summary>As <see cref="IsChosenPerRequest(HeaderWrite)"/>, for a write whose <see cref="Classify"/> answer is known.</summary>
    public bool IsChosenPerRequest(HeaderWrite write, Reflection reflection)
        => reflection switch
        {
            Reflection.ExactlyChecked => true,
            Reflection.NotReflected => !IsFixedValue(write.Value),
            _ => false,
        };

    /// <summary>
    /// A value that cannot vary with the request's Origin: a constant, a field or property read that does not depend on the
    /// request (<c>_options.Origin</c>, <c>Settings.Origin</c>), an options value (<c>options.CurrentValue.Origin</c> of an
    /// injected <c>IOptions&lt;T&gt;</c>, <c>IOptionsMonitor&lt;T&gt;</c> or <c>IOptionsSnapshot&lt;T&gt;</c>), a configured constant
    /// (<c>configuration["Cors:Origin"]</c>, <c>GetValue&lt;string&gt;("Cors:Origin")</c>), a local only ever given such values,
    /// <c>new StringValues(..)</c> or an array of such values, <c>new string('*', 1)</c>, and a value built from the server's
    /// own request data (<c>Request.Scheme + "://" + Request.Host</c>), which caches already key on.
    /// </summary>
    private bool IsFixedValue(IOperation? value) => IsFixedValue(value, 0);

    private bool IsFixedValue(IOperation? value, int depth)
    {
        value = value.WalkDownConversions();
        if (depth > Guards.MaxDepth)
        {
            return false;
        }

        var next = depth + 1;
        return value switch
        {
            null => true,
            _ when value.ConstantValue.HasValue => true,
            IFieldReferenceOperation field => field.Instance is null or IInstanceReferenceOperation || IsFixedValue(field.Instance, next),
            IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Instance is null or IInstanceReferenceOperation || IsFixedValue(property.Instance, next) || IsServerRequestData(property),
            IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer => IsConfigurationRead(indexer.Instance, indexer.Arguments[0].Value),
            IParameterReferenceOperation parameter => IsOptions(parameter.Type),
            ILocalReferenceOperation local => IsFixedLocal(local, next),
            IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues.All(e => IsFixedValue(e, next)),
            IObjectCreationOperation creation when creation.Type?.SpecialType == SpecialType.System_String
                                                   || SymbolEqualityComparer.Default.Equals(creation.Type, _symbols.StringValues)
                => creation.Initializer is null && creation.Arguments.All(a => IsFixedValue(a.Value, next)),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concat => IsFixedValue(concat.LeftOperand, next) && IsFixedValue(concat.RightOperand, next),
            IInterpolatedStringOperation interpolated => interpolated.Parts.All(p => p is not IInterpolationOperation hole || IsFixedValue(hole.Expression, next)),
            IInvocationOperation { TargetMethod.Name: "ToString" or "ToUriComponent", Arguments.Length: 0, Instance: { } instance } => IsFixedValue(instance, next),
            IInvocationOperation { TargetMethod.Name: "GetValue" or "Get" or "GetSection", TargetMethod.IsExtensionMethod: true } call
                => call.Arguments.Length >= 1 && IsConfigurationRead(call.Arguments[0].Value, call.Arguments.Length >= 2 ? call.Arguments[1].Value : null),
            ICoalesceOperation coalesce => IsFixedValue(coalesce.Value, next) && IsFixedValue(coalesce.WhenNull, next),
            _ => false,
        };
    }

    /// <summary>A local whose every assignment is a fixed value (<c>var origin = _settings.Origin;</c>); an out argument is not.</summary>
    private bool IsFixedLocal(ILocalReferenceOperation local, int depth)
    {
        var any = false;
        foreach (var (assigned, _) in local.Local.AssignmentsOf(local.Root()))
        {
            if (assigned is null || !IsFixedValue(assigned, depth))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    /// <summary>An options accessor injected once (<c>IOptions&lt;T&gt;</c>, <c>IOptionsMonitor&lt;T&gt;</c>, <c>IOptionsSnapshot&lt;T&gt;</c>): what it holds is configured, not sent.</summary>
    private bool IsOptions(ITypeSymbol? type)
        => type is INamedTypeSymbol { Name: "IOptions" or "IOptionsMonitor" or "IOptionsSnapshot", TypeArguments.Length: 1 } options
           && (options.Is(_symbols.IOptions) || options.Is(_symbols.IOptionsMonitor) || options.Is(_symbols.IOptionsSnapshot));

    /// <summary><c>configuration["Cors:Origin"]</c>, <c>configuration.GetValue&lt;string&gt;("Cors:Origin")</c>: a key known at compile time read from configuration.</summary>
    private bool IsConfigurationRead(IOperation? configuration, IOperation? key)
        => _symbols.IConfiguration is { } type
           && configuration.WalkDownConversions()?.Type is { } receiver
           && (SymbolEqualityComparer.Default.Equals(receiver, type) || receiver.AllInterfaces.Contains(type, SymbolEqualityComparer.Default))
           && (key is null || key.WalkDownConversions()?.ConstantValue.HasValue == true);

    /// <summary><c>Request.Scheme</c>, <c>Request.Host</c>, <c>Request.PathBase</c>, <c>Request.IsHttps</c>: the server's own address, not the Origin.</summary>
    private bool IsServerRequestData(IPropertyReferenceOperation property)
        => property.Property.Name is "Scheme" or "Host" or "PathBase" or "IsHttps"
           && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _symbols.AspNetCoreHttpRequest);

    /// <summary>
    /// Where a Vary write counts for <paramref name="write"/>: the whole member body, lambdas included (a Vary written
    /// around an <c>OnStarting</c> callback counts). In top-level code, which is one body for the whole program, only
    /// the outermost lambda or local function that holds the write (each <c>app.Use(...)</c> is a middleware of its own).
    /// </summary>
    private IOperation VaryScope(IOperation write)
    {
        IOperation? outermostFunction = null;
        IOperation current = write;
        for (; current.Parent is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                // A middleware or endpoint handler ((context, next) => ..., (HttpContext c) => ...) answers its own requests.
                if (HandlesARequest(current))
                {
                    return current;
                }

                outermostFunction = current;
            }
        }

        var isTopLevel = current.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax;
        return isTopLevel && outermostFunction is not null ? outermostFunction : current;
    }

    private bool HandlesARequest(IOperation function)
    {
        var symbol = function.CallableSymbol();
        if (symbol is null)
        {
            return false;
        }

        foreach (var parameter in symbol.Parameters)
        {
            if (parameter.Type is { Name: "HttpContext" or "HttpRequest" or "HttpResponse" } type
                && (type.Is(_symbols.HttpContext) || type.Is(_symbols.AspNetCoreHttpRequest) || type.Is(_symbols.AspNetCoreHttpResponse)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a Vary header that names Origin is written where it counts for <paramref name="write"/> (see <see cref="VaryScope"/>).</summary>
    public bool HasVaryOrigin(IOperation write) => WritesVaryOrigin(VaryScope(write), write, depth: 0);

    /// <summary>Any write of a Vary header that names Origin in <paramref name="root"/> (its lambdas included) or in a helper of ours it calls.</summary>
    private bool WritesVaryOrigin(IOperation root, IOperation allowOrigin, int depth)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation.Kind is not (OperationKind.Invocation or OperationKind.SimpleAssignment))
            {
                continue;
            }

            if (_headers.TryGetWrite(operation, out var write))
            {
                if (write.Is(HttpHeaderName.Vary) && MentionsOrigin(write.Value) && (depth > 0 || OnTheSamePath(operation, allowOrigin)))
                {
                    return true;
                }

                continue;
            }

            if (depth == 0 && operation is IInvocationOperation invocation && HelperWritesVaryOrigin(invocation)
                && OnTheSamePath(operation, allowOrigin))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A method of ours that writes <c>Vary: Origin</c> (<c>AddVaryOrigin(response)</c>, a middleware base class's protected
    /// method), declared in this file or another: its body is read through its own file's model (<see cref="Declarations"/>),
    /// once per method and compilation. A method from metadata costs nothing.
    /// </summary>
    private bool HelperWritesVaryOrigin(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod.OriginalDefinition;
        if (method.DeclaringSyntaxReferences.Length != 1 || invocation.SemanticModel is not { } model)
        {
            return false;
        }

        if (!_writesVaryOrigin.TryGetValue(method, out var writes))
        {
            var body = Declarations.OperationAt(method.DeclaringSyntaxReferences[0], model);
            writes = _writesVaryOrigin.GetOrAdd(method, body is not null && WritesVaryOrigin(body, body, depth: 1));
        }

        return writes;
    }

    /// <summary>A Vary write in the other arm of an <c>if</c> or <c>switch</c> than the Allow-Origin write never covers it.</summary>
    private static bool OnTheSamePath(IOperation vary, IOperation allowOrigin)
    {
        foreach (var varyGuard in Guards.Of(vary))
        {
            foreach (var writeGuard in Guards.Of(allowOrigin))
            {
                if (varyGuard.Branch == writeGuard.Branch && varyGuard.Arm != writeGuard.Arm
                    && varyGuard.Kind is GuardKind.Condition or GuardKind.SwitchCase or GuardKind.SwitchArm)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>"Origin", "Accept-Encoding, Origin", HeaderNames.Origin, new[] { "Origin" }; a value we cannot read counts.</summary>
    private bool MentionsOrigin(IOperation? value)
    {
        value = value.WalkDownConversions();
        switch (value)
        {
            case null:
                return false;
            case IArrayCreationOperation { Initializer: { } initializer }:
                return initializer.ElementValues.Any(e => MentionsOrigin(e));
            case IBinaryOperation or IInterpolatedStringOperation when !value.ConstantValue.HasValue:
                return true;
        }

        if (HttpHeaderName.Resolve(value, _symbols) is { } text)
        {
            foreach (var part in text.Split(','))
            {
                if (HttpHeaderName.Is(part, HttpHeaderName.Origin) || part.Trim() == "*")
                {
                    return true;
                }
            }

            return false;
        }

        return true;
    }
}
