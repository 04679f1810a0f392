using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>What one call on an app builder adds to the request pipeline, as far as CORS cares.</summary>
internal enum PipelineStepKind
{
    Other,
    Routing,
    Cors,
    Authentication,
    Authorization,
    ResponseCaching,
    OutputCache,
    Endpoints,
}

/// <summary>One pipeline call made by a statement of its own, in the order the statements run.</summary>
internal sealed class PipelineStep
{
    public PipelineStep(PipelineStepKind kind, IInvocationOperation call, IOperation statement)
    {
        Kind = kind;
        Call = call;
        Statement = statement;
    }

    public PipelineStepKind Kind { get; }

    public IInvocationOperation Call { get; }

    /// <summary>The statement that makes the call (what a fix moves).</summary>
    public IOperation Statement { get; }

    /// <summary>True for a middleware that <c>UseCors</c> must come before.</summary>
    public bool MustFollowCors => Kind is PipelineStepKind.Authentication or PipelineStepKind.Authorization or PipelineStepKind.ResponseCaching
        or PipelineStepKind.OutputCache or PipelineStepKind.Endpoints;
}

/// <summary>
/// One request pipeline: the calls on one app builder (a <c>WebApplication</c> or an <c>IApplicationBuilder</c>) in one
/// method or in the top-level statements.
/// </summary>
internal sealed class Pipeline
{
    internal Pipeline(ImmutableArray<PipelineStep> steps, ImmutableArray<IInvocationOperation> requireCors, bool callsUseCors, bool isSeenWhole)
    {
        Steps = steps;
        RequireCors = requireCors;
        CallsUseCors = callsUseCors;
        IsSeenWhole = isSeenWhole;
    }

    /// <summary>The calls made by statements of the function's own body, unconditionally, in order (calls in branches are left out).</summary>
    public ImmutableArray<PipelineStep> Steps { get; }

    /// <summary>Every <c>RequireCors</c> on an endpoint of this app (also inside <c>UseEndpoints</c>).</summary>
    public ImmutableArray<IInvocationOperation> RequireCors { get; }

    /// <summary>True when <c>UseCors</c> is called on the app anywhere in the function, branches included.</summary>
    public bool CallsUseCors { get; }

    /// <summary>
    /// True when no code we cannot see can add middleware: the app is made in this function (or is the parameter of a
    /// Startup <c>Configure</c> method) and is only handed to ASP.NET Core's own methods.
    /// </summary>
    public bool IsSeenWhole { get; }
}

/// <summary>
/// The one place that knows the shape of an ASP.NET Core request pipeline: which calls add which middleware, which endpoint
/// conventions carry CORS metadata, and when the order of the calls can be known.
/// </summary>
internal static class Pipelines
{
    /// <summary>Cheap filter on a method name, before any symbol work.</summary>
    public static bool IsTriggerName(string name) => name is "UseCors" or "RequireCors";

