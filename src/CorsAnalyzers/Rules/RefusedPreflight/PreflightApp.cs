using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>What CORS010 gathers from one compilation, and its judgement at the end.</summary>
internal sealed class PreflightApp
{
    private const string AllowMethods = "Access-Control-Allow-Methods";
    private const string AllowHeaders = "Access-Control-Allow-Headers";

    private readonly KnownSymbols _symbols;
    private readonly CorsPolicies _policies;
    private readonly HeaderWrites _headerWrites;
    private readonly ConcurrentBag<IInvocationOperation> _maps = new();
    private readonly ConcurrentBag<IInvocationOperation> _controllerMaps = new();
    private readonly ConcurrentBag<IInvocationOperation> _useCors = new();
    private readonly ConcurrentBag<(PolicyKey Key, SyntaxNode Definition)> _definitions = new();
    private readonly ConcurrentBag<(PolicyKey Key, PreflightList List)> _lists = new();
    private readonly ConcurrentBag<HeaderWrite> _writes = new();
    private readonly ConcurrentBag<INamedTypeSymbol> _controllers = new();
    private readonly ConcurrentBag<string> _authenticationHandlers = new();
    private readonly ConcurrentDictionary<object, bool> _readsAuthorization = new();
    private int _unknowns;

    public PreflightApp(KnownSymbols symbols, CorsPolicies policies, HeaderWrites headerWrites)
    {
        _symbols = symbols;
        _policies = policies;
        _headerWrites = headerWrites;
    }

    /// <summary>Something gives policies names or content the analyzer cannot see: the rule stays silent.</summary>
    public void Unknown() => Interlocked.Increment(ref _unknowns);

    /// <summary>The names <see cref="OnInvocation"/> looks at: every other call is nothing to it.</summary>
    public static bool MayJudge(string name)
        => Endpoints.IsMapName(name) || Endpoints.IsControllerMapName(name) || PreflightLists.IsCandidateName(name)
           || name == "UseCors" || name.StartsWith("Add", StringComparison.Ordinal); // AddPolicy, AddDefaultPolicy, authentication handlers

