using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// One place that lets the request's Origin through when it equals a constant: the expression that gives the constant,
/// in a test of the origin (<c>==</c>, <c>Equals</c>, a pattern, a case label) or as an entry of a collection the origin is
/// looked up in (<see cref="IsListEntry"/>).
/// </summary>
internal readonly struct Acceptance
{
    public Acceptance(IOperation source, bool isListEntry)
    {
        Source = source;
        IsListEntry = isListEntry;
    }

    public IOperation Source { get; }

    public bool IsListEntry { get; }
}

/// <summary>
/// What hand-written CORS code decides: the constant values a header is given, the other header writes of the same
/// function, and which tests of the request's Origin let an <c>Access-Control-Allow-Origin</c> write happen.
/// </summary>
internal sealed class HandWrittenCors
{
    private readonly OriginFlow _origin;
    private readonly HeaderWrites _headers;

    public HandWrittenCors(OriginFlow origin, HeaderWrites headers)
    {
        _origin = origin;
        _headers = headers;
    }

    /// <summary>
    /// The constant string a header value is, seen through conversions, <c>new StringValues("x")</c>, a one-element
    /// array and <c>CorsConstants.AnyOrigin</c> (a static readonly field); null when it is not one constant.
    /// </summary>
    public static string? ConstantOf(IOperation? value)
    {
        value = value.WalkDownConversions();
        return value switch
        {
            null => null,
            { ConstantValue: { HasValue: true, Value: string text } } => text,
            IObjectCreationOperation { Arguments.Length: 1 } creation when creation.Type is { Name: "StringValues" } type && type.Is(SymbolsOf(creation)?.StringValues)
                => ConstantOf(creation.Arguments[0].Value),
            IArrayCreationOperation { Initializer.ElementValues.Length: 1 } array => ConstantOf(array.Initializer.ElementValues[0]),
            IFieldReferenceOperation { Field: { IsStatic: true, Name: "AnyOrigin", ContainingType.Name: "CorsConstants" } field } reference
                when field.ContainingType.Is(SymbolsOf(reference)?.CorsConstants) => "*",
            _ => null,
        };
    }

    /// <summary>The known types of the compilation <paramref name="operation"/> belongs to (asked only after a name matched).</summary>
    private static KnownSymbols? SymbolsOf(IOperation operation)
        => operation.SemanticModel is { } model ? KnownSymbols.Create(model.Compilation) : null;

    /// <summary>
    /// The constant leaves a value may take: the value itself, or the branches of <c>??</c>, <c>?:</c> and switch
    /// expressions (<c>origin ?? "null"</c>, <c>ok ? origin : "null"</c>), each with the operation that gives it.
    /// </summary>
    public static IEnumerable<(IOperation Source, string Value)> ConstantLeaves(IOperation? value, int depth = 0)
    {
        value = value.WalkDownConversions();
        if (value is null || depth > Guards.MaxDepth)
        {
            yield break;
        }

        if (ConstantOf(value) is { } text)
        {
            yield return (value, text);
            yield break;
        }

        IEnumerable<IOperation?> branches = value switch
        {
            ICoalesceOperation coalesce => new[] { coalesce.Value, coalesce.WhenNull },
            IConditionalOperation { WhenFalse: { } whenFalse } conditional => new[] { conditional.WhenTrue, whenFalse },
            ISwitchExpressionOperation switchExpression => ArmValues(switchExpression),
            _ => Array.Empty<IOperation?>(),
        };
        foreach (var branch in branches)
        {
            foreach (var leaf in ConstantLeaves(branch, depth + 1))
            {
                yield return leaf;
            }
        }
    }

    private static IEnumerable<IOperation?> ArmValues(ISwitchExpressionOperation switchExpression)
    {
        foreach (var arm in switchExpression.Arms)
        {
            yield return arm.Value;
        }
    }

    /// <summary>True for <c>Access-Control-Allow-Credentials: true</c> (the value in any casing, spaces around it ignored).</summary>
    public static bool AllowsCredentials(HeaderWrite write)
        => write.Is(HttpHeaderName.AccessControlAllowCredentials)
           && ConstantOf(write.Value) is { } value
           && string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The method, lambda or local function whose own code <paramref name="operation"/> is (nested functions are their own).</summary>
    public static IOperation EnclosingFunction(IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return parent;
            }

