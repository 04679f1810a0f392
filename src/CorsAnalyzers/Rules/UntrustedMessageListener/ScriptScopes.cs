using System;
using System.Collections.Generic;
using Acornima.Ast;

namespace CorsAnalyzers.Rules;

/// <summary>
/// The names of one script and what they hold, enough to follow a handler, a receiver or a list to its value in the
/// same file. A name is looked up in the innermost function (or the script) that declares it around the place it is
/// used; blocks are not scopes here (a <c>let</c> in a block is seen by its whole function), which only matters when
/// one function declares the same name twice. Assignments to a name (<c>handler = function () {…}</c>) add values.
/// </summary>
internal sealed class ScriptScopes
{
    private const int MaxFollow = 4;

    private readonly Dictionary<string, List<Binding>> _bindings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Node>> _assigned = new(StringComparer.Ordinal);
    private readonly Dictionary<Node, Node?> _thisOwners = new();
    private readonly Dictionary<string, Prototype> _prototypes = new(StringComparer.Ordinal);

    private enum BindingKind
    {
        /// <summary>A parameter or a name in a pattern: its value is not known here.</summary>
        Unknown,
        Function,
        Variable,
        Constant,
    }

    private readonly record struct Binding(int Start, int End, Node? Value, BindingKind Kind);

    private sealed class Prototype
    {
        public Prototype(Node node) => Node = node;

        public Node Node { get; }

        public Dictionary<string, Node> Members { get; } = new(StringComparer.Ordinal);
    }

    public void DeclareFunction(string name, Node scope, Node declaration) => Add(name, scope, declaration, BindingKind.Function);

    public void DeclareVariable(string name, Node scope, Node? value, bool constant) => Add(name, scope, value, constant ? BindingKind.Constant : BindingKind.Variable);

    public void DeclareUnknown(string name, Node scope) => Add(name, scope, null, BindingKind.Unknown);

    /// <summary>
    /// The prototype of the constructor <paramref name="type"/> (<c>Widget.prototype</c>): one node per type, the
    /// <c>this</c> of the functions assigned to its members (<c>Widget.prototype.onMessage = function (e) {…}</c>).
    /// </summary>
    public Node PrototypeOf(string type, Node first)
    {
        if (!_prototypes.TryGetValue(type, out var prototype))
        {
            _prototypes[type] = prototype = new Prototype(first);
        }

        return prototype.Node;
    }

    public void AddPrototypeMember(Node prototype, string name, Node value)
    {
        foreach (var entry in _prototypes.Values)
        {
            if (entry.Node == prototype && !entry.Members.ContainsKey(name))
            {
                entry.Members[name] = value;
            }
        }
    }

    public void Assign(string name, Node value)
    {
        if (!_assigned.TryGetValue(name, out var values))
        {
            _assigned[name] = values = new List<Node>(1);
        }

        values.Add(value);
    }

    /// <summary>What <c>this</c> is in <paramref name="function"/>: a class body or an object literal, or null when unknown.</summary>
    public void SetThisOwner(Node function, Node? owner) => _thisOwners[function] = owner;

    public Node? ThisOwnerOf(Node function) => _thisOwners.TryGetValue(function, out var owner) ? owner : null;

    public bool IsDeclared(string name, int position) => Innermost(name, position) is not null;

    /// <summary>The values <paramref name="name"/> may hold at <paramref name="position"/>: empty when it is a parameter or unknown.</summary>
    public List<Node> ValuesOf(string name, int position)
    {
        var values = new List<Node>(1);
        var binding = Innermost(name, position);
        if (binding is { } found)
        {
            if (found.Kind == BindingKind.Unknown)
            {
                return values;
            }

            if (found.Value is not null)
            {
                values.Add(found.Value);
            }

            if (found.Kind == BindingKind.Constant)
            {
                return values;
            }
        }

        if (_assigned.TryGetValue(name, out var assigned))
        {
            values.AddRange(assigned);
        }

        return values;
    }

    /// <summary>The one value of a name (a constant, or a variable given one value only), or null.</summary>
    public Node? SingleValueOf(string name, int position)
    {
        var values = ValuesOf(name, position);
        return values.Count == 1 ? values[0] : null;
    }