    public void OnInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var name = method.Name;
        if (Endpoints.IsMapName(name))
        {
            if (Endpoints.IsMap(invocation, _symbols))
            {
                _maps.Add(invocation);
            }
        }
        else if (Endpoints.IsControllerMapName(name))
        {
            if (Endpoints.IsControllerMap(invocation, _symbols))
            {
                _controllerMaps.Add(invocation);
            }
        }
        else if (PreflightLists.IsCandidateName(name))
        {
            if (PreflightLists.ListOf(invocation, _symbols) is { } list)
            {
                if (_policies.RootOfCall(invocation) is { } root && PreflightLists.OwnerOf(root, invocation, _symbols) is { } key)
                {
                    _lists.Add((key, list));
                }
            }
        }
        else if (name is "AddPolicy" or "AddDefaultPolicy")
        {
            if (method.ContainingType.Is(_symbols.CorsOptions))
            {
                if (name == "AddDefaultPolicy")
                {
                    _definitions.Add((new PolicyKey(PolicyKeyKind.Default), invocation.Syntax));
                }
                else if (PolicyNames.FromInvocation(invocation, _symbols) is { Name: { } defined })
                {
                    _definitions.Add((new PolicyKey(PolicyKeyKind.Named, defined), invocation.Syntax));
                }
                else
                {
                    Unknown();
                }
            }
        }
        else if (name == "UseCors")
        {
            if (CorsPolicies.IsUseCors(method, _symbols))
            {
                _useCors.Add(invocation);
            }
        }
        else if (name.StartsWith("Add", StringComparison.Ordinal) && IsAuthenticationHandler(method))
        {
            _authenticationHandlers.Add(name);
        }
    }

    public void OnHeaderWrite(HeaderWrite write)
    {
        if (write.Is(AllowMethods) || write.Is(AllowHeaders))
        {
            _writes.Add(write);
        }
    }

    public void OnType(INamedTypeSymbol type)
    {
        if (PolicyNames.IsPolicyProvider(type, _symbols))
        {
            Unknown();
        }
        else if (Endpoints.IsController(type, _symbols))
        {
            _controllers.Add(type);
        }
    }

    public void Report(CompilationAnalysisContext context)
    {
        if (Volatile.Read(ref _unknowns) > 0 || (_lists.IsEmpty && _writes.IsEmpty))
        {
            return;
        }

        // A policy's lists can refuse something only when one of them names its methods or headers in full: with only
        // AllowAnyMethod()/AllowAnyHeader() (the usual policy) or lists that cannot be read, every policy is judged silent
        // (Judge), so the app's endpoints are not gathered at all.
        if (_writes.IsEmpty && !_lists.Any(l => !l.List.AllowsAny && l.List.Names.IsComplete))
        {
            return;
        }

        var cancellationToken = context.CancellationToken;
        var endpoints = AllEndpoints(cancellationToken);
        if (endpoints.Count == 0)
        {
            return;
        }

        var policies = PoliciesByKey();
        var middleware = MiddlewarePolicy(out var hasMiddleware);
        var bearer = IsBearerApp();
        var handWritten = HandWrittenLists(endpoints);

        // Per policy (or hand-written write): the endpoints under it, in source order.
        var under = new Dictionary<object, List<Endpoint>>();
        foreach (var endpoint in endpoints)
        {
            object? target = endpoint.Cors.Kind switch
            {
                CorsChoiceKind.Named => new PolicyKey(PolicyKeyKind.Named, endpoint.Cors.Name),
                CorsChoiceKind.Inline => new PolicyKey(PolicyKeyKind.Inline, call: endpoint.Cors.Inline!.Syntax),
                CorsChoiceKind.None or CorsChoiceKind.Middleware => hasMiddleware ? middleware : "hand-written",
                _ => null,
            };
            if (target is null)
            {
                continue;
            }

            if (!under.TryGetValue(target, out var list))
            {
                under[target] = list = new List<Endpoint>();
            }

            list.Add(endpoint);
        }

        foreach (var pair in policies)
        {
            if (under.TryGetValue(pair.Key, out var covered))
            {
                Judge(context, pair.Key.Describe(), pair.Value.Methods, covered, PreflightListKind.Methods, bearer);
                Judge(context, pair.Key.Describe(), pair.Value.Headers, covered, PreflightListKind.Headers, bearer);
            }
        }

        if (!hasMiddleware && under.TryGetValue("hand-written", out var unpoliced))
        {
            foreach (var (kind, write, names) in handWritten)
            {
                JudgeWrite(context, kind, write, names, unpoliced, bearer);
            }
        }
    }

    /// <summary>A policy's method and header lists, each merged over its calls (null when any call allows any, or a list cannot be read).</summary>
    private sealed class PolicyLists
    {
        public Merged Methods { get; } = new();

        public Merged Headers { get; } = new();
    }

    private sealed class Merged
    {
        public bool Any { get; set; }

        public bool Incomplete { get; set; }

        public List<string> Names { get; } = new();

        /// <summary>The list call a finding is reported at: the last one of the policy.</summary>
        public PreflightList? Last { get; set; }
    }

    private Dictionary<PolicyKey, PolicyLists> PoliciesByKey()
    {
        var definitions = _definitions.GroupBy(d => d.Key).ToDictionary(g => g.Key, g => g.Select(d => d.Definition).Distinct().Count());
        var result = new Dictionary<PolicyKey, PolicyLists>();
        foreach (var (key, list) in _lists.OrderBy(l => l.List.Call.Syntax.SyntaxTree.FilePath, StringComparer.Ordinal).ThenBy(l => l.List.Call.Syntax.Span.End))
        {
            // A name defined twice: the last definition wins at run time, and which one runs last is not ours to say.
            if (key.Kind != PolicyKeyKind.Inline && (!definitions.TryGetValue(key, out var count) || count != 1))
            {
                continue;
            }

            if (!result.TryGetValue(key, out var lists))
            {
                result[key] = lists = new PolicyLists();
            }

            var merged = list.Kind == PreflightListKind.Methods ? lists.Methods : lists.Headers;
            merged.Any |= list.AllowsAny;
            merged.Incomplete |= !list.AllowsAny && !list.Names.IsComplete;
            if (!list.Names.Values.IsDefault)
            {
                foreach (var name in list.Names.Values)
                {
                    if (!merged.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
                    {
                        merged.Names.Add(name);
                    }
                }
            }

            merged.Last = list;
        }

        return result;
    }

    /// <summary>The policy <c>UseCors</c> gives endpoints that pick none; <paramref name="hasMiddleware"/> false when the app never calls it.</summary>
    private object? MiddlewarePolicy(out bool hasMiddleware)
    {
        hasMiddleware = !_useCors.IsEmpty;
        object? found = null;
        foreach (var use in _useCors)
        {
            object? key = use.GetArgument(1) is not { } argument
                ? new PolicyKey(PolicyKeyKind.Default)
                : argument.Type?.SpecialType == SpecialType.System_String
                    ? argument.WalkDownConversions() is { ConstantValue: { HasValue: true, Value: string name } } ? new PolicyKey(PolicyKeyKind.Named, name) : null
                    : new PolicyKey(PolicyKeyKind.Inline, call: use.Syntax);
            if (key is null || (found is not null && !found.Equals(key)))
            {
                return null;
            }

            found = key;
        }

        return found;
    }

    /// <summary>True when the app authenticates with bearer tokens only (any other handler may be the one an endpoint uses).</summary>
    private bool IsBearerApp()
    {
        var any = false;
        foreach (var handler in _authenticationHandlers)
        {
            if (handler.IndexOf("Bearer", StringComparison.Ordinal) < 0 && handler.IndexOf("Jwt", StringComparison.Ordinal) < 0
                && handler.IndexOf("IdentityWebApi", StringComparison.Ordinal) < 0 && handler.IndexOf("Introspection", StringComparison.Ordinal) < 0)
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private List<Endpoint> AllEndpoints(CancellationToken cancellationToken)
    {
        var endpoints = new List<Endpoint>();
        var groups = new Dictionary<IInvocationOperation, Endpoints.Conventions>();
        foreach (var map in _maps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Endpoints.FromMap(map, _symbols, groups, cancellationToken) is { } endpoint)
            {
                endpoints.Add(endpoint);
            }
        }

        // Controllers are endpoints only where the app maps them.
        if (!_controllerMaps.IsEmpty)
        {
            var conventions = Endpoints.ControllerConventions(_controllerMaps, _symbols, cancellationToken);
            foreach (var controller in _controllers.Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default))
            {
                endpoints.AddRange(Endpoints.FromController(controller, _symbols, conventions));
            }
        }

        return endpoints
            .OrderBy(e => e.Site.SyntaxTree.FilePath, StringComparer.Ordinal)
            .ThenBy(e => e.Site.SpanStart)
            .ToList();
    }

    /// <summary>
    /// The hand-written Allow-Methods and Allow-Headers values the rule judges: a constant, written in one place of the
    /// app for its header (two writes may answer different paths), outside any endpoint's handler (a handler's own write
    /// never answers the preflight, which the handler does not get).
    /// </summary>
    private List<(PreflightListKind Kind, HeaderWrite Write, List<string> Names)> HandWrittenLists(List<Endpoint> endpoints)
    {
        var handlers = new HashSet<object>(endpoints.SelectMany(e => e.Handlers));
        var result = new List<(PreflightListKind, HeaderWrite, List<string>)>();
        foreach (var group in _writes.GroupBy(w => w.Is(AllowMethods)))
        {
            var writes = group.ToList();
            if (writes.Count != 1 || HandWrittenCors.ConstantOf(writes[0].Value) is not { } value)
            {
                continue;
            }

            var write = writes[0];
            if (HandlersAround(write.Operation).Any(handlers.Contains))
            {
                continue;
            }

            var names = value.Split(',').Select(n => n.Trim()).Where(n => n.Length > 0).ToList();
            result.Add((group.Key ? PreflightListKind.Methods : PreflightListKind.Headers, write, names));
        }

        return result;
    }

    private void Judge(CompilationAnalysisContext context, string policy, Merged list, List<Endpoint> covered, PreflightListKind kind, bool bearer)
    {
        if (list.Last is not { } last || list.Any || list.Incomplete)
        {
            return;
        }

        if (Finding(list.Names, covered, kind, bearer, context) is { } finding)
        {
            var allowed = kind == PreflightListKind.Methods ? NamesText(list.Names, "no method") : "the headers " + NamesText(list.Names, "none");
            Report(context, last.ReportLocation, kind == PreflightListKind.Methods ? DiagnosticProperties.Kinds.MethodList : DiagnosticProperties.Kinds.HeaderList, policy, allowed, finding);
        }
    }

    private void JudgeWrite(CompilationAnalysisContext context, PreflightListKind kind, HeaderWrite write, List<string> names, List<Endpoint> covered, bool bearer)
    {
        // A hand-written '*' answers methods and most headers, never Authorization (Fetch standard).
        if (kind == PreflightListKind.Methods && names.Contains("*"))
        {
            return;
        }

        if (Finding(names.Where(n => n != "*").ToList(), covered, kind, bearer, context) is { } finding)
        {
            var header = kind == PreflightListKind.Methods ? AllowMethods : AllowHeaders;
            var allowed = kind == PreflightListKind.Methods
                ? NamesText(names, "no method")
                : names.Contains("*") ? "'*', which never covers Authorization" : "the headers " + NamesText(names, "none");
            Report(context, write.Value!.Syntax.GetLocation(), DiagnosticProperties.Kinds.HeaderWrite, "The hand-written " + header, allowed, finding);
        }
    }

    /// <summary>What the first endpoint under the list that needs more than it allows needs, and what the others need.</summary>
    private (string Endpoint, string Needs, string Missing)? Finding(List<string> allowed, List<Endpoint> covered, PreflightListKind kind, bool bearer, CompilationAnalysisContext context)
    {
        if (kind == PreflightListKind.Headers)
        {
            if (allowed.Contains("Authorization", StringComparer.OrdinalIgnoreCase))
            {
                return null;
            }

            foreach (var endpoint in covered)
            {
                var reads = ReadsAuthorization(endpoint, context.Compilation, context.CancellationToken);
                if (reads || (bearer && endpoint.RequiresAuthorization))
                {
                    var why = reads ? "it reads the request's Authorization header" : "it requires a bearer token";
                    return (endpoint.Describe(endpoint.Methods[0]), $"Authorization ({why})", "Authorization");
                }
            }

            return null;
        }

        var missing = new List<string>();
        Endpoint? first = null;
        var firstMissing = new List<string>();
        foreach (var endpoint in covered)
        {
            foreach (var method in endpoint.Methods)
            {
                if (!PreflightLists.NeedsPreflight(method) || allowed.Contains(method, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                first ??= endpoint;
                if (ReferenceEquals(first, endpoint))
                {
                    firstMissing.Add(method);
                }

                missing.Add(method);
            }
        }

        if (first is null)
        {
            return null;
        }

        var own = PreflightLists.Ordered(firstMissing).ToList();
        var others = PreflightLists.Ordered(missing).Except(own).ToList();
        var needs = string.Join(", ", own) + (others.Count == 0 ? string.Empty : $", and other endpoints under it need {string.Join(", ", others)}");
        return (first.Describe(own[0]), needs, string.Join(",", PreflightLists.Ordered(missing)));
    }

    private static void Report(CompilationAnalysisContext context, Location location, string kind, string policy, string allowed, (string Endpoint, string Needs, string Missing) finding)
    {
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(DiagnosticProperties.Kind, kind)
            .Add(DiagnosticProperties.Missing, finding.Missing);
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RefusedPreflight, location, properties, policy, allowed, finding.Endpoint, finding.Needs));
    }

    private static string NamesText(List<string> names, string none) => names.Count == 0 ? none : string.Join(", ", names);

    private bool ReadsAuthorization(Endpoint endpoint, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var handler in endpoint.Handlers)
        {
            if (_readsAuthorization.GetOrAdd(handler, h => HandlerReadsAuthorization(h, compilation, cancellationToken)))
            {
                return true;
            }

            var parameters = handler switch
            {
                IMethodSymbol method => method.Parameters,
                _ => ImmutableArray<IParameterSymbol>.Empty,
            };
            foreach (var parameter in parameters)
            {
                if (IsAuthorizationFromHeader(parameter))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a handler (a lambda's syntax or a method) reads the request's Authorization header in its own code or in a
    /// lambda inside it, not in a local function. Asked at the compilation's end, only for the handlers under a header
    /// list that leaves Authorization out, so the rest of the app pays nothing for it; a body whose text says neither
    /// "Headers" nor "Authorization" is not bound.
    /// </summary>
    private bool HandlerReadsAuthorization(object handler, Compilation compilation, CancellationToken cancellationToken)
    {
        var references = handler switch
        {
            SyntaxNode lambda => ImmutableArray.Create(lambda.GetReference()),
            IMethodSymbol method => method.DeclaringSyntaxReferences,
            _ => ImmutableArray<SyntaxReference>.Empty,
        };
        foreach (var reference in references)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            if (!Mentions(syntax, "Headers") && !Mentions(syntax, "Authorization")
                || Declarations.ModelOf(syntax.SyntaxTree, compilation) is not { } model
                || model.GetOperation(syntax, cancellationToken) is not { } root)
            {
                continue;
            }

            var pending = new Stack<IOperation>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                var operation = pending.Pop();
                if (IsAuthorizationRead(operation))
                {
                    return true;
                }

                foreach (var child in operation.ChildOperations)
                {
                    if (child is not ILocalFunctionOperation)
                    {
                        pending.Push(child);
                    }
                }
            }
        }

        return false;
    }

    private static bool Mentions(SyntaxNode syntax, string word)
        => syntax.SyntaxTree.TryGetText(out var text)
            ? text.ToString(syntax.Span).IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0
            : syntax.ToString().IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary><c>Headers.Authorization</c>, <c>Headers["Authorization"]</c> (or <c>HeaderNames.Authorization</c>), <c>Headers.TryGetValue("Authorization", ...)</c>.</summary>
    private bool IsAuthorizationRead(IOperation operation)
        => operation switch
        {
            IPropertyReferenceOperation reference => (reference.Property.Name == "Authorization" || (reference.Property.IsIndexer && reference.Arguments.Length > 0 && IsAuthorizationName(reference.Arguments[0].Value)))
                                                     && _headerWrites.IsHeaderDictionary(reference.Property.ContainingType),
            IInvocationOperation { TargetMethod.Name: "TryGetValue", Instance.Type: { } type } invocation => IsAuthorizationName(invocation.GetArgument(0)) && _headerWrites.IsHeaderDictionary(type),
            _ => false,
        };

    /// <summary><c>[FromHeader(Name = "Authorization")] string token</c> (or a parameter named authorization).</summary>
    private static bool IsAuthorizationFromHeader(IParameterSymbol parameter)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass?.Name != "FromHeaderAttribute")
            {
                continue;
            }

            var name = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Name").Value.Value as string ?? parameter.Name;
            return string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }

    /// <summary>The lambdas and the member a write sits in, as endpoint handlers are keyed.</summary>
    private static IEnumerable<object> HandlersAround(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda)
            {
                yield return lambda.Syntax;
            }
        }

        if (operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart) is IMethodSymbol member)
        {
            yield return member.OriginalDefinition;
        }
    }

    private static bool IsAuthorizationName(IOperation? value)
        => value.WalkDownConversions() is { ConstantValue: { HasValue: true, Value: string name } } && string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase)
           || value.WalkDownConversions() is IFieldReferenceOperation field && HttpNames.FrameworkName(field) == "Authorization";

    private bool IsAuthenticationHandler(IMethodSymbol method)
        => _symbols.AuthenticationBuilder is { } builder
           && (method.ContainingType.Is(builder) || (method.IsExtensionMethod && method.Parameters.Length > 0 && method.Parameters[0].Type.Is(builder))
               || (method.ReducedFrom is { } reduced && reduced.Parameters.Length > 0 && reduced.Parameters[0].Type.Is(builder)));
}
