using System;
using System.Collections.Generic;
using System.Threading;
using Acornima.Ast;
using CorsAnalyzers.Knowledge;

namespace CorsAnalyzers.Rules;

/// <summary>One <c>postMessage</c> call to another window with the target origin <c>"*"</c> and a message that carries data.</summary>
internal readonly struct AnyOriginPost
{
    public AnyOriginPost(CallExpression call, MemberExpression callee, Node target)
    {
        Call = call;
        Callee = callee;
        Target = target;
    }

    public CallExpression Call { get; }

    /// <summary>The <c>x.postMessage</c> called.</summary>
    public MemberExpression Callee { get; }

    /// <summary>The <c>"*"</c>: the second argument, or the <c>targetOrigin</c> property's value.</summary>
    public Node Target { get; }

    public Expression Message => Call.Arguments[0];
}

/// <summary>
/// CORS014's engine: the <c>postMessage(message, "*")</c> calls of one script (also <c>{ targetOrigin: "*" }</c>) whose
/// receiver is another window and whose message is more than constants.
/// </summary>
/// <remarks>
/// <para>Receivers that take no target origin are not windows: a <c>MessagePort</c>, a <c>Worker</c>, a service worker, a
/// <c>BroadcastChannel</c> (named so: <c>port</c>, <c>port1</c>, <c>channel.port2</c>, <c>worker</c>, <c>myWorker</c>,
/// <c>navigator.serviceWorker.controller</c>, or a name bound to <c>new Worker(...)</c>, <c>new MessageChannel()</c>...).
/// Nor is the script's own global (<c>window</c>, <c>self</c>, <c>globalThis</c>, a bare <c>postMessage(...)</c>): a page
/// posting to itself, or a worker to its owner, gives the message to no other origin.</para>
/// <para>Constant: literals, and arrays, objects, templates and operators made of them, <c>undefined</c>, and a name
/// declared once, <c>const</c>, with such a value. A string that holds Razor (<c>"@Model.Token"</c>) is a value the server
/// renders, not a constant.</para>
/// </remarks>
internal static class PostMessages
{
    private const int MaxConstantDepth = 8;

    public static List<AnyOriginPost> Find(ScriptFile file, Program program, CancellationToken cancellationToken)
    {
        List<CallExpression>? calls = null;
        var bindings = new Bindings();
        var stack = new Stack<Node>();
        stack.Push(program);
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var node = stack.Pop();
            switch (node)
            {
                case CallExpression { Callee: MemberExpression callee } call when call.Arguments.Count >= 2 && PropertyName(callee) == "postMessage":
                    (calls ??= new List<CallExpression>()).Add(call);
                    break;
                case VariableDeclaration declaration:
                    foreach (var declarator in declaration.Declarations)
                    {
                        if (declarator.Id is Identifier id)
                        {
                            bindings.Declare(id.Name, declarator.Init, isConst: declaration.Kind == VariableDeclarationKind.Const);
                        }
                    }

                    break;
                case AssignmentExpression { Left: Identifier id } assignment:
                    bindings.Assign(id.Name, assignment.Right);
                    break;
                case AssignmentExpression { Left: MemberExpression member } assignment when PropertyName(member) is { } property:
                    bindings.Assign(property, assignment.Right);
                    break;
                case IFunction function:
                    if (function.Id is { } name)
                    {
                        bindings.Declare(name.Name, init: null, isConst: false);
                    }

                    foreach (var parameter in function.Params)
                    {
                        if (parameter is Identifier p)
                        {
                            bindings.Declare(p.Name, init: null, isConst: false);
                        }
                    }

                    break;
            }

            foreach (var child in node.ChildNodes)
            {
                stack.Push(child);
            }
        }

        var found = new List<AnyOriginPost>();
        if (calls is null)
        {
            return found;
        }

        foreach (var call in calls)
        {
            var callee = (MemberExpression)call.Callee;
            if (AnyOriginTarget(call.Arguments[1], bindings) is { } target
                && IsOtherWindow(callee.Object, bindings)
                && !IsConstant(call.Arguments[0], file, bindings, 0))
            {
                found.Add(new AnyOriginPost(call, callee, target));
            }
        }

