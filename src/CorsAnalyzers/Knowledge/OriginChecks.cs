using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>How strongly a condition checks an origin, weakest first.</summary>
internal enum OriginCheck
{
    /// <summary>Not a check of the origin at all.</summary>
    None = 0,

    /// <summary>Only a null/empty/presence test: every real origin passes.</summary>
    NullOrEmpty = 1,

    /// <summary>Substring, prefix, suffix or pattern matching: CORS003 reports it.</summary>
    Inexact = 2,

    /// <summary>Membership in a set/list/dictionary, equality with a value, a switch on constants, or a validator.</summary>
    Exact = 3,
}

/// <summary>
/// The one place that knows what counts as a check of an origin, and whether code is reached only
/// after such a check (an enclosing <c>if</c>, an early <c>return</c>/<c>continue</c>/<c>throw</c>, a <c>switch</c> on constants, <c>?:</c>).
/// </summary>
internal sealed class OriginChecks
{
    private readonly KnownSymbols _symbols;
    private readonly OriginFlow _flow;

    /// <summary>
    /// What a validator of ours answers for the origin given as this parameter (the parameter of the method whose body
    /// runs, <see cref="Declarations.Callee"/>), per parameter of the compilation: worked out once, wherever the
    /// validator is declared, and read at every call in any file.
    /// </summary>
    private readonly ConcurrentDictionary<IParameterSymbol, OriginCheck> _validators = new(SymbolEqualityComparer.Default);

    public OriginChecks(KnownSymbols symbols, OriginFlow flow)
    {
        _symbols = symbols;
        _flow = flow;
    }

    /// <summary>The strongest check of the origin on the way from the root of the member body down to <paramref name="operation"/>.</summary>
    public OriginCheck GuardOf(IOperation operation, IParameterSymbol? originParameter = null) => GuardOf(operation, originParameter, 0);

    private OriginCheck GuardOf(IOperation operation, IParameterSymbol? originParameter, int depth)
    {
        var best = OriginCheck.None;
        foreach (var guard in Guards.Of(operation))
        {
            var found = guard.Kind switch
            {
                GuardKind.Condition => Classify(guard.Condition, guard.WhenTrue, originParameter, depth),
                GuardKind.SwitchCase => SwitchCaseGuard(guard, originParameter),
                GuardKind.SwitchArm => Carries(guard.SwitchValue, originParameter) ? ClassifyPattern(guard.SwitchArm!.Pattern, true) : OriginCheck.None,
                _ => OriginCheck.None,
            };
            best = Max(best, found);
            if (best == OriginCheck.Exact)
            {
                break;
            }
        }

        return best;
    }

