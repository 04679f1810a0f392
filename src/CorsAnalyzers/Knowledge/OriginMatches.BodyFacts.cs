using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

// OriginMatches, per body: whether a match there decides anything (a decision in the body, a callable that receives origins),
// worked out once per body and per parameter. The judgement of a match is in OriginMatches.cs.
internal sealed partial class OriginMatches
{
    /// <summary>
    /// Start from decisions: a body that reads the Origin (logs it, tags a metric, copies it into another header) but allows
    /// no origin anywhere holds no match that decides one; only a predicate's or validator's answer could, so without an
    /// origin parameter around the call there is nothing to trace. Allocates nothing once the body and parameters are known.
    /// </summary>
    private bool DecidesNothing(IInvocationOperation call, IMethodSymbol? member, CancellationToken cancellationToken)
    {
        if (call.SemanticModel is not { } model)
        {
            return true;
        }

        var root = call.Root();
        if (!_origin.MayReadOrigin(root))
        {
            // A body that never says "origin" reads no Origin (OriginFlow.CarriesOrigin starts from the same test): only a
            // predicate's or validator's parameter can bring one, and most bodies (string helpers, controllers) have none.
            // No enumerator, no judgement context: one look-up per parameter around the call.
            return !HasOriginParameterAround(call, member, model, cancellationToken);
        }

        if (FactsOf(root, cancellationToken) is not { Decisions.IsEmpty: true } facts)
        {
            return false;
        }

        // Most bodies that read the Origin (to log it, to tag a metric) hold no callable that receives origins either: for
        // them this is known after the first match, and every other match of the body costs two look-ups.
        if (!_receivesNoOrigins.TryGetValue(root.Syntax, out var receivesNone))
        {
            receivesNone = !ReceivesOrigins(facts, member, model, cancellationToken);
            _receivesNoOrigins.TryAdd(root.Syntax, receivesNone);
        }

        return receivesNone || !HasOriginParameterAround(call, member, model, cancellationToken);
    }

