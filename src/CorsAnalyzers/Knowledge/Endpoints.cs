using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>Which CORS policy an endpoint's metadata picks (ASP.NET Core's <c>CorsMiddleware</c>: the last CORS metadata wins).</summary>
internal enum CorsChoiceKind
{
    /// <summary>No CORS metadata: the middleware's own policy (<c>UseCors(name)</c>, <c>UseCors()</c>'s default, <c>UseCors(b =&gt; ...)</c>).</summary>
    None,

    /// <summary><c>RequireCors("x")</c>, <c>[EnableCors("x")]</c>: the policy named "x".</summary>
    Named,

    /// <summary><c>[EnableCors]</c> without a name: the middleware's own policy, like <see cref="None"/>.</summary>
    Middleware,

    /// <summary><c>RequireCors(b =&gt; ...)</c>: a policy of its own, built by that lambda.</summary>
    Inline,

    /// <summary><c>[DisableCors]</c>: the middleware adds no CORS headers (and answers a preflight with 204 and none).</summary>
    Disabled,

    /// <summary>Metadata the analyzer cannot see: a name computed at run time, a group or builder configured elsewhere.</summary>
    Unknown,
}

/// <summary>The CORS policy an endpoint's metadata picks.</summary>
internal readonly struct CorsChoice
{
    public CorsChoice(CorsChoiceKind kind, string? name = null, IInvocationOperation? inline = null)
    {
        Kind = kind;
        Name = name;
        Inline = inline;
    }

    public CorsChoiceKind Kind { get; }

    /// <summary>For <see cref="CorsChoiceKind.Named"/>: the policy name.</summary>
    public string? Name { get; }

    /// <summary>For <see cref="CorsChoiceKind.Inline"/>: the <c>RequireCors(b =&gt; ...)</c> call whose lambda builds the policy.</summary>
    public IInvocationOperation? Inline { get; }
}

/// <summary>One endpoint of the app: a minimal-API <c>Map*</c> call or a controller action with HTTP method attributes.</summary>
internal sealed class Endpoint
{
    public Endpoint(string route, ImmutableArray<string> methods, string? handlerName, CorsChoice cors, bool requiresAuthorization, ImmutableArray<object> handlers, SyntaxNode site)
    {
        Route = route;
        Methods = methods;
        HandlerName = handlerName;
        Cors = cors;
        RequiresAuthorization = requiresAuthorization;
        Handlers = handlers;
        Site = site;
    }

    /// <summary>The route template as written, group prefixes and the controller's route included (<c>/orders/{id}</c>).</summary>
    public string Route { get; }

    /// <summary>The HTTP methods the endpoint maps, upper case.</summary>
    public ImmutableArray<string> Methods { get; }

    /// <summary><c>OrdersController.Delete</c>, or a handler method's name; null for a lambda.</summary>
    public string? HandlerName { get; }

    public CorsChoice Cors { get; }

    /// <summary><c>[Authorize]</c> or <c>RequireAuthorization()</c> on the endpoint, its group or controller, and no <c>AllowAnonymous</c>.</summary>
    public bool RequiresAuthorization { get; }

    /// <summary>The handler: its lambda's syntax node or its method symbol (compare with where a request value is read).</summary>
    public ImmutableArray<object> Handlers { get; }

    /// <summary>The <c>Map*</c> call or the action's declaration: orders findings.</summary>
    public SyntaxNode Site { get; }

    /// <summary><c>'DELETE /orders/{id}' (OrdersController.Delete)</c>.</summary>
    public string Describe(string method) => $"'{method} {Route}'" + (HandlerName is null ? string.Empty : $" ({HandlerName})");
}

