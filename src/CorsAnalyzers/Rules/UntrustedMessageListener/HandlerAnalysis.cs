using System;
using System.Collections.Generic;
using System.Threading;
using Acornima.Ast;
using CorsAnalyzers.Knowledge;

namespace CorsAnalyzers.Rules;

/// <summary>
/// Judges one message handler: does it read the message (<c>event.data</c>, a destructured <c>data</c>,
/// <c>e.originalEvent.data</c>, or the event handed to a function of this file that reads it) on a path no exact check
/// of <c>event.origin</c> guards? A path is guarded by the <c>if</c>, <c>&amp;&amp;</c>, <c>?:</c> or
/// <c>switch</c> around the read, or by an earlier <c>if (…) return/throw</c>; what a check is worth is
/// <see cref="Check"/>'s answer (HandlerAnalysis.Checks.cs). A copy into a local (<c>const d = e.data</c>,
/// <c>const { data } = e</c>) is not a read: its uses are. Functions of the file are followed to a bounded depth, each
/// analysed once per role.
/// </summary>
internal sealed partial class HandlerAnalysis
{
    private const int MaxWalkDepth = 200;
    private const int MaxFrames = 3;

    private readonly ScriptScopes _scopes;
    private readonly OriginPatterns _patterns;
    private readonly Func<Node, string>? _written;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<(Node Function, int Parameter, Role Role), Frame?> _frames = new();

    /// <param name="written">How the file writes a node (Razor as written), or null to print it from the tree.</param>
    public HandlerAnalysis(ScriptScopes scopes, OriginPatterns patterns, Func<Node, string>? written, CancellationToken cancellationToken)
    {
        _scopes = scopes;
        _patterns = patterns;
        _written = written;
        _cancellationToken = cancellationToken;
    }

    private enum Role
    {
        /// <summary>The parameter is the message event.</summary>
        Event,

        /// <summary>The parameter is jQuery's event: the message event is its <c>originalEvent</c>.</summary>
        JQueryEvent,

        /// <summary>The parameter is the message's origin (a helper <c>isTrusted(origin)</c>).</summary>
        Origin,
    }

    /// <summary>The reason a handler acts on a message from any origin, or null when every read is guarded exactly; <paramref name="parameter"/> is the event's.</summary>
    public string? Judge(IFunction handler, Node? owner, int parameter, bool jQuery)
    {
        var frame = Analyze(handler, owner, parameter, jQuery ? Role.JQueryEvent : Role.Event, 0);
        return frame?.FirstUnguarded() is { } read ? frame.ReasonFor(read) : null;
    }

    /// <summary>One function analysed with one of its parameters in a role: what it reads, checks and returns.</summary>
    private Frame? Analyze(IFunction function, Node? owner, int parameter, Role role, int depth)
    {
        var node = (Node)function;
        var key = (node, parameter, role);
        if (_frames.TryGetValue(key, out var known))
        {
            // Null while it is being analysed: a recursive call is read as a check we cannot read.
            return known;
        }

        if (depth >= MaxFrames || parameter >= function.Params.Count)
        {
            return null;
        }

        _cancellationToken.ThrowIfCancellationRequested();
        _frames[key] = null;
        var frame = new Frame(node, owner, depth);
        Bind(function.Params[parameter], role, frame, 0);
        CollectAliases(function.Body, frame, 0);
        if (function.Body is FunctionBody body)
        {
            var (end, reachable) = WalkStatements(body.Body, OriginGuard.None, frame, 0);
            frame.Finish(end, reachable);
        }
        else if (function.Body is Expression result)
        {
            Walk(result, OriginGuard.None, frame, 0);
            frame.Returned(result, OriginGuard.None, Eval(result, frame, 0));
            frame.Finish(OriginGuard.None, reachable: false);
        }

        _frames[key] = frame;
        return frame;
    }

    // ------------------------------------------------------------------ roles and aliases

    private static void Bind(Node? parameter, Role role, Frame frame, int depth)
    {
        if (depth > 8)
        {
            return;
        }

        switch (parameter)
        {
            case AssignmentPattern withDefault:
                Bind(withDefault.Left, role, frame, depth + 1);
                break;
            case Identifier identifier:
                (role switch { Role.Event => frame.Events, Role.JQueryEvent => frame.JQueryEvents, _ => frame.Origins }).Add(identifier.Name);
                break;
            case ObjectPattern pattern when role != Role.Origin:
                BindEventPattern(pattern, role, frame, depth);
                break;
        }
    }