        found.Sort((a, b) => a.Call.Start.CompareTo(b.Call.Start));
        return found;
    }

    /// <summary>The <c>"*"</c> of <c>"*"</c>, <c>`*`</c>, a const bound to it, or <c>{ targetOrigin: "*" }</c>.</summary>
    private static Node? AnyOriginTarget(Expression argument, Bindings bindings)
    {
        if (IsStar(argument, bindings))
        {
            return argument;
        }

        if (argument is ObjectExpression options)
        {
            foreach (var property in options.Properties)
            {
                if (property is Property { Computed: false, Value: Expression value } p && KeyName(p.Key) == "targetOrigin" && IsStar(value, bindings))
                {
                    return value;
                }
            }
        }

        return null;
    }

    private static bool IsStar(Expression expression, Bindings bindings)
        => expression switch
        {
            StringLiteral literal => literal.Value == "*",
            TemplateLiteral { Expressions.Count: 0 } template => template.Quasis.Count == 1 && template.Quasis[0].Value.Cooked == "*",
            Identifier id => bindings.ConstantValue(id.Name) is { } value && value != id && IsStar(value, bindings),
            _ => false,
        };

    /// <summary>Whether the receiver may be a window of another page (see the class remarks for what is not).</summary>
    private static bool IsOtherWindow(Expression receiver, Bindings bindings)
    {
        switch (receiver)
        {
            case Identifier { Name: "window" or "self" or "globalThis" }:
            case ThisExpression:
                return false;
            case NewExpression created:
                return !IsChannelConstructor(created);
        }

        // A name that says port, worker or channel, anywhere along the receiver (this.worker, channel.port1, navigator.serviceWorker.controller).
        for (var part = receiver; part is not null; part = (part as MemberExpression)?.Object)
        {
            var name = part switch
            {
                Identifier id => id.Name,
                MemberExpression member => PropertyName(member),
                _ => null,
            };
            if (name is not null && (IsChannelName(name) || bindings.IsBoundToChannel(name)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsChannelName(string name)
        => name.EndsWith("port", StringComparison.OrdinalIgnoreCase)
           || name.Equals("port1", StringComparison.OrdinalIgnoreCase)
           || name.Equals("port2", StringComparison.OrdinalIgnoreCase)
           || name.IndexOf("worker", StringComparison.OrdinalIgnoreCase) >= 0
           || name.EndsWith("channel", StringComparison.OrdinalIgnoreCase);

    private static bool IsChannelConstructor(Expression? value)
        => value is NewExpression { Callee: Identifier { Name: "Worker" or "SharedWorker" or "MessageChannel" or "BroadcastChannel" } };

    /// <summary>Whether <paramref name="expression"/> is made of constants only (see the class remarks).</summary>
    private static bool IsConstant(Node? expression, ScriptFile file, Bindings bindings, int depth)
    {
        if (depth > MaxConstantDepth)
        {
            return false;
        }

        depth++;
        switch (expression)
        {
            case null:
                return true;
            case StringLiteral literal:
                return !file.HoldsRazor(literal);
            case Literal:
                return true;
            case TemplateLiteral template:
                if (file.HoldsRazor(template))
                {
                    return false;
                }

                foreach (var part in template.Expressions)
                {
                    if (!IsConstant(part, file, bindings, depth))
                    {
                        return false;
                    }
                }

                return true;
            case ArrayExpression array:
                foreach (var element in array.Elements)
                {
                    if (!IsConstant(element, file, bindings, depth))
                    {
                        return false;
                    }
                }

                return true;
            case ObjectExpression obj:
                foreach (var property in obj.Properties)
                {
                    var constant = property switch
                    {
                        Property { Method: false, Kind: PropertyKind.Init } p => (!p.Computed || IsConstant(p.Key, file, bindings, depth)) && IsConstant(p.Value, file, bindings, depth),
                        SpreadElement spread => IsConstant(spread.Argument, file, bindings, depth),
                        _ => false,
                    };
                    if (!constant)
                    {
                        return false;
                    }
                }

                return true;
            case SpreadElement spread:
                return IsConstant(spread.Argument, file, bindings, depth);
            case UnaryExpression { Operator: not Acornima.Operator.Delete } unary:
                return IsConstant(unary.Argument, file, bindings, depth);
            case BinaryExpression binary:
                return IsConstant(binary.Left, file, bindings, depth) && IsConstant(binary.Right, file, bindings, depth);
            case ConditionalExpression conditional:
                return IsConstant(conditional.Test, file, bindings, depth) && IsConstant(conditional.Consequent, file, bindings, depth) && IsConstant(conditional.Alternate, file, bindings, depth);
            case SequenceExpression sequence:
                foreach (var part in sequence.Expressions)
                {
                    if (!IsConstant(part, file, bindings, depth))
                    {
                        return false;
                    }
                }

                return true;
            case Identifier { Name: "undefined" or "NaN" or "Infinity" }:
                return true;
            case Identifier id:
                return bindings.ConstantValue(id.Name) is { } value && IsConstant(value, file, bindings, depth);
            default:
                return false;
        }
    }

    public static string? PropertyName(MemberExpression member)
        => member.Property switch
        {
            Identifier id when !member.Computed => id.Name,
            StringLiteral literal when member.Computed => literal.Value,
            _ => null,
        };

    private static string? KeyName(Node key)
        => key switch
        {
            Identifier id => id.Name,
            StringLiteral literal => literal.Value,
            _ => null,
        };

    /// <summary>The names a script declares and assigns, enough to trust a <c>const</c> and to know a channel when it sees one.</summary>
    private sealed class Bindings
    {
        private readonly Dictionary<string, (Expression? Value, bool IsConst, int Count)> _declared = new(StringComparer.Ordinal);
        private HashSet<string>? _channels;

        public void Declare(string name, Expression? init, bool isConst)
        {
            _declared[name] = _declared.TryGetValue(name, out var known) ? (null, false, known.Count + 1) : (init, isConst, 1);
            Assign(name, init);
        }

        public void Assign(string name, Expression? value)
        {
            if (IsChannelConstructor(value) || value is MemberExpression { Property: Identifier { Name: "port" or "port1" or "port2" } })
            {
                (_channels ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
            }
        }

        public bool IsBoundToChannel(string name) => _channels is not null && _channels.Contains(name);

        /// <summary>The value of a name declared once, <c>const</c>; otherwise null.</summary>
        public Expression? ConstantValue(string name)
            => _declared.TryGetValue(name, out var known) && known.Count == 1 && known.IsConst ? known.Value : null;
    }
}