    /// <summary>
    /// The app builder a pipeline call is made on: the local or parameter at the start of its chain; for a call on the
    /// endpoint builder of <c>UseEndpoints(e => ...)</c>, the app <c>UseEndpoints</c> is called on.
    /// </summary>
    public static ISymbol? AppOf(IInvocationOperation call, KnownSymbols symbols)
    {
        var receiver = ChainStart(call);
        switch (receiver)
        {
            case ILocalReferenceOperation local:
                return IsAppBuilder(local.Local.Type, symbols) ? local.Local : null;
            case IParameterReferenceOperation { Parameter: var parameter }:
                if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda
                    && FindUseEndpoints(receiver, lambda) is { } useEndpoints)
                {
                    return AppOf(useEndpoints, symbols);
                }

                return IsAppBuilder(parameter.Type, symbols) ? parameter : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// <c>IApplicationBuilder</c> or a type that implements it (<c>WebApplication</c>). A route group or endpoint builder kept
    /// in a local (<c>var api = app.MapGroup("/api")</c>) is not followed back to its app.
    /// </summary>
    private static bool IsAppBuilder(ITypeSymbol? type, KnownSymbols symbols)
        => type is INamedTypeSymbol named && symbols.IApplicationBuilder is { } appBuilder
           && (named.Is(appBuilder) || named.AllInterfaces.Any(i => i.Is(appBuilder)));

    /// <summary>The pipeline of <paramref name="app"/> in the function that holds <paramref name="inside"/>.</summary>
    public static Pipeline Of(ISymbol app, IOperation inside, KnownSymbols symbols, CancellationToken cancellationToken)
    {
        var root = inside.Root();

        var steps = ImmutableArray.CreateBuilder<PipelineStep>();
        if (BodyOf(root) is { } body)
        {
            foreach (var statement in body.Operations)
            {
                if (statement is IExpressionStatementOperation { Operation: IInvocationOperation call } && IsOn(call, app))
                {
                    foreach (var link in Chain(call))
                    {
                        steps.Add(new PipelineStep(KindOf(link, symbols), link, statement));
                    }
                }
            }
        }

        var requireCors = ImmutableArray.CreateBuilder<IInvocationOperation>();
        var callsUseCors = false;
        var seenWhole = app switch
        {
            ILocalSymbol => true,
            IParameterSymbol { ContainingSymbol: IMethodSymbol { Name: "Configure" } } => true,
            _ => false,
        };
        foreach (var operation in root.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (operation)
            {
                case IInvocationOperation invocation:
                    if (CorsPolicies.IsUseCors(invocation.TargetMethod, symbols) && IsOn(invocation, app))
                    {
                        callsUseCors = true;
                    }
                    else if (CorsPolicies.IsRequireCors(invocation.TargetMethod, symbols) && SymbolEqualityComparer.Default.Equals(AppOf(invocation, symbols), app))
                    {
                        requireCors.Add(invocation);
                    }

                    break;

                case ILocalReferenceOperation or IParameterReferenceOperation when seenWhole && Refers(operation, app) && !IsFrameworkUse(operation):
                    seenWhole = false;
                    break;
            }
        }

        return new Pipeline(steps.ToImmutable(), requireCors.ToImmutable(), callsUseCors, seenWhole);
    }

    /// <summary>
    /// True when some file of the compilation puts <c>[EnableCors]</c> on a class or method (a controller's CORS metadata).
    /// Asked only for a pipeline that puts <c>UseCors</c> before an explicit <c>UseRouting</c>, which is rare; the files
    /// are searched as text first.
    /// </summary>
    public static bool HasEnableCorsAttributes(Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.GetText(cancellationToken).ToString().IndexOf("EnableCors", System.StringComparison.Ordinal) < 0)
            {
                continue;
            }

            foreach (var attribute in tree.GetRoot(cancellationToken).DescendantNodes().OfType<AttributeSyntax>())
            {
                var name = attribute.Name switch
                {
                    QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                    SimpleNameSyntax simple => simple.Identifier.ValueText,
                    _ => null,
                };
                if (name is "EnableCors" or "EnableCorsAttribute")
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IBlockOperation? BodyOf(IOperation root)
        => root switch
        {
            IBlockOperation block => block,
            IMethodBodyOperation method => method.BlockBody,
            _ => null,
        };

    private static PipelineStepKind KindOf(IInvocationOperation call, KnownSymbols symbols)
    {
        var method = call.TargetMethod;
        if (!IsFramework(method))
        {
            return PipelineStepKind.Other;
        }

        return method.Name switch
        {
            "UseRouting" => PipelineStepKind.Routing,
            "UseCors" when CorsPolicies.IsUseCors(method, symbols) => PipelineStepKind.Cors,
            "UseAuthentication" => PipelineStepKind.Authentication,
            "UseAuthorization" => PipelineStepKind.Authorization,
            "UseResponseCaching" => PipelineStepKind.ResponseCaching,
            "UseOutputCache" => PipelineStepKind.OutputCache,
            "UseEndpoints" => PipelineStepKind.Endpoints,
            _ => PipelineStepKind.Other,
        };
    }

    /// <summary>The calls of a fluent chain, from the one made on the app outwards.</summary>
    private static List<IInvocationOperation> Chain(IInvocationOperation outermost)
    {
        var chain = new List<IInvocationOperation>();
        for (IOperation? current = outermost; current is IInvocationOperation call; current = ReceiverOf(call).WalkDownConversions())
        {
            chain.Add(call);
        }

        chain.Reverse();
        return chain;
    }

    private static IOperation? ChainStart(IInvocationOperation call)
    {
        IOperation? current = call;
        while (current is IInvocationOperation link)
        {
            current = ReceiverOf(link).WalkDownConversions();
        }

        return current;
    }

    private static IOperation? ReceiverOf(IInvocationOperation call)
        => call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);

    private static bool IsOn(IInvocationOperation call, ISymbol app) => Refers(ChainStart(call), app);

    private static bool Refers(IOperation? operation, ISymbol app)
        => operation switch
        {
            ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(local.Local, app),
            IParameterReferenceOperation parameter => SymbolEqualityComparer.Default.Equals(parameter.Parameter, app),
            _ => false,
        };

    /// <summary>A reference to the app that hands it to ASP.NET Core (a call on it, a property read) rather than to code of ours.</summary>
    private static bool IsFrameworkUse(IOperation reference)
    {
        var parent = reference.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            IInvocationOperation call when call.Instance is not null => IsFramework(call.TargetMethod),
            IArgumentOperation { Parent: IInvocationOperation call } => IsFramework(call.TargetMethod),
            IPropertyReferenceOperation or IEventReferenceOperation => true,
            IVariableInitializerOperation or IExpressionStatementOperation => false,
            _ => false,
        };
    }

    /// <summary>
    /// A method of ASP.NET Core, Microsoft.Extensions or the BCL, told by its namespace on purpose: "any framework method"
    /// is a family of namespaces, not a type <see cref="KnownSymbols"/> could resolve.
    /// </summary>
    private static bool IsFramework(IMethodSymbol method)
    {
        var ns = method.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        return ns.StartsWith("Microsoft.AspNetCore", System.StringComparison.Ordinal) || ns.StartsWith("Microsoft.Extensions", System.StringComparison.Ordinal)
            || ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal);
    }

    private static IInvocationOperation? FindUseEndpoints(IOperation inside, IMethodSymbol lambda)
    {
        for (var parent = inside.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation function && SymbolEqualityComparer.Default.Equals(function.Symbol, lambda))
            {
                var up = function.Parent;
                while (up is IDelegateCreationOperation or IConversionOperation)
                {
                    up = up.Parent;
                }

                return up is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "UseEndpoints" } useEndpoints } ? useEndpoints : null;
            }
        }

        return null;
    }
}
