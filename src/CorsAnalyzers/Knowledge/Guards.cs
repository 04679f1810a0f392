using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>What kind of fact a <see cref="Guard"/> is.</summary>
internal enum GuardKind
{
    /// <summary>The code runs only when <see cref="Guard.Condition"/> is <see cref="Guard.WhenTrue"/> (an <c>if</c>, <c>?:</c>, <c>&amp;&amp;</c>, <c>||</c>, or an early exit before it).</summary>
    Condition,

    /// <summary>The code is in a case of a <c>switch</c> statement: it runs only when one of <see cref="Guard.Case"/>'s labels matches.</summary>
    SwitchCase,

    /// <summary>The code is the value of an arm of a <c>switch</c> expression: it runs only when <see cref="Guard.SwitchArm"/>'s pattern matches.</summary>
    SwitchArm,

    /// <summary>The code may or may not run, on no condition that can be read: a loop body, <c>?.</c>, <c>??</c>, a <c>catch</c>.</summary>
    MayNotRun,

    /// <summary>The code is inside a lambda or local function (<see cref="Guard.Branch"/>), which runs when it is called.</summary>
    Function,
}

/// <summary>One fact that must hold for a piece of code to run, found by <see cref="Guards.Of"/>.</summary>
internal readonly struct Guard
{
    private Guard(GuardKind kind, IOperation branch, int arm, IOperation? condition, bool whenTrue)
    {
        Kind = kind;
        Branch = branch;
        Arm = arm;
        Condition = condition;
        WhenTrue = whenTrue;
    }

    public GuardKind Kind { get; }

    /// <summary>The operation that branches (an <c>if</c>, a <c>switch</c>, a loop, ...): code in different arms of one branch never runs together.</summary>
    public IOperation Branch { get; }

    /// <summary>Which way <see cref="Branch"/> goes for the code to run (0: the true arm, or the first case; 1: the false arm).</summary>
    public int Arm { get; }

    /// <summary>For <see cref="GuardKind.Condition"/>: the condition.</summary>
    public IOperation? Condition { get; }

    /// <summary>For <see cref="GuardKind.Condition"/>: the value the condition has when the code runs.</summary>
    public bool WhenTrue { get; }

    public ISwitchCaseOperation? Case => Branch is ISwitchOperation @switch && Arm < @switch.Cases.Length ? @switch.Cases[Arm] : null;

    public ISwitchExpressionArmOperation? SwitchArm => Branch is ISwitchExpressionOperation expression && Arm < expression.Arms.Length ? expression.Arms[Arm] : null;

    /// <summary>For <see cref="GuardKind.Function"/>: the lambda or local function.</summary>
    public IMethodSymbol? Function => Branch.CallableSymbol();

    /// <summary>The value a <c>switch</c> statement or expression tests.</summary>
    public IOperation? SwitchValue => Branch switch
    {
        ISwitchOperation @switch => @switch.Value,
        ISwitchExpressionOperation expression => expression.Value,
        _ => null,
    };

    internal static Guard When(IOperation branch, int arm, IOperation condition, bool whenTrue) => new(GuardKind.Condition, branch, arm, condition, whenTrue);

    internal static Guard Of(GuardKind kind, IOperation branch, int arm) => new(kind, branch, arm, null, false);
}

/// <summary>
/// The one guard walker: every condition, early exit, <c>switch</c> case and arm, and may-not-run region on the way from a
/// piece of code up to the root of its body. Each question about guards (how strongly the origin is checked on the way to
/// a header write, which tests accept "null" on the way, which policy steps can run together) reads these facts; none
/// walks the tree itself. Also the one rule for reading another method's body, and the one depth limit.
/// </summary>
internal static class Guards
{
    /// <summary>
    /// How deep any reading goes: nested conditions, values through <c>??</c>/<c>?:</c>, locals, validators and helpers
    /// of ours. Real code rarely needs three; deeper chains are treated as unknown (which every caller reads as "no
    /// finding").
    /// </summary>
    public const int MaxDepth = 8;