    /// <summary><c>{ data, origin, source }</c> of the event, or <c>{ originalEvent }</c> of jQuery's.</summary>
    private static void BindEventPattern(ObjectPattern pattern, Role role, Frame frame, int depth)
    {
        foreach (var property in pattern.Properties)
        {
            if (property is not Property { Computed: false } p)
            {
                continue;
            }

            var value = p.Value is AssignmentPattern withDefault ? withDefault.Left : p.Value;
            switch (ScriptNodes.KeyName(p.Key))
            {
                case "originalEvent":
                    Bind(value, Role.Event, frame, depth + 1);
                    break;
                case "data" when role == Role.Event:
                    // Every name the pattern binds: reading any of them reads the message.
                    ScriptNodes.BoundNames(value, frame.Data, maxDepth: 8);
                    break;
                case "origin" when role == Role.Event && value is Identifier origin:
                    frame.Origins.Add(origin.Name);
                    break;
                case "source" when role == Role.Event && value is Identifier source:
                    frame.Sources.Add(source.Name);
                    break;
            }
        }
    }

    /// <summary>Locals that copy the event, its data, its origin, its source or a URL of its origin, in source order.</summary>
    private void CollectAliases(Node? node, Frame frame, int depth)
    {
        if (node is null || depth > MaxWalkDepth)
        {
            return;
        }

        if (node is VariableDeclarator { Init: { } init } declarator)
        {
            switch (declarator.Id)
            {
                case Identifier name:
                    if (IsDataRead(init, frame))
                    {
                        frame.Data.Add(name.Name);
                        frame.Copies.Add(declarator);
                    }
                    else if (IsOrigin(init, frame))
                    {
                        frame.Origins.Add(name.Name);
                    }
                    else if (IsEvent(init, frame))
                    {
                        frame.Events.Add(name.Name);
                    }
                    else if (IsOriginUrl(init, frame))
                    {
                        frame.Urls.Add(name.Name);
                    }
                    else if (IsSource(init, frame))
                    {
                        frame.Sources.Add(name.Name);
                    }

                    if (!frame.Locals.ContainsKey(name.Name))
                    {
                        frame.Locals[name.Name] = init;
                    }

                    break;
                case ObjectPattern pattern when IsEvent(init, frame) || IsJQueryEvent(init, frame):
                    BindEventPattern(pattern, IsEvent(init, frame) ? Role.Event : Role.JQueryEvent, frame, 0);
                    frame.Copies.Add(declarator);
                    break;
            }
        }

        foreach (var child in node.ChildNodes)
        {
            CollectAliases(child, frame, depth + 1);
        }
    }

    // ------------------------------------------------------------------ the walk