    /// <summary>
    /// The function an expression names, followed through names, <c>.bind(…)</c>, members of object literals and
    /// classes (<c>app.onMessage</c>, <c>this.onMessage</c>) and an object's <c>handleEvent</c>; null when it is not
    /// in this file. <paramref name="owner"/> is what <c>this</c> is where the expression stands; the answer's own
    /// <c>this</c> is <paramref name="functionOwner"/>.
    /// </summary>
    public IFunction? ResolveFunction(Node? expression, Node? owner, int position, out Node? functionOwner)
    {
        var bound = 0;
        return Resolve(expression, owner, position, 0, out functionOwner, ref bound);
    }

    /// <summary>As <see cref="ResolveFunction(Node?, Node?, int, out Node?)"/>; <paramref name="boundArguments"/> counts the arguments <c>.bind(this, a, b)</c> fixes before the caller's.</summary>
    public IFunction? ResolveFunction(Node? expression, Node? owner, int position, out Node? functionOwner, out int boundArguments)
    {
        boundArguments = 0;
        return Resolve(expression, owner, position, 0, out functionOwner, ref boundArguments);
    }

    private IFunction? Resolve(Node? expression, Node? owner, int position, int depth, out Node? functionOwner, ref int bound)
    {
        functionOwner = null;
        expression = ScriptNodes.Unwrap(expression);
        if (expression is null || depth > MaxFollow)
        {
            return null;
        }

        switch (expression)
        {
            case ArrowFunctionExpression arrow:
                functionOwner = ThisOwnerOf(arrow);
                return arrow;
            case FunctionExpression or FunctionDeclaration:
                functionOwner = ThisOwnerOf(expression);
                return (IFunction)expression;
            case Identifier identifier:
                foreach (var value in ValuesOf(identifier.Name, position))
                {
                    if (Resolve(value, owner, value.Start, depth + 1, out functionOwner, ref bound) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case ObjectExpression literal:
                return Resolve(MemberOf(literal, "handleEvent"), literal, position, depth + 1, out functionOwner, ref bound);
            case CallExpression { Callee: MemberExpression binding } bindCall when ScriptNodes.NameOf(binding) == "bind":
                bound += Math.Max(0, bindCall.Arguments.Count - 1);
                return Resolve(binding.Object, owner, position, depth + 1, out functionOwner, ref bound);
            case MemberExpression member when ScriptNodes.NameOf(member) is { } name:
                var container = ContainerOf(member.Object, owner, position, depth);
                return container is null ? null : Resolve(MemberOf(container, name), container, position, depth + 1, out functionOwner, ref bound);
            default:
                return null;
        }
    }

    /// <summary>The class body or object literal whose member an expression reads: <c>this</c>, a name holding a literal or <c>new C()</c>.</summary>
    private Node? ContainerOf(Node? expression, Node? owner, int position, int depth)
    {
        expression = ScriptNodes.Unwrap(expression);
        switch (expression)
        {
            case ThisExpression:
                return owner;
            case ObjectExpression literal:
                return literal;
            case ClassDeclaration declared:
                return declared.Body;
            case ClassExpression expressed:
                return expressed.Body;
            case NewExpression { Callee: Identifier type } when depth < MaxFollow:
                return _prototypes.TryGetValue(type.Name, out var prototype) ? prototype.Node : ContainerOf(SingleValueOf(type.Name, position), owner, position, depth + 1);
            case Identifier identifier when depth < MaxFollow:
                foreach (var value in ValuesOf(identifier.Name, position))
                {
                    if (ContainerOf(value, owner, value.Start, depth + 1) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The value of the member <paramref name="name"/> of an object literal, a class body or a prototype.</summary>
    private Node? MemberOf(Node container, string name)
    {
        foreach (var prototype in _prototypes.Values)
        {
            if (prototype.Node == container)
            {
                return prototype.Members.TryGetValue(name, out var member) ? member : null;
            }
        }

        if (container is ObjectExpression literal)
        {
            foreach (var property in literal.Properties)
            {
                if (property is Property { Computed: false } p && ScriptNodes.KeyName(p.Key) == name)
                {
                    return p.Value;
                }
            }

            // A Vue component's methods: this.onMessage is methods.onMessage.
            if (MemberOf(literal, "methods") is ObjectExpression methods && methods != literal)
            {
                return MemberOf(methods, name);
            }
        }
        else if (container is ClassBody body)
        {
            foreach (var element in body.Body)
            {
                if (element is ClassProperty { Computed: false } p && ScriptNodes.KeyName(p.Key) == name)
                {
                    return p.Value;
                }
            }
        }

        return null;
    }

    private void Add(string name, Node scope, Node? value, BindingKind kind)
    {
        if (!_bindings.TryGetValue(name, out var list))
        {
            _bindings[name] = list = new List<Binding>(1);
        }

        list.Add(new Binding(scope.Start, scope.End, value, kind));
    }

    private Binding? Innermost(string name, int position)
    {
        if (!_bindings.TryGetValue(name, out var list))
        {
            return null;
        }

        Binding? best = null;
        foreach (var binding in list)
        {
            if (binding.Start <= position && position <= binding.End && (best is null || binding.End - binding.Start < best.Value.End - best.Value.Start))
            {
                best = binding;
            }
        }

        return best;
    }
}

/// <summary>Small readings of script nodes several parts of CORS013's engine share.</summary>
internal static class ScriptNodes
{
    /// <summary>The expression under parentheses and optional chains.</summary>
    public static Node? Unwrap(Node? node)
    {
        for (var i = 0; i < 16; i++)
        {
            switch (node)
            {
                case ParenthesizedExpression parenthesized:
                    node = parenthesized.Expression;
                    break;
                case ChainExpression chain:
                    node = chain.Expression;
                    break;
                default:
                    return node;
            }
        }

        return node;
    }

    /// <summary>The name a member expression reads: <c>a.name</c> or <c>a["name"]</c>.</summary>
    public static string? NameOf(MemberExpression member)
        => member.Computed ? (member.Property as StringLiteral)?.Value : (member.Property as Identifier)?.Name;

    /// <summary>The name of a property key: an identifier or a string.</summary>
    public static string? KeyName(Node? key)
        => key switch
        {
            Identifier identifier => identifier.Name,
            StringLiteral text => text.Value,
            _ => null,
        };

    /// <summary>The text of a string literal or a template with no substitutions.</summary>
    public static string? TextOf(Node? node)
        => Unwrap(node) switch
        {
            StringLiteral text => text.Value,
            TemplateLiteral { Expressions.Count: 0, Quasis.Count: 1 } template => template.Quasis[0].Value.Cooked,
            _ => null,
        };

    /// <summary>
    /// Every name a binding pattern binds, in source order: a name, the target of a default (<c>a = 1</c>) or a rest
    /// (<c>...rest</c>), and the names inside object and array patterns, to <paramref name="maxDepth"/> levels of nesting.
    /// </summary>
    public static void BoundNames(Node? pattern, ICollection<string> names, int maxDepth)
        => BoundNames(pattern, names, 0, maxDepth);

    private static void BoundNames(Node? pattern, ICollection<string> names, int depth, int maxDepth)
    {
        if (depth > maxDepth)
        {
            return;
        }

        switch (pattern)
        {
            case Identifier identifier:
                names.Add(identifier.Name);
                break;
            case AssignmentPattern withDefault:
                BoundNames(withDefault.Left, names, depth + 1, maxDepth);
                break;
            case RestElement rest:
                BoundNames(rest.Argument, names, depth + 1, maxDepth);
                break;
            case ObjectPattern objectPattern:
                foreach (var property in objectPattern.Properties)
                {
                    BoundNames(property is Property p ? p.Value : property, names, depth + 1, maxDepth);
                }

                break;
            case ArrayPattern arrayPattern:
                foreach (var element in arrayPattern.Elements)
                {
                    BoundNames(element, names, depth + 1, maxDepth);
                }

                break;
        }
    }
}