    /// <summary>The facts that must hold for <paramref name="operation"/> to run, innermost first.</summary>
    public static IEnumerable<Guard> Of(IOperation operation)
    {
        var child = operation;
        for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when child == conditional.WhenTrue:
                    yield return Guard.When(conditional, 0, conditional.Condition, true);
                    break;
                case IConditionalOperation conditional when child == conditional.WhenFalse:
                    yield return Guard.When(conditional, 1, conditional.Condition, false);
                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } andAlso when child == andAlso.RightOperand:
                    yield return Guard.When(andAlso, 0, andAlso.LeftOperand, true);
                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } orElse when child == orElse.RightOperand:
                    yield return Guard.When(orElse, 0, orElse.LeftOperand, false);
                    break;
                case IBlockOperation block:
                    foreach (var statement in block.Operations)
                    {
                        if (statement == child)
                        {
                            break;
                        }

                        // if (!ok) return; ...   if (ok) { } else { return; } ...: the code after runs only the other way.
                        if (statement is IConditionalOperation exit)
                        {
                            var trueExits = AlwaysExits(exit.WhenTrue);
                            var falseExits = exit.WhenFalse is not null && AlwaysExits(exit.WhenFalse);
                            if (trueExits && !falseExits)
                            {
                                yield return Guard.When(exit, 1, exit.Condition, false);
                            }
                            else if (falseExits && !trueExits)
                            {
                                yield return Guard.When(exit, 0, exit.Condition, true);
                            }
                        }
                    }

                    break;
                case ISwitchCaseOperation switchCase when switchCase.Parent is ISwitchOperation @switch:
                    yield return Guard.Of(GuardKind.SwitchCase, @switch, @switch.Cases.IndexOf(switchCase));
                    break;
                case ISwitchExpressionArmOperation arm when child == arm.Value && arm.Parent is ISwitchExpressionOperation expression:
                    yield return Guard.Of(GuardKind.SwitchArm, expression, expression.Arms.IndexOf(arm));
                    break;
                case ILoopOperation loop when child == loop.Body:
                case IConditionalAccessOperation access when child == access.WhenNotNull:
                case ICoalesceOperation coalesce when child == coalesce.WhenNull:
                case ICatchClauseOperation:
                    yield return Guard.Of(GuardKind.MayNotRun, parent, 0);
                    break;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    yield return Guard.Of(GuardKind.Function, parent, 0);
                    break;
            }
        }
    }

    /// <summary>A statement after which control never reaches the next one: <c>return</c>, <c>throw</c>, <c>break</c>, <c>continue</c>, <c>goto</c>, or a block ending in one.</summary>
    public static bool AlwaysExits(IOperation? operation)
        => operation switch
        {
            IReturnOperation or IThrowOperation or IBranchOperation => true,
            IExpressionStatementOperation { Operation: IThrowOperation } => true,
            IBlockOperation block => block.Operations.Length > 0 && AlwaysExits(block.Operations[block.Operations.Length - 1]),
            _ => false,
        };

    /// <summary>
    /// The one rule for reading the body of a method, local function or accessor of ours: only when it is declared once,
    /// in the file being analysed (an analyzer may not ask for another file's semantic model; RS1030). A body elsewhere
    /// is unknown, and every caller treats unknown as "no finding".
    /// </summary>
    /// <summary>
    /// The calls of <paramref name="method"/> in the file of <paramref name="model"/> (the same rule: another file's calls
    /// are not read). Found by a search of the file's text for the name (<see cref="NameSearch"/>), so a file that never
    /// names the method costs one search.
    /// </summary>
    public static IEnumerable<IInvocationOperation> CallsInFile(IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken = default)
    {
        var definition = method.OriginalDefinition;
        foreach (var name in NameSearch.IdentifierNames(model.SyntaxTree.GetRoot(cancellationToken), method.Name) ?? new List<Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax>())
        {
            SyntaxNode callee = name.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            if (callee.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax invocation && invocation.Expression == callee
                && model.GetOperation(invocation, cancellationToken) is IInvocationOperation call
                && SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, definition))
            {
                yield return call;
            }
        }
    }

    public static IOperation? BodyOf(IMethodSymbol method, SemanticModel? model, CancellationToken cancellationToken = default)
    {
        var definition = method.OriginalDefinition;
        if (model is null || definition.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var reference = definition.DeclaringSyntaxReferences[0];
        return reference.SyntaxTree == model.SyntaxTree ? model.GetOperation(reference.GetSyntax(cancellationToken), cancellationToken) : null;
    }
}