    private void Walk(Node? node, OriginGuard guard, Frame frame, int depth)
    {
        if (node is null || depth > MaxWalkDepth)
        {
            return;
        }

        switch (node)
        {
            case IfStatement statement:
                var facts = Test(statement.Test, frame);
                var leaving = statement.Alternate is null && Exits(statement.Consequent, 0);
                frame.Deciding += leaving ? 1 : 0;
                Walk(statement.Test, OriginGuard.Either(guard, DecidingGuard(statement, facts)), frame, depth + 1);
                frame.Deciding -= leaving ? 1 : 0;
                Walk(statement.Consequent, OriginGuard.Either(guard, facts.WhenTrue), frame, depth + 1);
                Walk(statement.Alternate, OriginGuard.Either(guard, facts.WhenFalse), frame, depth + 1);
                return;
            case ConditionalExpression conditional:
                var condition = Test(conditional.Test, frame);
                Walk(conditional.Test, guard, frame, depth + 1);
                Walk(conditional.Consequent, OriginGuard.Either(guard, condition.WhenTrue), frame, depth + 1);
                Walk(conditional.Alternate, OriginGuard.Either(guard, condition.WhenFalse), frame, depth + 1);
                return;
            case LogicalExpression logical:
                Walk(logical.Left, guard, frame, depth + 1);
                var left = logical.Operator is Acornima.Operator.LogicalAnd or Acornima.Operator.LogicalOr ? Test(logical.Left, frame) : ConditionFacts.Nothing;
                var right = logical.Operator switch
                {
                    Acornima.Operator.LogicalAnd => OriginGuard.Either(guard, left.WhenTrue),
                    Acornima.Operator.LogicalOr => OriginGuard.Either(guard, left.WhenFalse),
                    _ => guard,
                };
                Walk(logical.Right, right, frame, depth + 1);
                return;
            case BlockStatement block:
                WalkStatements(block.Body, guard, frame, depth + 1);
                return;
            case SwitchStatement switchStatement:
                WalkSwitch(switchStatement, guard, frame, depth);
                return;
            case ReturnStatement returned:
                Walk(returned.Argument, guard, frame, depth + 1);
                if (frame.NestedFunctions == 0)
                {
                    frame.Returned(returned.Argument, guard, returned.Argument is null ? ConditionFacts.Nothing : Eval(returned.Argument, frame, 0));
                }

                return;
            case MemberExpression member:
                if (IsDataRead(member, frame))
                {
                    if (frame.Deciding == 0)
                    {
                        frame.Read(member.Start, Code(member), guard);
                    }

                    return;
                }

                Walk(member.Object, guard, frame, depth + 1);
                if (member.Computed)
                {
                    Walk(member.Property, guard, frame, depth + 1);
                }

                return;
            case Identifier identifier:
                if (frame.Data.Contains(identifier.Name) && frame.Deciding == 0)
                {
                    frame.Read(identifier.Start, identifier.Name, guard);
                }

                return;
            case VariableDeclarator declarator:
                if (!frame.Copies.Contains(declarator))
                {
                    Walk(declarator.Init, guard, frame, depth + 1);
                }

                return;
            case Property property:
                if (property.Computed)
                {
                    Walk(property.Key, guard, frame, depth + 1);
                }

                Walk(property.Value, guard, frame, depth + 1);
                return;
            case ClassProperty classProperty:
                if (classProperty.Computed)
                {
                    Walk(classProperty.Key, guard, frame, depth + 1);
                }

                Walk(classProperty.Value, guard, frame, depth + 1);
                return;
            case CallExpression call:
                // A call in a test that leads out still hands the message to code: it acts.
                var deciding = frame.Deciding;
                frame.Deciding = 0;
                Walk(call.Callee, guard, frame, depth + 1);
                foreach (var argument in call.Arguments)
                {
                    Walk(argument, guard, frame, depth + 1);
                }

                PassesEvent(call, guard, frame);
                frame.Deciding = deciding;
                return;
            case IFunction function:
                // A callback made on this path runs with what is known on it; its own returns are not ours.
                frame.NestedFunctions++;
                Walk(function.Body, guard, frame, depth + 1);
                frame.NestedFunctions--;
                return;
            case LabeledStatement labeled:
                Walk(labeled.Body, guard, frame, depth + 1);
                return;
            case BreakStatement or ContinueStatement:
                return;
        }

        foreach (var child in node.ChildNodes)
        {
            Walk(child, guard, frame, depth + 1);
        }
    }

    /// <summary>
    /// What is known where the test of an <c>if</c> is read: reading the message only to decide is not acting on it when
    /// the one way on is guarded (<c>if (e.data.type === "x" &amp;&amp; e.origin === A) {…}</c>). (A test whose only
    /// branch leaves, <c>if (!e.data) return;</c>, reads nothing at all unless it calls something: see Frame.Deciding.)
    /// </summary>
    private static OriginGuard DecidingGuard(IfStatement statement, ConditionFacts facts)
    {
        if (statement.Alternate is not null)
        {
            return OriginGuard.None;
        }

        return Exits(statement.Consequent, 0) ? facts.WhenFalse : facts.WhenTrue;
    }

    /// <summary>Statements in order; an <c>if</c> that leaves the function guards what follows it. Answers what is known at the end, and whether the end is reached.</summary>
    private (OriginGuard End, bool Reachable) WalkStatements(in NodeList<Statement> statements, OriginGuard guard, Frame frame, int depth)
    {
        var current = guard;
        foreach (var statement in statements)
        {
            Walk(statement, current, frame, depth + 1);
            switch (statement)
            {
                case IfStatement conditional:
                    var thenExits = Exits(conditional.Consequent, 0);
                    var elseExits = conditional.Alternate is not null && Exits(conditional.Alternate, 0);
                    if (thenExits && elseExits)
                    {
                        return (current, false);
                    }

                    var facts = Test(conditional.Test, frame);
                    current = thenExits ? OriginGuard.Either(current, facts.WhenFalse)
                        : elseExits ? OriginGuard.Either(current, facts.WhenTrue)
                        : current;
                    break;
                case ExpressionStatement { Expression: var expression } when Unwrap(expression) is CallExpression call:
                    current = OriginGuard.Either(current, Asserted(call, frame));
                    break;
                default:
                    if (Exits(statement, 0))
                    {
                        return (current, false);
                    }

                    break;
            }
        }

        return (current, true);
    }