/// <summary>
/// The one place that knows the app's endpoints and what their metadata asks: HTTP methods, route, CORS policy, whether
/// they require an authenticated user. Minimal APIs (<c>MapGet</c>/<c>MapPost</c>/<c>MapPut</c>/<c>MapDelete</c>/<c>MapPatch</c>/<c>MapMethods</c>,
/// route groups <c>MapGroup</c> with their conventions, in a chain, on a local, or in later statements on that local) and
/// controllers (<c>[HttpPut]</c>, <c>[AcceptVerbs]</c>, <c>[Route]</c>, <c>[EnableCors]</c>/<c>[DisableCors]</c> on the
/// controller or the action, the conventions of <c>MapControllers()</c>, which come after the attributes and win).
/// Endpoints whose group or builder comes from code the analyzer cannot follow (a parameter other than the app, a builder
/// passed elsewhere, a convention method of the app's own) get <see cref="CorsChoiceKind.Unknown"/> unless their own
/// conventions pick a policy.
/// </summary>
internal static partial class Endpoints
{
    private const int MaxDepth = 8;

    /// <summary>Cheap filter on a method name, before any symbol work: the minimal-API calls that map one endpoint.</summary>
    public static bool IsMapName(string name) => name is "MapGet" or "MapPost" or "MapPut" or "MapDelete" or "MapPatch" or "MapMethods";

    /// <summary>Cheap filter on a method name: the calls that map the app's controllers.</summary>
    public static bool IsControllerMapName(string name) => name is "MapControllers" or "MapControllerRoute" or "MapDefaultControllerRoute" or "MapAreaControllerRoute";

    /// <summary>True for ASP.NET Core's minimal-API <c>Map*</c> call of one endpoint.</summary>
    public static bool IsMap(IInvocationOperation invocation, KnownSymbols symbols)
        => IsMapName(invocation.TargetMethod.Name) && invocation.TargetMethod.ContainingType.Is(symbols.EndpointRouteBuilderExtensions);

    /// <summary>True for <c>MapControllers()</c> and the conventional controller routes.</summary>
    public static bool IsControllerMap(IInvocationOperation invocation, KnownSymbols symbols)
        => IsControllerMapName(invocation.TargetMethod.Name) && invocation.TargetMethod.ContainingType.Is(symbols.ControllerEndpointRouteBuilderExtensions);

    /// <summary>
    /// The endpoint a minimal-API <c>Map*</c> call maps; null when its methods cannot be read. <paramref name="groups"/>
    /// keeps each group's conventions for the next endpoint of the same group (finding them reads the group's code).
    /// </summary>
    public static Endpoint? FromMap(IInvocationOperation map, KnownSymbols symbols, Dictionary<IInvocationOperation, Conventions> groups, CancellationToken cancellationToken)
    {
        var methods = MethodsOfMap(map);
        if (methods.IsDefaultOrEmpty)
        {
            return null;
        }

        var conventions = new Conventions();
        var handlers = ImmutableArray.CreateBuilder<object>();
        string? handlerName = null;
        var attributes = ImmutableArray<AttributeData>.Empty;
        if ((ArgumentNamed(map, "handler") ?? ArgumentNamed(map, "requestDelegate")) is { } handler)
        {
            switch (handler.WalkDownConversions())
            {
                case IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }:
                    handlers.Add(lambda.Syntax);
                    attributes = lambda.Symbol.GetAttributes();
                    break;
                case IDelegateCreationOperation { Target: IMethodReferenceOperation reference }:
                    handlers.Add(reference.Method.OriginalDefinition);
                    handlerName = reference.Method.ContainingType.Name + "." + reference.Method.Name;
                    attributes = reference.Method.GetAttributes();
                    break;
            }
        }

        // ASP.NET Core's order: the groups' conventions (outermost first), then the handler's attributes, then the
        // endpoint's own conventions; the last CORS metadata wins.
        var prefixes = new List<string>();
        foreach (var group in GroupsOf(map, symbols, conventions))
        {
            prefixes.Add(RouteText(ArgumentNamed(group, "prefix")));
            if (!groups.TryGetValue(group, out var own))
            {
                own = new Conventions();
                ApplyConventionsAbove(group, symbols, own, cancellationToken);
                groups[group] = own;
            }

            conventions.Apply(own);
        }