            current = parent;
        }

        return current;
    }

    /// <summary>Every header write in the function's own code (not in the lambdas and local functions nested in it).</summary>
    public IEnumerable<HeaderWrite> WritesIn(IOperation function)
    {
        var pending = new Stack<IOperation>();
        pending.Push(function);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var child in current.ChildOperations)
            {
                if (child is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    continue;
                }

                if (child.Kind is OperationKind.Invocation or OperationKind.SimpleAssignment
                    && _headers.TryGetWrite(child, out var write))
                {
                    yield return write;
                }

                pending.Push(child);
            }
        }
    }

    /// <summary>
    /// The accepting tests (see <see cref="AcceptingTests"/>) of every place the request's Origin reaches a written value:
    /// the value itself, or each branch of <c>?:</c>, <c>??</c> and switch expressions that carries it.
    /// </summary>
    public IEnumerable<Acceptance> AcceptingTestsOfValue(IOperation value, string constant, CancellationToken cancellationToken)
    {
        var found = new List<Acceptance>();
        foreach (var leaf in OriginLeaves(value, 0))
        {
            found.AddRange(AcceptingTests(leaf, constant, cancellationToken));
        }

        return found;
    }

    private IEnumerable<IOperation> OriginLeaves(IOperation? value, int depth)
    {
        var bare = value.WalkDownConversions();
        if (bare is null || depth > Guards.MaxDepth)
        {
            yield break;
        }

        IEnumerable<IOperation?>? branches = bare switch
        {
            ICoalesceOperation coalesce => new[] { coalesce.Value, coalesce.WhenNull },
            IConditionalOperation { WhenFalse: { } whenFalse } conditional => new[] { conditional.WhenTrue, whenFalse },
            ISwitchExpressionOperation switchExpression => ArmValues(switchExpression),
            _ => null,
        };
        if (branches is null)
        {
            if (_origin.CarriesOrigin(bare))
            {
                yield return bare;
            }

            yield break;
        }

        foreach (var branch in branches)
        {
            foreach (var leaf in OriginLeaves(branch, depth + 1))
            {
                yield return leaf;
            }
        }
    }

    /// <summary>
    /// The operations that accept the request's Origin when it equals <paramref name="constant"/> on the way to
    /// <paramref name="operation"/>: equality tests (<c>origin == "null"</c>, <c>string.Equals(origin, "null", ..)</c>,
    /// <c>origin is "null"</c>) and switch case labels in the polarity that lets the code run, and the matching entries
    /// of collections the origin is looked up in (<c>allowed.Contains(origin)</c>). Each result is the expression that gives
    /// the constant. Bool locals (<c>var ok = ...; if (ok)</c>) and validators of ours in the same file are read.
    /// </summary>
    public IEnumerable<Acceptance> AcceptingTests(IOperation operation, string constant, CancellationToken cancellationToken)
    {
        var found = new List<Acceptance>();
        CollectGuards(operation, null, null, constant, found, cancellationToken);
        return found;
    }

    /// <summary>
    /// The tests in an origin predicate or validator (<paramref name="callable"/>, its first parameter the origin) that let
    /// it answer yes when the origin is <paramref name="constant"/>: in a returned value other than <c>false</c>, or in a
    /// condition, <c>switch</c> case or arm on the way to one (<c>case "null": return true;</c>, <c>"null" =&gt; true</c>).
    /// </summary>
    public IEnumerable<Acceptance> AcceptingTestsInPredicate(Callable callable, string constant, CancellationToken cancellationToken)
    {
        var found = new List<Acceptance>();
        if (callable.Parameters.Length == 0)
        {
            return found;
        }

        var parameter = callable.Parameters[0];
        foreach (var operation in callable.Body.Descendants())
        {
            if (operation is IReturnOperation { ReturnedValue: { } returned } && returned.ConstantValue.Value is not false)
            {
                Collect(returned, true, parameter, constant, found, 0, cancellationToken);
                CollectGuards(operation, callable.Body, parameter, constant, found, cancellationToken);
                if (returned.WalkDownConversions() is ISwitchExpressionOperation answer && _origin.CarriesOrigin(answer.Value, parameter))
                {
                    foreach (var arm in answer.Arms)
                    {
                        if (arm.Value.ConstantValue.Value is not false)
                        {
                            CollectPattern(arm.Pattern, true, constant, found);
                        }
                    }
                }
            }
        }

        return found;
    }

    private void CollectGuards(IOperation operation, IOperation? scope, IParameterSymbol? originParameter, string constant, List<Acceptance> found, CancellationToken cancellationToken)
    {
        foreach (var guard in Guards.Of(operation))
        {
            if (scope is not null && (guard.Kind == GuardKind.Function || guard.Branch == scope))
            {
                break;
            }

            switch (guard.Kind)
            {
                case GuardKind.Condition:
                    Collect(guard.Condition, guard.WhenTrue, originParameter, constant, found, 0, cancellationToken);
                    break;
                case GuardKind.SwitchCase when _origin.CarriesOrigin(guard.SwitchValue, originParameter):
                    foreach (var clause in guard.Case!.Clauses)
                    {
                        switch (clause)
                        {
                            case ISingleValueCaseClauseOperation single when Is(single.Value, constant):
                                found.Add(new Acceptance(single.Value.WalkDownConversions()!, isListEntry: false));
                                break;
                            case IPatternCaseClauseOperation pattern:
                                CollectPattern(pattern.Pattern, true, constant, found);
                                break;
                        }
                    }

                    break;
                case GuardKind.SwitchArm when _origin.CarriesOrigin(guard.SwitchValue, originParameter):
                    CollectPattern(guard.SwitchArm!.Pattern, true, constant, found);
                    break;
            }
        }
    }

    private static bool Is(IOperation? value, string constant, bool ignoresCase = false)
        => value.WalkDownConversions() is { ConstantValue: { HasValue: true, Value: string text } }
           && string.Equals(text, constant, ignoresCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>Finds the tests inside <paramref name="condition"/> that can take the value <paramref name="polarity"/> when the origin is the constant.</summary>
    private void Collect(IOperation? condition, bool polarity, IParameterSymbol? originParameter, string constant, List<Acceptance> found, int depth, CancellationToken cancellationToken)
    {
        condition = condition.WalkDownConversions();
        if (condition is null || depth > Guards.MaxDepth)
        {
            return;
        }

        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                Collect(not.Operand, !polarity, originParameter, constant, found, depth + 1, cancellationToken);
                break;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } logical:
                Collect(logical.LeftOperand, polarity, originParameter, constant, found, depth + 1, cancellationToken);
                Collect(logical.RightOperand, polarity, originParameter, constant, found, depth + 1, cancellationToken);
                break;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                var left = comparison.LeftOperand.WalkDownConversions();
                var right = comparison.RightOperand.WalkDownConversions();
                if (right?.ConstantValue.Value is bool rightBool)
                {
                    Collect(left, (comparison.OperatorKind == BinaryOperatorKind.Equals) == rightBool ? polarity : !polarity, originParameter, constant, found, depth + 1, cancellationToken);
                    break;
                }

                var equalWhen = comparison.OperatorKind == BinaryOperatorKind.Equals;
                if (polarity == equalWhen)
                {
                    AddIfOriginEquals(left, right, originParameter, constant, found);
                }

                break;

            case IIsPatternOperation isPattern when _origin.CarriesOrigin(isPattern.Value, originParameter):
                CollectPattern(isPattern.Pattern, polarity, constant, found);
                break;

            case IInvocationOperation { TargetMethod.Name: "Equals" } equals when polarity:
                var operands = new List<IOperation>();
                if (equals.Instance is { } instance)
                {
                    operands.Add(instance);
                }

                foreach (var argument in equals.Arguments)
                {
                    if (argument.Value.Type?.SpecialType == SpecialType.System_String || argument.Parameter?.Type.SpecialType == SpecialType.System_String)
                    {
                        operands.Add(argument.Value);
                    }
                }

                if (operands.Count == 2)
                {
                    // string.Equals(o, "NULL", StringComparison.OrdinalIgnoreCase) accepts "null" too.
                    var ignoresCase = equals.Arguments.Any(a => a.Value.Type?.SpecialType != SpecialType.System_String && a.Value.Syntax.ToString().IndexOf("IgnoreCase", StringComparison.Ordinal) >= 0);
                    AddIfOriginEquals(operands[0].WalkDownConversions(), operands[1].WalkDownConversions(), originParameter, constant, found, ignoresCase);
                }

                break;

            case IInvocationOperation { TargetMethod.Name: "Contains" } contains when polarity:
                var collection = ContainsLookup(contains, originParameter);
                if (collection is not null)
                {
                    foreach (var entry in CorsPolicies.GetStrings(collection, cancellationToken).Values)
                    {
                        if (entry.Value == constant)
                        {
                            found.Add(new Acceptance(entry.Source, isListEntry: true));
                        }
                    }
                }

                break;

            // IsAllowed(origin) on the way to an echo; o => OriginRules.IsTrusted(o) in a predicate.
            case IInvocationOperation validator when polarity:
                CollectValidator(validator, originParameter, constant, found, depth, cancellationToken);
                break;

            case ILocalReferenceOperation { Local.Type.SpecialType: SpecialType.System_Boolean } local:
                foreach (var (value, _) in local.Local.AssignmentsOf(local.Root()))
                {
                    Collect(value, polarity, originParameter, constant, found, depth + 1, cancellationToken);
                }

                break;
        }
    }

    private void AddIfOriginEquals(IOperation? left, IOperation? right, IParameterSymbol? originParameter, string constant, List<Acceptance> found, bool ignoresCase = false)
    {
        if (Is(right, constant, ignoresCase) && _origin.CarriesOrigin(left, originParameter))
        {
            found.Add(new Acceptance(right!, isListEntry: false));
        }
        else if (Is(left, constant, ignoresCase) && _origin.CarriesOrigin(right, originParameter))
        {
            found.Add(new Acceptance(left!, isListEntry: false));
        }
    }

    private static void CollectPattern(IPatternOperation pattern, bool polarity, string constant, List<Acceptance> found)
    {
        switch (pattern)
        {
            case INegatedPatternOperation negated:
                CollectPattern(negated.Pattern, !polarity, constant, found);
                break;
            case IBinaryPatternOperation binary:
                CollectPattern(binary.LeftPattern, polarity, constant, found);
                CollectPattern(binary.RightPattern, polarity, constant, found);
                break;
            case IConstantPatternOperation constantPattern when polarity && Is(constantPattern.Value, constant):
                found.Add(new Acceptance(constantPattern.Value.WalkDownConversions()!, isListEntry: false));
                break;
        }
    }

    /// <summary><c>c.Contains(origin)</c> or <c>Enumerable.Contains(c, origin)</c>: the collection c.</summary>
    private IOperation? ContainsLookup(IInvocationOperation call, IParameterSymbol? originParameter)
    {
        if (call.Instance is { } instance && call.Arguments.Length >= 1 && _origin.CarriesOrigin(call.Arguments[0].Value, originParameter))
        {
            return instance;
        }

        if (call.Instance is null && call.TargetMethod.IsExtensionMethod && call.Arguments.Length >= 2
            && _origin.CarriesOrigin(call.Arguments[1].Value, originParameter))
        {
            return call.Arguments[0].Value;
        }

        return null;
    }

    /// <summary>
    /// <c>IsAllowed(origin)</c>: a bool method of ours, in whichever file it is declared (an interface's method through its
    /// one implementation), read with its parameter as the origin. A test found in another file is reported at the
    /// analysed code that reaches it (<see cref="ReportPlaces"/>).
    /// </summary>
    private void CollectValidator(IInvocationOperation invocation, IParameterSymbol? originParameter, string constant, List<Acceptance> found, int depth, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        if (method.ReturnType.SpecialType != SpecialType.System_Boolean)
        {
            return;
        }

        IParameterSymbol? parameter = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } p && _origin.CarriesOrigin(argument.Value, originParameter))
            {
                parameter = p.OriginalDefinition;
                break;
            }
        }

        if (parameter is null || invocation.SemanticModel is not { } model
            || Declarations.Callee(method, model.Compilation) is not { DeclaringSyntaxReferences.Length: 1 } callee
            || parameter.Ordinal >= callee.Parameters.Length
            || Declarations.BodyOf(callee, model, cancellationToken) is not { } body)
        {
            return;
        }

        parameter = callee.Parameters[parameter.Ordinal];

        foreach (var operation in body.Descendants())
        {
            if (operation is IReturnOperation { ReturnedValue: { } returned })
            {
                Collect(returned, true, parameter, constant, found, depth + 1, cancellationToken);
            }
        }
    }
}