    /// <summary>Some lambda or local function of the body, or <paramref name="member"/>, has a parameter that receives origins.</summary>
    private bool ReceivesOrigins(BodyFacts facts, IMethodSymbol? member, SemanticModel model, CancellationToken cancellationToken)
    {
        if (member is not null && HasOriginParameter(member, null, model, cancellationToken))
        {
            return true;
        }

        foreach (var function in facts.Functions)
        {
            if (function.CallableSymbol() is { } callable && HasOriginParameter(callable, function, model, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Some string (or Uri) parameter of a lambda, local function or member around <paramref name="call"/> receives origins (the same callables as <see cref="EnclosingCallables"/>, without an enumerator).</summary>
    private bool HasOriginParameterAround(IOperation call, IMethodSymbol? member, SemanticModel model, CancellationToken cancellationToken)
    {
        for (var parent = call.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent.CallableSymbol() is { } callable && HasOriginParameter(callable, parent, model, cancellationToken))
            {
                return true;
            }
        }

        return member is not null && HasOriginParameter(member, null, model, cancellationToken);
    }

    private bool HasOriginParameter(IMethodSymbol callable, IOperation? function, SemanticModel model, CancellationToken cancellationToken)
    {
        // Every callable that receives origins answers yes or no (IsOriginCallable: a SetIsOriginAllowed predicate is a
        // Func<string, bool>, a validator returns bool): the others (string helpers, actions) are turned away before their
        // parameter list, which is made anew each time it is asked for, and a look-up per parameter.
        if (callable.ReturnType.SpecialType != SpecialType.System_Boolean)
        {
            return false;
        }

        foreach (var parameter in callable.Parameters)
        {
            if ((parameter.Type.SpecialType == SpecialType.System_String || SymbolEqualityComparer.Default.Equals(parameter.Type, _symbols.Uri))
                && IsOriginParameter(callable, function, parameter.OriginalDefinition, model, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="parameter"/> receives origins, worked out once per parameter (no closure when known).</summary>
    private bool IsOriginParameter(IMethodSymbol callable, IOperation? function, IParameterSymbol parameter, SemanticModel model, CancellationToken cancellationToken)
    {
        if (_originParameters.TryGetValue(parameter, out var known))
        {
            return known;
        }

        var isOrigin = IsOriginCallable(callable, function, parameter, model, 0, cancellationToken);
        _originParameters.TryAdd(parameter, isOrigin);
        return isOrigin;
    }

    /// <summary>The lambdas, local functions and the member around <paramref name="operation"/>, innermost first.</summary>
    private static IEnumerable<(IMethodSymbol Callable, IOperation? Function)> EnclosingCallables(IOperation operation, IMethodSymbol? member)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation function:
                    yield return (function.Symbol, function);
                    break;
                case ILocalFunctionOperation local:
                    yield return (local.Symbol, local);
                    break;
            }
        }

        if (member is not null)
        {
            yield return (member, null);
        }
    }

    /// <summary>
    /// <paramref name="parameter"/> of <paramref name="callable"/> receives an origin to decide on: the callable is given to
    /// <c>SetIsOriginAllowed</c> (directly, as a method group, or through a local), or is a bool method called with the
    /// request's Origin or with the origin parameter of another such callable.
    /// </summary>
    private bool IsOriginCallable(IMethodSymbol callable, IOperation? function, IParameterSymbol parameter, SemanticModel model, int depth, CancellationToken cancellationToken)
    {
        if (depth > Guards.MaxDepth)
        {
            return false;
        }

        if (callable.Parameters.Length == 1 && IsOriginPredicate(callable, function, model, cancellationToken))
        {
            return true;
        }

        if (function is IAnonymousFunctionOperation || callable.ReturnType.SpecialType != SpecialType.System_Boolean
            || callable.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        // Where is it used? Read the names in this file (we may not ask for another file's semantic model), found by a
        // search of its text: a bool method that nothing in its file calls (IsImage(fileName)) costs no tree walk.
        if (NameSearch.IdentifierNames(model.SyntaxTree.GetRoot(cancellationToken), callable.Name) is not { } uses)
        {
            return false;
        }

        foreach (var identifier in uses)
        {
            var use = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : (ExpressionSyntax)identifier;
            var operation = use.Parent is InvocationExpressionSyntax invocationSyntax && invocationSyntax.Expression == use
                ? model.GetOperation(invocationSyntax, cancellationToken)
                : model.GetOperation(use, cancellationToken);
            switch (operation)
            {
                case IInvocationOperation invocation when SameMethod(invocation.TargetMethod, callable):
                    var argument = ArgumentFor(invocation, parameter);
                    if (argument is null)
                    {
                        break;
                    }

                    if (_origin.CarriesOrigin(argument))
                    {
                        return true;
                    }

                    var caller = model.GetEnclosingSymbol(invocation.Syntax.SpanStart) as IMethodSymbol;
                    foreach (var (outer, outerFunction) in EnclosingCallables(invocation, MemberOf(caller)))
                    {
                        foreach (var outerParameter in outer.Parameters)
                        {
                            if (!SymbolEqualityComparer.Default.Equals(outer, callable)
                                && _origin.CarriesOrigin(argument, outerParameter.OriginalDefinition)
                                && IsOriginCallable(outer, outerFunction, outerParameter.OriginalDefinition, model, depth + 1, cancellationToken))
                            {
                                return true;
                            }
                        }
                    }

                    break;
            }
        }

        return false;
    }

    private static bool SameMethod(IMethodSymbol a, IMethodSymbol b)
        => SymbolEqualityComparer.Default.Equals(a.OriginalDefinition, b.OriginalDefinition);

    /// <summary>The member (not a lambda) that <paramref name="symbol"/> is, or is inside of.</summary>
    private static IMethodSymbol? MemberOf(IMethodSymbol? symbol)
    {
        while (symbol is { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol as IMethodSymbol;
        }

        return symbol;
    }

    private static IOperation? ArgumentFor(IInvocationOperation invocation, IParameterSymbol parameter)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } p && p.Ordinal == parameter.Ordinal)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// The callable is the predicate of a <c>SetIsOriginAllowed</c> call in this file, in any form <see cref="Callables"/>
    /// resolves (lambda, anonymous method, method group, local function, a local or readonly field holding one).
    /// </summary>
    private bool IsOriginPredicate(IMethodSymbol callable, IOperation? function, SemanticModel model, CancellationToken cancellationToken)
    {
        // The common case without a scan: the lambda is the argument itself.
        var node = function;
        while (node?.Parent is IDelegateCreationOperation or IConversionOperation)
        {
            node = node.Parent;
        }

        if (node?.Parent is IArgumentOperation argument)
        {
            // files.Where(f => f.EndsWith(".png")): a lambda given to anything else is no predicate; no scan.
            return argument.Parent is IInvocationOperation direct && IsSetIsOriginAllowed(direct);
        }

        if (node?.Parent is ISimpleAssignmentOperation assignment && node == assignment.Value)
        {
            // policy.IsOriginAllowed = o => ...; new CorsPolicy { IsOriginAllowed = o => ... }
            return IsOriginAllowedProperty(assignment.Target);
        }

        // Only a file that says IsOriginAllowed (SetIsOriginAllowed too) can hand the callable to one: most never do.
        if (!_mentionsIsOriginAllowed.GetOrAdd(model.SyntaxTree, static tree => NameSearch.TextContains(tree, "IsOriginAllowed")))
        {
            return false;
        }

        foreach (var syntax in model.SyntaxTree.GetRoot(cancellationToken).DescendantNodes())
        {
            if (syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "SetIsOriginAllowed" } }
                && model.GetOperation(syntax, cancellationToken) is IInvocationOperation invocation && IsSetIsOriginAllowed(invocation)
                && Callables.Resolve(invocation.GetArgument(0), cancellationToken) is { } predicate
                && SameMethod(predicate.Symbol, callable))
            {
                return true;
            }

            if (syntax is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "IsOriginAllowed" } or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsOriginAllowed" } }
                && model.GetOperation(syntax, cancellationToken) is ISimpleAssignmentOperation assigned && IsOriginAllowedProperty(assigned.Target)
                && Callables.Resolve(assigned.Value, cancellationToken) is { } assignedPredicate
                && SameMethod(assignedPredicate.Symbol, callable))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsOriginAllowedProperty(IOperation target)
        => target is IPropertyReferenceOperation { Property.Name: "IsOriginAllowed" } property
           && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _symbols.CorsPolicy);

    /// <summary>
    /// The match on the request's Origin decides an <c>Access-Control-Allow-Origin</c> write or a policy's origins: it is in
    /// a condition that guards one (an enclosing <c>if</c>, an early exit, <c>?:</c> inside the written value), directly or
    /// through a bool local.
    /// </summary>
    private bool DecidesAnEcho(IInvocationOperation call, CancellationToken cancellationToken)
    {
        foreach (var decision in FactsOf(call.Root(), cancellationToken).Decisions)
        {
            foreach (var guard in Guards.Of(decision))
            {
                if (guard.Kind == GuardKind.Condition && IsPartOf(call, guard.Condition))
                {
                    return true;
                }
            }

            // Access-Control-Allow-Origin = ok ? origin : "null"
            foreach (var inner in decision.Descendants())
            {
                if (inner is IConditionalOperation conditional && IsPartOf(call, conditional.Condition))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The match decides the callable's answer: it is (part of) a returned value other than <c>false</c>, or of a condition guarding one.</summary>
    private static bool DecidesTheAnswer(IInvocationOperation call, IOperation body)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation is not IReturnOperation { ReturnedValue: { } returned } || returned.ConstantValue.Value is false)
            {
                continue;
            }

            if (IsPartOf(call, returned))
            {
                return true;
            }

            foreach (var guard in Guards.Of(operation))
            {
                if (guard.Kind == GuardKind.Condition && IsPartOf(call, guard.Condition))
                {
                    return true;
                }

                if (guard.Branch == body)
                {
                    break;
                }
            }
        }

        return false;
    }

    /// <summary><paramref name="call"/> is inside <paramref name="condition"/>, or inside the value of a bool local the condition reads.</summary>
    private static bool IsPartOf(IOperation call, IOperation? condition)
    {
        if (condition is null || call.Syntax.SyntaxTree != condition.Syntax.SyntaxTree)
        {
            return false;
        }

        if (condition.Syntax.Span.Contains(call.Syntax.Span))
        {
            return true;
        }

        foreach (var operation in condition.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation { Local.Type.SpecialType: SpecialType.System_Boolean } local)
            {
                foreach (var (value, _) in local.Local.AssignmentsOf(local.Root()))
                {
                    if (value is not null && value.Syntax.Span.Contains(call.Syntax.Span))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Where code in <paramref name="root"/> allows an origin (Access-Control-Allow-Origin writes, a helper of ours that writes one, origins put into a policy), and its lambdas and local functions.</summary>
    private BodyFacts FactsOf(IOperation root, CancellationToken cancellationToken)
        => _decisions.TryGetValue(root.Syntax, out var known) ? known : FindFacts(root, cancellationToken);

    /// <summary>Apart from <see cref="FactsOf"/>, so that a body already looked at allocates no closure.</summary>
    private BodyFacts FindFacts(IOperation root, CancellationToken cancellationToken)
        => _decisions.GetOrAdd(root.Syntax, _ =>
        {
            var found = ImmutableArray.CreateBuilder<IOperation>();
            var functions = ImmutableArray.CreateBuilder<IOperation>();
            foreach (var operation in root.Descendants())
            {
                if (operation.Kind is OperationKind.AnonymousFunction or OperationKind.LocalFunction)
                {
                    functions.Add(operation);
                    continue;
                }

                if (operation.Kind is not (OperationKind.Invocation or OperationKind.SimpleAssignment or OperationKind.ObjectCreation))
                {
                    continue;
                }

                if (_headers.TryGetWrite(operation, out var write))
                {
                    if (write.Is(HttpHeaderName.AccessControlAllowOrigin))
                    {
                        found.Add(operation);
                    }

                    continue;
                }

                if (_policies.GetStep(operation, cancellationToken) is { Kind: PolicyStepKind.AddOrigins or PolicyStepKind.SetOriginPredicate })
                {
                    found.Add(operation);
                    continue;
                }

                if (operation is IInvocationOperation helper && !helper.TargetMethod.IsImplicitlyDeclared
                    && Guards.BodyOf(helper.TargetMethod, helper.SemanticModel, cancellationToken) is { } body && WritesAllowOrigin(body))
                {
                    found.Add(operation);
                }
            }

            return new BodyFacts(found.ToImmutable(), functions.ToImmutable());
        });

    private bool WritesAllowOrigin(IOperation body)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation.Kind is OperationKind.Invocation or OperationKind.SimpleAssignment
                && _headers.TryGetWrite(operation, out var write) && write.Is(HttpHeaderName.AccessControlAllowOrigin))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsSetIsOriginAllowed(IInvocationOperation invocation)
        => invocation.TargetMethod.Name == "SetIsOriginAllowed" && IsPolicyBuilder(invocation.TargetMethod.ContainingType);
}

/// <summary>What one body holds that the judgement of its matches needs: its decisions, and its lambdas and local functions.</summary>
internal sealed class BodyFacts
{
    public BodyFacts(ImmutableArray<IOperation> decisions, ImmutableArray<IOperation> functions) => (Decisions, Functions) = (decisions, functions);

    public ImmutableArray<IOperation> Decisions { get; }

    public ImmutableArray<IOperation> Functions { get; }
}