    /// <summary><c>switch (e.origin)</c>: a case of a full origin guards its statements (and those it falls into).</summary>
    private void WalkSwitch(SwitchStatement statement, OriginGuard guard, Frame frame, int depth)
    {
        Walk(statement.Discriminant, guard, frame, depth + 1);
        var onOrigin = IsOrigin(statement.Discriminant, frame);
        var onTrue = Unwrap(statement.Discriminant) is BooleanLiteral { Value: true };
        if (onOrigin)
        {
            frame.Checked(statement.Discriminant.Start);
        }

        OriginGuard? fallingIn = null;
        foreach (var clause in statement.Cases)
        {
            var caseGuard = clause.Test is null ? OriginGuard.None
                : onOrigin ? EqualityGuard(clause.Test, $"case {Code(clause.Test)}", frame)
                : onTrue ? Test(clause.Test, frame).WhenTrue
                : OriginGuard.None;
            var entered = fallingIn is { } previous ? OriginGuard.Both(previous, caseGuard) : caseGuard;
            var inside = OriginGuard.Either(guard, entered);
            var (_, reachable) = WalkStatements(clause.Consequent, inside, frame, depth + 1);
            fallingIn = reachable && !(clause.Consequent.Count > 0 && clause.Consequent[clause.Consequent.Count - 1] is BreakStatement) ? entered : null;
        }
    }

    /// <summary>A statement that never completes normally: <c>return</c>, <c>throw</c>, a block ending in one, an <c>if</c> whose branches both do.</summary>
    private static bool Exits(Node? statement, int depth)
    {
        if (depth > 16)
        {
            return false;
        }

        switch (statement)
        {
            case ReturnStatement or ThrowStatement:
                return true;
            case BlockStatement block:
                foreach (var inner in block.Body)
                {
                    if (Exits(inner, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            case IfStatement conditional:
                return conditional.Alternate is not null && Exits(conditional.Consequent, depth + 1) && Exits(conditional.Alternate, depth + 1);
            default:
                return false;
        }
    }

    /// <summary>The event handed to a function of this file (<c>handle(e)</c>, <c>this.handle(e)</c>): its reads are reads here.</summary>
    private void PassesEvent(CallExpression call, OriginGuard guard, Frame frame)
    {
        if (guard.Level == GuardLevel.Exact)
        {
            return;
        }

        for (var i = 0; i < call.Arguments.Count; i++)
        {
            var argument = call.Arguments[i];
            var role = IsEvent(argument, frame) ? Role.Event : IsJQueryEvent(argument, frame) ? Role.JQueryEvent : (Role?)null;
            if (role is null || _scopes.ResolveFunction(call.Callee, frame.Owner, call.Start, out var owner) is not { } callee)
            {
                continue;
            }

            if (Analyze(callee, owner, i, role.Value, frame.Depth + 1) is not { } inner)
            {
                continue;
            }

            if (inner.HasCheck)
            {
                frame.Checked(call.Start);
            }

            if (inner.FirstUnguarded() is { } read)
            {
                // A weak check here names what gets through; else the callee's own weak check; else its own words.
                var combined = guard.Level == GuardLevel.Weak ? guard : read.Guard;
                frame.Read(call.Start, read.Code, combined, combined.Level == GuardLevel.None && inner.HasCheck ? inner.ReasonFor(read) : null);
            }

            return;
        }
    }

    /// <summary>A call as a statement to a function of this file that returns or throws unless the origin is exact (<c>assertOrigin(e)</c>).</summary>
    private OriginGuard Asserted(CallExpression call, Frame frame)
    {
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            var argument = call.Arguments[i];
            var role = IsEvent(argument, frame) ? Role.Event : IsOrigin(argument, frame) ? Role.Origin : (Role?)null;
            if (role is not null
                && _scopes.ResolveFunction(call.Callee, frame.Owner, call.Start, out var owner) is { } callee
                && Analyze(callee, owner, i, role.Value, frame.Depth + 1) is { } inner
                && inner.Completion.Level == GuardLevel.Exact)
            {
                frame.Checked(call.Start);
                return OriginGuard.Exact;
            }
        }

        return OriginGuard.None;
    }

    /// <summary>The code of a node for a message: as the file writes it when that is known, on one line.</summary>
    private string Code(Node node) => _written is null ? ScriptCode.Of(node) : ScriptCode.OneLine(_written(node));

    private static Node? Unwrap(Node? node)
    {
        node = ScriptNodes.Unwrap(node);
        return node is AwaitExpression awaited ? ScriptNodes.Unwrap(awaited.Argument) : node;
    }
}