        conventions.ApplyAttributes(attributes, symbols);
        ApplyConventionsAbove(map, symbols, conventions, cancellationToken);
        prefixes.Add(RouteText(ArgumentNamed(map, "pattern")));
        return new Endpoint(Combine(prefixes), methods, handlerName, conventions.Choice, conventions.RequiresAuthorization, handlers.ToImmutable(), map.Syntax);
    }

    /// <summary>
    /// The CORS and authorization conventions every controller action gets from the <c>MapControllers()</c>-like calls
    /// (applied after the attributes, so they win); <see cref="CorsChoiceKind.Unknown"/> when the calls disagree.
    /// </summary>
    public static Conventions ControllerConventions(IEnumerable<IInvocationOperation> controllerMaps, KnownSymbols symbols, CancellationToken cancellationToken)
    {
        Conventions? agreed = null;
        foreach (var map in controllerMaps)
        {
            var conventions = new Conventions();
            ApplyConventionsAbove(map, symbols, conventions, cancellationToken);
            if (agreed is null)
            {
                agreed = conventions;
            }
            else if (!agreed.SameAs(conventions))
            {
                agreed.Choice = new CorsChoice(CorsChoiceKind.Unknown);
            }
        }

        return agreed ?? new Conventions();
    }

    /// <summary>A class MVC takes for a controller: public, concrete, not generic, named *Controller or derived from <c>ControllerBase</c>, no <c>[NonController]</c>.</summary>
    public static bool IsController(INamedTypeSymbol type, KnownSymbols symbols)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsGenericType || type.DeclaredAccessibility != Accessibility.Public
            || type.ContainingType is not null)
        {
            return false;
        }

        if (!type.Name.EndsWith("Controller", StringComparison.Ordinal))
        {
            var derives = false;
            for (var current = type.BaseType; current is not null && !derives; current = current.BaseType)
            {
                derives = current.Is(symbols.ControllerBase);
            }

            if (!derives)
            {
                return false;
            }
        }

        // Attributes only for the few classes that get this far.
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (attribute.AttributeClass?.Name == "NonControllerAttribute")
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The actions of a controller that map fixed HTTP methods (an action without method attributes takes any method).</summary>
    public static IEnumerable<Endpoint> FromController(INamedTypeSymbol controller, KnownSymbols symbols, Conventions mapped)
    {
        var name = controller.Name.EndsWith("Controller", StringComparison.Ordinal) && controller.Name.Length > "Controller".Length
            ? controller.Name.Substring(0, controller.Name.Length - "Controller".Length)
            : controller.Name;

        // Inherited attributes, base class first (MVC reads them with inherit: true).
        var classAttributes = new List<AttributeData>();
        var chain = new List<INamedTypeSymbol>();
        for (var current = controller; current is not null && !current.Is(symbols.ControllerBase) && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            chain.Insert(0, current);
        }

        foreach (var type in chain)
        {
            classAttributes.AddRange(type.GetAttributes());
        }

        var classRoute = classAttributes.Where(a => a.AttributeClass?.Name == "RouteAttribute").Select(TemplateOf).LastOrDefault(t => t is not null);
        foreach (var type in chain)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public, IsStatic: false, IsAbstract: false } action
                    || (!SymbolEqualityComparer.Default.Equals(type, controller) && controller.GetMembers(action.Name).OfType<IMethodSymbol>().Any(m => m.IsOverride)))
                {
                    continue;
                }

                var attributes = action.GetAttributes();
                if (attributes.Any(a => a.AttributeClass?.Name == "NonActionAttribute"))
                {
                    continue;
                }

                var methods = ImmutableArray.CreateBuilder<string>();
                string? template = null;
                var readable = true;
                foreach (var attribute in attributes)
                {
                    if (!IsHttpMethodAttribute(attribute.AttributeClass, symbols))
                    {
                        continue;
                    }

                    var verbs = VerbsOf(attribute);
                    if (verbs.IsDefault)
                    {
                        readable = false;
                        break;
                    }

                    methods.AddRange(verbs);
                    template ??= TemplateOf(attribute);
                }

                if (!readable || methods.Count == 0)
                {
                    continue;
                }

                template ??= attributes.Where(a => a.AttributeClass?.Name == "RouteAttribute").Select(TemplateOf).FirstOrDefault(t => t is not null);
                var route = template is not null && (template.StartsWith("/", StringComparison.Ordinal) || template.StartsWith("~/", StringComparison.Ordinal))
                    ? Combine(new[] { template.TrimStart('~') })
                    : Combine(new[] { classRoute ?? string.Empty, template ?? string.Empty });
                route = route.Replace("[controller]", name).Replace("[action]", action.Name);

                var conventions = new Conventions();
                conventions.ApplyAttributes(classAttributes, symbols);
                conventions.ApplyAttributes(attributes, symbols);
                conventions.Apply(mapped);
                if (action.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not { } site)
                {
                    continue;
                }

                yield return new Endpoint(
                    route,
                    methods.Distinct().ToImmutableArray(),
                    controller.Name + "." + action.Name,
                    conventions.Choice,
                    conventions.RequiresAuthorization,
                    ImmutableArray.Create<object>(action.OriginalDefinition),
                    site);
            }
        }
    }

    /// <summary>
    /// The <c>MapGroup</c> calls an endpoint is mapped under, outermost first. A receiver that is neither the app nor a
    /// group seen here (a parameter, a field) makes the choice unknown: the caller may have added conventions.
    /// </summary>
    private static List<IInvocationOperation> GroupsOf(IInvocationOperation map, KnownSymbols symbols, Conventions conventions)
    {
        var groups = new List<IInvocationOperation>();
        var value = ArgumentAt(map, 0);
        for (var depth = 0; depth < MaxDepth * 4 && value is not null; depth++)
        {
            value = value.WalkDownConversions();
            if (value is null || value.Type.Is(symbols.WebApplication))
            {
                break;
            }

            switch (value)
            {
                case IInvocationOperation { TargetMethod.Name: "MapGroup" } group when group.TargetMethod.ContainingType.Is(symbols.EndpointRouteBuilderExtensions):
                    groups.Insert(0, group);
                    value = ArgumentAt(group, 0);
                    continue;

                case IInvocationOperation { TargetMethod.IsExtensionMethod: true } convention when SymbolEqualityComparer.Default.Equals(convention.Type, ArgumentAt(convention, 0)?.Type):
                    // The group's conventions, applied when the group's own chain is walked.
                    value = ArgumentAt(convention, 0);
                    continue;

                case ILocalReferenceOperation local when Callables.InitializerOf(local.Local, local.SemanticModel, CancellationToken.None) is { } initializer:
                    value = initializer;
                    continue;

                case IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } } parameter
                    when IsUseEndpointsLambda(parameter, symbols):
                    value = null;
                    break;

                default:
                    conventions.Unseen();
                    value = null;
                    break;
            }
        }

        return groups;
    }

    /// <summary><c>app.UseEndpoints(endpoints =&gt; ...)</c>: the lambda's parameter is the app's own route builder.</summary>
    private static bool IsUseEndpointsLambda(IParameterReferenceOperation parameter, KnownSymbols symbols)
    {
        for (IOperation? current = parameter; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda && SymbolEqualityComparer.Default.Equals(lambda.Symbol, parameter.Parameter.ContainingSymbol))
            {
                var argument = lambda.Parent;
                while (argument is IDelegateCreationOperation or IConversionOperation)
                {
                    argument = argument.Parent;
                }

                return argument is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "UseEndpoints" } };
            }
        }

        return false;
    }

    private static ImmutableArray<string> MethodsOfMap(IInvocationOperation map)
        => map.TargetMethod.Name switch
        {
            "MapGet" => ImmutableArray.Create("GET"),
            "MapPost" => ImmutableArray.Create("POST"),
            "MapPut" => ImmutableArray.Create("PUT"),
            "MapDelete" => ImmutableArray.Create("DELETE"),
            "MapPatch" => ImmutableArray.Create("PATCH"),
            _ => HttpNames.Read(ArgumentNamed(map, "httpMethods")) is { IsComplete: true } read ? read.Values.Select(v => v.ToUpperInvariant()).Distinct().ToImmutableArray() : default,
        };

    private static bool IsHttpMethodAttribute(INamedTypeSymbol? type, KnownSymbols symbols)
    {
        // [AcceptVerbs] is no HttpMethodAttribute: it provides methods and a route of its own.
        if (type is { Name: "AcceptVerbsAttribute" } && type.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Mvc")
        {
            return true;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Is(symbols.HttpMethodAttribute))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol? known)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (current.Is(known))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The methods of <c>[HttpPut]</c> and friends, or <c>[AcceptVerbs("PUT", ...)]</c>; default for a subclass of the app's own.</summary>
    private static ImmutableArray<string> VerbsOf(AttributeData attribute)
    {
        switch (attribute.AttributeClass?.Name)
        {
            case "HttpGetAttribute": return ImmutableArray.Create("GET");
            case "HttpPostAttribute": return ImmutableArray.Create("POST");
            case "HttpPutAttribute": return ImmutableArray.Create("PUT");
            case "HttpDeleteAttribute": return ImmutableArray.Create("DELETE");
            case "HttpPatchAttribute": return ImmutableArray.Create("PATCH");
            case "HttpHeadAttribute": return ImmutableArray.Create("HEAD");
            case "HttpOptionsAttribute": return ImmutableArray.Create("OPTIONS");
            case "AcceptVerbsAttribute":
                var verbs = ImmutableArray.CreateBuilder<string>();
                foreach (var argument in attribute.ConstructorArguments)
                {
                    if (argument.Kind == TypedConstantKind.Array)
                    {
                        foreach (var item in argument.Values)
                        {
                            if (item.Value is string text)
                            {
                                verbs.Add(text.Trim().ToUpperInvariant());
                            }
                        }
                    }
                    else if (argument.Value is string single)
                    {
                        verbs.Add(single.Trim().ToUpperInvariant());
                    }
                }

                return verbs.ToImmutable();
            default:
                return default;
        }
    }

    /// <summary>The route template of <c>[Route("x")]</c>, <c>[HttpPut("x")]</c>, <c>[AcceptVerbs(..., Route = "x")]</c>.</summary>
    private static string? TemplateOf(AttributeData attribute)
    {
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == "Route" && named.Value.Value is string route)
            {
                return route;
            }
        }

        return attribute.AttributeClass?.Name is "AcceptVerbsAttribute" || attribute.ConstructorArguments.Length != 1
            ? null
            : attribute.ConstructorArguments[0].Value as string;
    }

    private static string RouteText(IOperation? value)
        => value.WalkDownConversions() is { ConstantValue: { HasValue: true, Value: string text } } ? text : value is null ? string.Empty : "{…}";

    /// <summary>Joins route parts with one <c>/</c> between them, starting with one.</summary>
    private static string Combine(IEnumerable<string> parts)
    {
        var segments = parts.Select(p => p.Trim('/')).Where(p => p.Length > 0).ToList();
        return "/" + string.Join("/", segments);
    }

    private static IOperation? ArgumentNamed(IInvocationOperation call, string name)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Name == name)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static IOperation? ArgumentAt(IInvocationOperation call, int ordinal) => call.Instance ?? call.GetArgument(ordinal);
}
