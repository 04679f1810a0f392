using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// The one place that knows which calls shape a CORS policy: ASP.NET Core's <c>CorsPolicyBuilder</c> and
/// <c>CorsPolicy</c>, Web API's <c>EnableCorsAttribute</c>, OWIN's <c>CorsOptions.AllowAll</c>; and which strings end up in an
/// origin list. Create one per compilation (it holds the <see cref="KnownSymbols"/>).
/// </summary>
internal sealed partial class CorsPolicies
{
    /// <summary>True for ASP.NET Core's <c>UseCors</c> (any overload).</summary>
    public static bool IsUseCors(IMethodSymbol method, KnownSymbols symbols)
        => method.Name == "UseCors" && method.ContainingType.Is(symbols.CorsMiddlewareExtensions);

    /// <summary>True for ASP.NET Core's <c>RequireCors</c> (any overload).</summary>
    public static bool IsRequireCors(IMethodSymbol method, KnownSymbols symbols)
        => method.Name == "RequireCors" && method.ContainingType.Is(symbols.CorsEndpointConventionBuilderExtensions);

    private readonly KnownSymbols _symbols;
    private readonly OriginFlow _origin;
    private readonly OriginChecks _checks;

    /// <summary>The policies of each operation tree (a method, lambda-holding body or initializer) asked about, by its root.</summary>
    private readonly ConditionalWeakTable<IOperation, BlockPolicies> _blocks = new();

    public CorsPolicies(KnownSymbols symbols, OriginFlow origin, OriginChecks checks)
    {
        _symbols = symbols;
        _origin = origin;
        _checks = checks;
    }

    /// <summary>The origins an argument adds, with the request's Origin when it is copied in unchecked.</summary>
    private OriginList OriginsOf(IOperation? value, CancellationToken cancellationToken)
    {
        var list = GetStrings(value, cancellationToken);
        if (list.IsComplete || value is null || !_origin.CarriesOrigin(value))
        {
            return list;
        }

        // WithOrigins(origin) passes a params array: report the element that carries the Origin.
        if (value.WalkDownConversions() is IArrayCreationOperation { Initializer: { } initializer })
        {
            foreach (var element in initializer.ElementValues)
            {
                if (_origin.CarriesOrigin(element))
                {
                    value = element;
                    break;
                }
            }
        }

        return _checks.GuardOfValue(value) <= OriginCheck.NullOrEmpty ? list.WithReflectedOrigin(value) : list;
    }

    /// <summary>The operation kinds <see cref="GetStep"/> understands: register for these.</summary>
    public static ImmutableArray<OperationKind> StepOperationKinds { get; } =
        ImmutableArray.Create(OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment);

    /// <summary>True when <paramref name="operation"/> reads OWIN's <c>Microsoft.Owin.Cors.CorsOptions.AllowAll</c> (any origin with credentials).</summary>
    public bool IsOwinAllowAll(IOperation operation)
        => operation is IPropertyReferenceOperation { Property: { Name: "AllowAll", IsStatic: true } property }
           && _symbols.OwinCorsOptions is { } owin
           && SymbolEqualityComparer.Default.Equals(property.ContainingType, owin);

    /// <summary>What <paramref name="operation"/> (an invocation, object creation or assignment) does to a policy, or <see langword="null"/>.</summary>
    public PolicyStep? GetStep(IOperation operation, CancellationToken cancellationToken)
        => operation switch
        {
            IInvocationOperation invocation => FromInvocation(invocation, cancellationToken),
            IObjectCreationOperation creation => FromCreation(creation, cancellationToken),
            ISimpleAssignmentOperation assignment => FromAssignment(assignment),
            _ => null,
        };