    /// <summary>
    /// The weakest check over every way the origin reaches <paramref name="value"/>: each place the origin comes in
    /// must be guarded, either where the value is used or where a local that holds it was assigned.
    /// </summary>
    public OriginCheck GuardOfValue(IOperation value)
        => GuardOfValue(value, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default));

    private OriginCheck GuardOfValue(IOperation value, HashSet<ILocalSymbol> visited)
    {
        var entries = new List<IOperation>();
        if (!_flow.CarriesOrigin(value, entries))
        {
            return OriginCheck.Exact;
        }

        var weakest = OriginCheck.Exact;
        foreach (var entry in entries)
        {
            var guard = GuardOf(entry);
            if (guard < OriginCheck.Exact && entry is ILocalReferenceOperation local && visited.Add(local.Local))
            {
                guard = Max(guard, GuardOfAssignments(local, visited));
            }

            weakest = Min(weakest, guard);
        }

        return weakest;
    }

    private OriginCheck GuardOfAssignments(ILocalReferenceOperation local, HashSet<ILocalSymbol> visited)
    {
        var weakest = OriginCheck.Exact;
        foreach (var (value, site) in local.Local.AssignmentsOf(local.Root()))
        {
            var guard = value is null ? GuardOf(site) : GuardOfValue(value, visited);
            weakest = Min(weakest, guard);
        }

        return weakest;
    }

    /// <summary>How strongly the origin is checked when <paramref name="condition"/> evaluates to <paramref name="whenTrue"/>.</summary>
    public OriginCheck Classify(IOperation? condition, bool whenTrue, IParameterSymbol? originParameter = null)
        => Classify(condition, whenTrue, originParameter, 0);

    private OriginCheck Classify(IOperation? condition, bool whenTrue, IParameterSymbol? originParameter, int depth)
    {
        condition = condition.WalkDownConversions();
        if (condition is null || depth > Guards.MaxDepth)
        {
            return OriginCheck.None;
        }

        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return Classify(not.Operand, !whenTrue, originParameter, depth + 1);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } andAlso:
                return whenTrue
                    ? Max(Classify(andAlso.LeftOperand, true, originParameter, depth + 1), Classify(andAlso.RightOperand, true, originParameter, depth + 1))
                    : Min(Classify(andAlso.LeftOperand, false, originParameter, depth + 1), Classify(andAlso.RightOperand, false, originParameter, depth + 1));

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } orElse:
                return whenTrue
                    ? Min(Classify(orElse.LeftOperand, true, originParameter, depth + 1), Classify(orElse.RightOperand, true, originParameter, depth + 1))
                    : Max(Classify(orElse.LeftOperand, false, originParameter, depth + 1), Classify(orElse.RightOperand, false, originParameter, depth + 1));

            case IBinaryOperation binary:
                return ClassifyComparison(binary, whenTrue, originParameter, depth);

            case IIsPatternOperation isPattern when Carries(isPattern.Value, originParameter):
                return ClassifyPattern(isPattern.Pattern, whenTrue);

            case IInvocationOperation invocation:
                return whenTrue ? ClassifyCall(invocation, originParameter, depth) : OriginCheck.None;

            // Regex.Match(origin, pattern).Success: the match decides, as Regex.IsMatch would (CORS003 reports it there;
            // reading .Success as no check made CORS001 report the same echo a second time).
            case IPropertyReferenceOperation { Property.Name: "Success", Instance: { } match } when IsMatchingCall(match.WalkDownConversions()!, originParameter):
                return whenTrue ? OriginCheck.Inexact : OriginCheck.None;

            case ILocalReferenceOperation { Local.Type.SpecialType: SpecialType.System_Boolean } local:
                // var ok = allowed.Contains(origin); if (ok) ...
                var weakest = (OriginCheck?)null;
                foreach (var (value, _) in local.Local.AssignmentsOf(local.Root()))
                {
                    var kind = Classify(value, whenTrue, originParameter, depth + 1);
                    weakest = weakest is null ? kind : Min(weakest.Value, kind);
                }

                return weakest ?? OriginCheck.None;

            default:
                return OriginCheck.None;
        }
    }

    private OriginCheck ClassifyComparison(IBinaryOperation binary, bool whenTrue, IParameterSymbol? originParameter, int depth)
    {
        var left = binary.LeftOperand.WalkDownConversions();
        var right = binary.RightOperand.WalkDownConversions();
        if (left is null || right is null)
        {
            return OriginCheck.None;
        }

        // check == false, check != true
        if (right.ConstantValue.Value is bool rightBool && binary.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals)
        {
            return Classify(left, (binary.OperatorKind == BinaryOperatorKind.Equals) == rightBool ? whenTrue : !whenTrue, originParameter, depth + 1);
        }

        if (left.ConstantValue.Value is bool leftBool && binary.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals)
        {
            return Classify(right, (binary.OperatorKind == BinaryOperatorKind.Equals) == leftBool ? whenTrue : !whenTrue, originParameter, depth + 1);
        }

        // origin.IndexOf("x") >= 0, origin.Length > 0, values.Count > 0
        if (IsMatchingCall(left, originParameter) || IsMatchingCall(right, originParameter)
            || IsJoinedListLookup(left, originParameter) || IsJoinedListLookup(right, originParameter))
        {
            return OriginCheck.Inexact;
        }

        // Array.IndexOf(allowed, origin) >= 0, list.IndexOf(origin) != -1: membership.
        if (IsPositionLookup(left, originParameter) || IsPositionLookup(right, originParameter))
        {
            return OriginCheck.Exact;
        }

        if (IsLengthOrCount(left, originParameter) || IsLengthOrCount(right, originParameter))
        {
            return OriginCheck.NullOrEmpty;
        }

        var leftIsOrigin = Carries(left, originParameter);
        var rightIsOrigin = Carries(right, originParameter);
        if (leftIsOrigin == rightIsOrigin)
        {
            return OriginCheck.None;
        }

        var other = leftIsOrigin ? right : left;
        var positive = binary.OperatorKind switch
        {
            BinaryOperatorKind.Equals => whenTrue,
            BinaryOperatorKind.NotEquals => !whenTrue,
            _ => (bool?)null,
        };
        if (positive is null)
        {
            return OriginCheck.None;
        }

        if (IsNullOrEmptyConstant(other))
        {
            return OriginCheck.NullOrEmpty;
        }

        return positive.Value ? OriginCheck.Exact : OriginCheck.None;
    }

    private static OriginCheck ClassifyPattern(IPatternOperation pattern, bool whenTrue)
    {
        switch (pattern)
        {
            case INegatedPatternOperation negated:
                return ClassifyPattern(negated.Pattern, !whenTrue);
            case IBinaryPatternOperation binary:
                var left = ClassifyPattern(binary.LeftPattern, whenTrue);
                var right = ClassifyPattern(binary.RightPattern, whenTrue);
                return (binary.OperatorKind == BinaryOperatorKind.Or) == whenTrue ? Min(left, right) : Max(left, right);
            case IConstantPatternOperation constant:
                if (IsNullOrEmptyConstant(constant.Value.WalkDownConversions()))
                {
                    return OriginCheck.NullOrEmpty;
                }

                return whenTrue ? OriginCheck.Exact : OriginCheck.None;
            default:
                // `is { }`, `is string`, `is var x`: presence only.
                return OriginCheck.NullOrEmpty;
        }
    }

    private OriginCheck ClassifyCall(IInvocationOperation invocation, IParameterSymbol? originParameter, int depth)
    {
        var method = invocation.TargetMethod;
        if (method.Name is "IsNullOrEmpty" or "IsNullOrWhiteSpace")
        {
            return OriginCheck.NullOrEmpty;
        }

        if (IsMatchingCall(invocation, originParameter) || IsJoinedListLookup(invocation, originParameter))
        {
            return OriginCheck.Inexact;
        }

        // Uri.TryCreate(origin, ...), Uri.IsWellFormedUriString(origin, ...), int.TryParse: every real origin parses.
        if (IsParseCheck(method))
        {
            return OriginCheck.NullOrEmpty;
        }

        // string.Equals(origin, x), origin.Equals(x), comparer.Equals(origin, x)
        if (method.Name == "Equals")
        {
            var operands = 0;
            var origin = false;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Value.Type?.SpecialType == SpecialType.System_String || argument.Parameter?.Type.SpecialType == SpecialType.System_String)
                {
                    operands++;
                    origin |= Carries(argument.Value, originParameter);
                }
            }

            origin |= invocation.Instance is not null && Carries(invocation.Instance, originParameter);
            return origin ? OriginCheck.Exact : OriginCheck.None;
        }

        // The origin passed to something that answers yes or no: set.Contains(origin), dict.ContainsKey(origin),
        // list.Any(o => o == origin), IsAllowed(origin). A method of ours is read; one we cannot see counts as a check.
        if (method.ReturnType.SpecialType != SpecialType.System_Boolean)
        {
            return OriginCheck.None;
        }

        foreach (var argument in invocation.Arguments)
        {
            var value = argument.Value.WalkDownConversions();
            if (value is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
            {
                // list.Any(o => o == origin): the lambda's own check of the captured origin.
                var inner = OriginCheck.None;
                foreach (var returned in lambda.Body.Descendants())
                {
                    if (returned is IReturnOperation { ReturnedValue: { } returnedValue })
                    {
                        inner = Max(inner, Classify(returnedValue, true, originParameter, depth + 1));
                    }
                }

                if (inner != OriginCheck.None)
                {
                    return inner;
                }

                continue;
            }

            if (Carries(value, originParameter))
            {
                return ClassifyValidator(invocation, argument, depth);
            }
        }

        return OriginCheck.None;
    }

    /// <summary>
    /// A method that receives the origin and returns bool: read when it is ours, in whichever file it is declared (an
    /// interface's method through its one implementation); one from metadata, or one we cannot read, counts as an exact
    /// check. The answer for a validator is worked out once per compilation (<see cref="_validators"/>) when asked from the
    /// top (depth 0); asked from inside another validator's reading it is read again under the depth limit, without the
    /// cache, so that a cycle of validators ends and no answer depends on which was asked first.
    /// </summary>
    private OriginCheck ClassifyValidator(IInvocationOperation invocation, IArgumentOperation originArgument, int depth)
    {
        if (originArgument.Parameter is not { } parameter || invocation.SemanticModel is not { } model
            || Declarations.Callee(invocation.TargetMethod, model.Compilation) is not { DeclaringSyntaxReferences.Length: 1 } callee
            || parameter.Ordinal >= callee.Parameters.Length)
        {
            return OriginCheck.Exact;
        }

        var calleeParameter = callee.Parameters[parameter.Ordinal];
        if (depth > 0)
        {
            return ReadValidator(callee, calleeParameter, model, depth);
        }

        return _validators.TryGetValue(calleeParameter, out var known) ? known : _validators.GetOrAdd(calleeParameter, ReadValidator(callee, calleeParameter, model, depth));
    }

    private OriginCheck ReadValidator(IMethodSymbol callee, IParameterSymbol parameter, SemanticModel from, int depth)
    {
        if (Declarations.BodyOf(callee, from) is not { } body)
        {
            return OriginCheck.Exact;
        }

        OriginCheck? weakest = null;
        foreach (var operation in body.Descendants())
        {
            if (operation is IReturnOperation { ReturnedValue: { } returned })
            {
                // `return false;` paths deny: they do not weaken the check.
                if (returned.ConstantValue.Value is false)
                {
                    continue;
                }

                var kind = Max(Classify(returned, true, parameter, depth + 1), GuardOf(operation, parameter, depth + 1));
                weakest = weakest is null ? kind : Min(weakest.Value, kind);
            }
        }

        return weakest ?? OriginCheck.None;
    }

    private OriginCheck SwitchCaseGuard(Guard guard, IParameterSymbol? originParameter)
    {
        if (guard.Case is not { } switchCase || !Carries(guard.SwitchValue, originParameter))
        {
            return OriginCheck.None;
        }

        var weakest = (OriginCheck?)null;
        foreach (var clause in switchCase.Clauses)
        {
            var kind = clause switch
            {
                ISingleValueCaseClauseOperation single => IsNullOrEmptyConstant(single.Value.WalkDownConversions()) ? OriginCheck.NullOrEmpty : OriginCheck.Exact,
                IPatternCaseClauseOperation { Guard: null } pattern => ClassifyPattern(pattern.Pattern, true),
                _ => OriginCheck.None,
            };
            weakest = weakest is null ? kind : Min(weakest.Value, kind);
        }

        return weakest ?? OriginCheck.None;
    }

    /// <summary>
    /// <c>origin.EndsWith(..)</c>, <c>StartsWith</c>, <c>Contains</c>, <c>IndexOf</c> on the origin or its <c>Uri</c> parts,
    /// and <c>Regex.IsMatch</c> over it. CORS003 says how precise each one is; here they only count as (inexact) checks.
    /// </summary>
    public bool IsMatchingCall(IOperation operation, IParameterSymbol? originParameter = null)
    {
        if (operation is not IInvocationOperation invocation)
        {
            return false;
        }

        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "EndsWith" or "StartsWith" or "Contains" or "IndexOf" when method.ContainingType.SpecialType == SpecialType.System_String:
                return invocation.Instance is not null && Carries(invocation.Instance, originParameter);
            case "IsMatch" or "Match" when method.ContainingType.Name == "Regex" && method.ContainingType.Is(_symbols.Regex):
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Name == "input" && Carries(argument.Value, originParameter))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// <c>allowedCsv.Contains(origin)</c>, <c>joined.IndexOf(origin)</c>: the origin looked up as a substring of one joined
    /// string (not a collection): every part of an entry passes.
    /// </summary>
    public bool IsJoinedListLookup(IOperation operation, IParameterSymbol? originParameter = null)
        => operation is IInvocationOperation { TargetMethod: { Name: "Contains" or "IndexOf", ContainingType.SpecialType: SpecialType.System_String }, Instance: { } list } invocation
           && invocation.Arguments.Length > 0
           && invocation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String
           && Carries(invocation.Arguments[0].Value, originParameter)
           && !Carries(list, originParameter);

    private static bool IsParseCheck(IMethodSymbol method)
        => method.Name.StartsWith("TryParse", StringComparison.Ordinal) || method.Name is "TryCreate" or "IsWellFormedUriString" or "CheckHostName" or "CheckSchemeName";

    private bool IsPositionLookup(IOperation operation, IParameterSymbol? originParameter)
    {
        if (operation is not IInvocationOperation { TargetMethod.Name: "IndexOf" or "FindIndex" or "BinarySearch" } invocation)
        {
            return false;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (Carries(argument.Value, originParameter))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsLengthOrCount(IOperation operation, IParameterSymbol? originParameter)
        => operation is IPropertyReferenceOperation { Property.Name: "Length" or "Count" } property
           && property.Instance is not null && Carries(property.Instance, originParameter);

    private bool Carries(IOperation? operation, IParameterSymbol? originParameter)
        => _flow.CarriesOrigin(operation, originParameter);

    private static bool IsNullOrEmptyConstant(IOperation? operation)
        => operation is not null && operation.ConstantValue.HasValue && operation.ConstantValue.Value is null or "";

    private static OriginCheck Max(OriginCheck a, OriginCheck b) => a > b ? a : b;

    private static OriginCheck Min(OriginCheck a, OriginCheck b) => a < b ? a : b;
}