    /// <summary>
    /// The policy <paramref name="step"/> is part of: every step on the same builder or policy in the operation tree that
    /// holds it (the method, lambdas included, or initializer), in execution order. The tree's steps are found once and
    /// kept with the tree, so each of its steps can ask. Null only for a step that is not in its own tree.
    /// </summary>
    public CorsPolicyDefinition? PolicyOf(PolicyStep step, CancellationToken cancellationToken)
    {
        foreach (var policy in BlockOf(step.Operation.Root(), cancellationToken).Policies)
        {
            foreach (var other in policy.Steps)
            {
                if (ReferenceEquals(other.Operation, step.Operation))
                {
                    return policy;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The policy of <paramref name="policyRoot"/> (what <see cref="RootOfCall"/> answers for a call that is no step) in the
    /// operation tree that holds <paramref name="inside"/>, from the same per-tree steps as <see cref="PolicyOf(PolicyStep, CancellationToken)"/>;
    /// null when no step of that tree configures it.
    /// </summary>
    public CorsPolicyDefinition? PolicyOf(object policyRoot, IOperation inside, CancellationToken cancellationToken)
    {
        foreach (var policy in BlockOf(inside.Root(), cancellationToken).Policies)
        {
            if (SameRoot(policy.Root, policyRoot))
            {
                return policy;
            }
        }

        return null;
    }

    /// <summary>The policies of one operation tree, found once and kept with the tree.</summary>
    private BlockPolicies BlockOf(IOperation root, CancellationToken cancellationToken)
    {
        if (_blocks.TryGetValue(root, out var block))
        {
            return block;
        }

        var steps = new List<PolicyStep>();
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation.Kind is OperationKind.Invocation or OperationKind.ObjectCreation or OperationKind.SimpleAssignment
                && GetStep(operation, cancellationToken) is { } found)
            {
                steps.Add(found);
            }
        }

        return _blocks.GetValue(root, _ => new BlockPolicies(Group(steps)));
    }

    /// <summary>
    /// What ASP.NET Core does with <paramref name="policy"/> when its origins are exactly <c>["*"]</c> while it allows
    /// credentials: <c>CorsPolicyBuilder.Build()</c> throws <c>InvalidOperationException</c>, which happens at start-up for the
    /// builder of an <c>AddPolicy</c>/<c>AddDefaultPolicy</c> lambda (built when the CORS options are first read), at the call
    /// for a <c>UseCors</c>/<c>RequireCors</c> lambda, at an explicit <c>Build()</c> of the builder; a hand-made
    /// <c>CorsPolicy</c> is never built, and the CORS service throws <c>ArgumentException</c> on each request with an Origin;
    /// Web API's attribute is not refused.
    /// </summary>
    public PolicyRefusal RefusalOf(CorsPolicyDefinition policy)
    {
        var type = policy.Root switch
        {
            ILocalSymbol local => local.Type,
            IParameterSymbol parameter => parameter.Type,
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            IOperation operation => operation.Type,
            _ => null,
        };
        if (IsPolicy(type))
        {
            return new PolicyRefusal(RefusalKind.EveryRequest);
        }

        if (!IsBuilder(type) || policy.Steps.IsDefaultOrEmpty)
        {
            return new PolicyRefusal(RefusalKind.None);
        }

        var tree = policy.Steps[0].Operation;
        if (policy.Root is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda })
        {
            var function = tree.Parent;
            while (function is not null && !(function is IAnonymousFunctionOperation anonymous && SymbolEqualityComparer.Default.Equals(anonymous.Symbol, lambda)))
            {
                function = function.Parent;
            }

            var argument = function?.Parent;
            while (argument is IDelegateCreationOperation or IConversionOperation)
            {
                argument = argument.Parent;
            }

            if (argument is IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { } method } })
            {
                if (method.Name is "AddPolicy" or "AddDefaultPolicy" && _symbols.CorsOptions is { } options
                    && SymbolEqualityComparer.Default.Equals(method.ContainingType, options))
                {
                    return new PolicyRefusal(RefusalKind.BuildAtStartUp, method.Name);
                }

                if (IsUseCors(method, _symbols) || IsRequireCors(method, _symbols))
                {
                    return new PolicyRefusal(RefusalKind.BuildAtCall, method.Name);
                }
            }

            return new PolicyRefusal(RefusalKind.Build);
        }

        // A builder created or kept in a local: the Build() call on it in the same code.
        while (tree.Parent is { } parent)
        {
            tree = parent;
        }

        foreach (var operation in tree.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "Build", Instance: { } instance } build
                && IsBuilder(build.TargetMethod.ContainingType)
                && SameRoot(RootOf(instance), policy.Root))
            {
                return new PolicyRefusal(RefusalKind.BuildCall, CodeAt(build.Syntax.SyntaxTree, ReportSpanOf(build.Syntax)));
            }
        }

        return new PolicyRefusal(RefusalKind.Build);
    }

    private static bool SameRoot(object? root, object other)
        => root is ISymbol symbol && other is ISymbol otherSymbol
            ? SymbolEqualityComparer.Default.Equals(symbol, otherSymbol)
            : ReferenceEquals(root, other);

    /// <summary>Groups steps (of one operation block) into policies by what they configure, each in execution order.</summary>
    public static ImmutableArray<CorsPolicyDefinition> Group(IEnumerable<PolicyStep> steps)
        => steps
            .GroupBy(s => s.Root)
            .Select(g => new CorsPolicyDefinition(g.Key, g.OrderBy(s => s.Operation.Syntax.Span.End).ThenByDescending(s => s.Operation.Syntax.SpanStart).ToImmutableArray()))
            .ToImmutableArray();

    private static IOperation? AnyOriginBranchOf(IOperation? value, int depth, CancellationToken cancellationToken)
    {
        value = value.WalkDownConversions();
        if (value is null || depth > Guards.MaxDepth)
        {
            return null;
        }

        IOperation?[] branches = value switch
        {
            IConditionalOperation { WhenFalse: { } whenFalse } conditional => new[] { conditional.WhenTrue, whenFalse },
            ICoalesceOperation coalesce => new[] { coalesce.Value, coalesce.WhenNull },
            ILocalReferenceOperation local => new[] { Callables.InitializerOf(local.Local, local.SemanticModel, cancellationToken) },
            _ => System.Array.Empty<IOperation?>(),
        };
        foreach (var branch in branches)
        {
            if (branch is null)
            {
                continue;
            }

            if (value is not ILocalReferenceOperation && GetStrings(branch, cancellationToken).IsExactlyAnyOrigin)
            {
                return branch;
            }

            if (AnyOriginBranchOf(branch, depth + 1, cancellationToken) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    /// <summary>The names of the calls that can be policy steps (<see cref="FromInvocation"/>): any other call is none.</summary>
    public static bool IsStepMethodName(string name)
        => name is "WithOrigins" or "AllowAnyOrigin" or "SetIsOriginAllowed" or "SetIsOriginAllowedToAllowWildcardSubdomains" or "AllowCredentials" or "DisallowCredentials"
            or "Add" or "Clear";

    /// <remarks>The dispatcher asks for steps only the calls whose names <see cref="IsStepMethodName"/> accepts: a name added to a case here goes there too.</remarks>
    private PolicyStep? FromInvocation(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "WithOrigins" or "AllowAnyOrigin" or "SetIsOriginAllowed" or "SetIsOriginAllowedToAllowWildcardSubdomains" or "AllowCredentials" or "DisallowCredentials":
                if (!IsBuilder(method.ContainingType) || RootOf(invocation.Instance) is not { } root)
                {
                    return null;
                }

                return method.Name switch
                {
                    "WithOrigins" => new PolicyStep(PolicyStepKind.AddOrigins, invocation, root, origins: OriginsOf(invocation.GetArgument(0), cancellationToken)),
                    "AllowAnyOrigin" => new PolicyStep(PolicyStepKind.AllowAnyOrigin, invocation, root),
                    "SetIsOriginAllowed" => new PolicyStep(PolicyStepKind.SetOriginPredicate, invocation, root, predicate: invocation.GetArgument(0)),
                    "SetIsOriginAllowedToAllowWildcardSubdomains" => new PolicyStep(PolicyStepKind.AllowWildcardSubdomains, invocation, root),
                    "AllowCredentials" => new PolicyStep(PolicyStepKind.SetCredentials, invocation, root, credentials: true),
                    _ => new PolicyStep(PolicyStepKind.SetCredentials, invocation, root, credentials: false),
                };

            case "Add" or "Clear":
                if (invocation.Instance.WalkDownConversions() is not IPropertyReferenceOperation { Property.Name: "Origins" } origins
                    || !IsPolicy(origins.Property.ContainingType)
                    || RootOf(origins.Instance) is not { } policyRoot)
                {
                    return null;
                }

                return method.Name == "Clear"
                    ? new PolicyStep(PolicyStepKind.ClearOrigins, invocation, policyRoot)
                    : new PolicyStep(PolicyStepKind.AddOrigins, invocation, policyRoot, origins: OriginsOf(invocation.GetArgument(0), cancellationToken), reportNode: ReportNodeOfPropertyCall(invocation));

            default:
                return null;
        }
    }

    private PolicyStep? FromCreation(IObjectCreationOperation creation, CancellationToken cancellationToken)
    {
        var type = creation.Type as INamedTypeSymbol;
        if (type is null || creation.Constructor is not { } constructor)
        {
            return null;
        }

        if (IsBuilder(type) && constructor.Parameters.Length == 1 && constructor.Parameters[0].Type is IArrayTypeSymbol)
        {
            return new PolicyStep(PolicyStepKind.AddOrigins, creation, CreationRoot(creation), origins: OriginsOf(creation.GetArgument(0), cancellationToken));
        }

        if (_symbols.WebApiEnableCorsAttribute is { } webApi && SymbolEqualityComparer.Default.Equals(type, webApi)
            && constructor.Parameters.Length >= 1 && creation.GetArgument(0) is { } originsArgument)
        {
            // Web API takes one string: "*" means any origin, anything else is a comma-separated list.
            var origins = GetStrings(originsArgument, cancellationToken);
            return new PolicyStep(PolicyStepKind.AddOrigins, creation, CreationRoot(creation), origins: origins, reportNode: originsArgument.Syntax);
        }

        return null;
    }

    private PolicyStep? FromAssignment(ISimpleAssignmentOperation assignment)
    {
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "SupportsCredentials" or "IsOriginAllowed" } property } target)
        {
            return null;
        }

        var owner = property.ContainingType;
        var isPolicy = IsPolicy(owner);
        var isWebApi = _symbols.WebApiEnableCorsAttribute is { } webApi && SymbolEqualityComparer.Default.Equals(owner, webApi);
        // In an attribute's named argument the property has no receiver at all: the attribute is the object.
        var root = target.Instance is null ? EnclosingCreationRoot(assignment) : RootOf(target.Instance, assignment);
        if ((!isPolicy && !isWebApi) || root is null)
        {
            return null;
        }

        if (property.Name == "SupportsCredentials")
        {
            var allows = assignment.Value.ConstantValue is { HasValue: true, Value: true };
            return new PolicyStep(PolicyStepKind.SetCredentials, assignment, root, credentials: allows);
        }

        return isPolicy ? new PolicyStep(PolicyStepKind.SetOriginPredicate, assignment, root, predicate: assignment.Value) : null;
    }

    /// <summary>
    /// What a call that is no <see cref="PolicyStep"/> configures: a <c>CorsPolicyBuilder</c> call (<c>WithExposedHeaders</c>)
    /// or a call on a <c>CorsPolicy</c> collection (<c>policy.ExposedHeaders.Add</c>, also in an object initializer). Compare
    /// with <see cref="PolicyStep.Root"/> to find the steps of its policy. Null for any other call.
    /// </summary>
    public object? RootOfCall(IInvocationOperation call)
    {
        if (IsBuilder(call.TargetMethod.ContainingType))
        {
            return RootOf(call.Instance, call);
        }

        if (call.Instance.WalkDownConversions() is IPropertyReferenceOperation member && IsPolicy(member.Property.ContainingType))
        {
            return member.Instance is null ? EnclosingCreationRoot(call) : RootOf(member.Instance, call);
        }

        // new CorsPolicy { ExposedHeaders = { "*" } }: the Add of a collection initializer of a policy's member.
        return call.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }
               && InitializedMember(call) is { } initialized && IsPolicy(initialized.Property.ContainingType)
            ? EnclosingCreationRoot(call)
            : null;
    }

    /// <summary>For an <c>Add</c> of a collection initializer nested in an object initializer (<c>Member = { x }</c>): the member.</summary>
    internal static IPropertyReferenceOperation? InitializedMember(IInvocationOperation add)
        => add.Parent is IObjectOrCollectionInitializerOperation { Parent: IMemberInitializerOperation { InitializedMember: IPropertyReferenceOperation member } }
            ? member
            : null;

    private bool IsBuilder(ITypeSymbol? type)
        => _symbols.CorsPolicyBuilder is { } builder && SymbolEqualityComparer.Default.Equals(type, builder);

    private bool IsPolicy(ITypeSymbol? type)
        => _symbols.CorsPolicy is { } policy && SymbolEqualityComparer.Default.Equals(type, policy);

    /// <summary>What a call's receiver configures: follows a fluent chain back to its start.</summary>
    private object? RootOf(IOperation? instance, IOperation? inside = null)
    {
        instance = instance.WalkDownConversions();
        while (instance is IInvocationOperation { Instance: { } previous } chained
               && IsBuilder(chained.TargetMethod.ContainingType) && IsBuilder(chained.TargetMethod.ReturnType))
        {
            instance = previous.WalkDownConversions();
        }

        switch (instance)
        {
            case null:
                return null;
            case IParameterReferenceOperation parameter:
                return parameter.Parameter;
            case ILocalReferenceOperation local:
                return local.Local;
            case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field:
                return field.Field;
            case IObjectCreationOperation creation:
                return CreationRoot(creation);
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }:
                return EnclosingCreationRoot(inside ?? instance);
            default:
                return instance;
        }
    }

    /// <summary>For a member of an object initializer: the object being created.</summary>
    private static object? EnclosingCreationRoot(IOperation member)
    {
        for (var parent = member.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IObjectCreationOperation owner)
            {
                return CreationRoot(owner);
            }
        }

        return null;
    }

    /// <summary>A builder or policy created into a local (<c>var b = new ...</c>, <c>b = new ...</c>) is that local; otherwise the creation itself.</summary>
    private static object CreationRoot(IObjectCreationOperation creation)
        => creation.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } => local.Local,
            _ => creation,
        };

    private static SyntaxNode? ReportNodeOfPropertyCall(IInvocationOperation invocation)
        => invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax inner } }
            ? inner
            : null;

    /// <summary>The branches that decide whether <paramref name="step"/> runs: each (branching operation, arm) pair on the way up to its policy's scope.</summary>
    internal static ImmutableArray<(IOperation Branch, int Arm)> GuardsOf(PolicyStep step)
    {
        var guards = ImmutableArray.CreateBuilder<(IOperation, int)>();
        foreach (var guard in Guards.Of(step.Operation))
        {
            // The lambda or local function whose parameter is the policy is the policy's scope: stop there.
            if (guard.Kind == GuardKind.Function && step.Root is IParameterSymbol parameter
                && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, guard.Function))
            {
                break;
            }

            guards.Add((guard.Branch, guard.Arm));
        }

        return guards.ToImmutable();
    }

    /// <summary>How many ways a branching operation can go (the last arm of a switch is "no case matched").</summary>
    internal static int ArmCountOf(IOperation branch)
        => branch switch
        {
            ISwitchOperation @switch => @switch.Cases.Length + 1,
            ISwitchExpressionOperation switchExpression => switchExpression.Arms.Length + 1,
            _ => 2,
        };

    /// <summary>See <see cref="PolicyStep.ReportLocation"/>.</summary>
    internal static TextSpan ReportSpanOf(SyntaxNode node)
        => node switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => TextSpan.FromBounds(access.Name.SpanStart, node.Span.End),
            MemberAccessExpressionSyntax { Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax call } } inner => TextSpan.FromBounds(inner.Name.SpanStart, call.Span.End),
            AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax access } => TextSpan.FromBounds(access.Name.SpanStart, node.Span.End),
            _ => node.Span,
        };

    /// <summary>The source text of <paramref name="span"/> with every run of whitespace collapsed to one space.</summary>
    internal static string CodeAt(SyntaxTree tree, TextSpan span)
    {
        var text = tree.GetText().ToString(span);
        var builder = new StringBuilder(text.Length);
        var inSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!inSpace)
                {
                    builder.Append(' ');
                }

                inSpace = true;
            }
            else
            {
                builder.Append(c);
                inSpace = false;
            }
        }

        return builder.ToString();
    }
}

/// <summary>The policies of one operation tree (see <see cref="CorsPolicies.PolicyOf"/>).</summary>
internal sealed class BlockPolicies
{
    public BlockPolicies(ImmutableArray<CorsPolicyDefinition> policies) => Policies = policies;

    public ImmutableArray<CorsPolicyDefinition> Policies { get; }
}
