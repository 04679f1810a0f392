using System;
using System.Collections.Generic;
using System.Threading;
using Acornima.Ast;
using CorsAnalyzers.Knowledge;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS013's engine: the window <c>message</c> listeners of one parsed script that act on a message no exact check of
/// its origin guards. A listener is <c>addEventListener("message", h)</c>, <c>onmessage = h</c>,
/// <c>attachEvent("onmessage", h)</c> on the window (<c>window</c>, and <c>self</c>, <c>globalThis</c> or the bare
/// global outside a worker), or jQuery's <c>$(window).on("message", h)</c>; any other receiver (a WebSocket, a worker, a
/// port, a channel, an event source, an object we cannot name) carries no cross-window origin, or may not, and is left
/// alone. The handler is followed to its function in this file and judged by <see cref="HandlerAnalysis"/>.
/// </summary>
internal static partial class MessageListeners
{
    private const int MaxDepth = 500;

    private static readonly OriginPatterns s_defaultPatterns = new(Array.Empty<string>(), reportSubdomainWildcards: false);

    /// <summary>A cheap test on a script's text before parsing it: a script without the word "message" has no listener.</summary>
    public static bool MayHaveListeners(string text) => text.IndexOf("message", StringComparison.Ordinal) >= 0;

    /// <summary>The listeners of <paramref name="program"/> that trust any origin, in source order.</summary>
    public static IReadOnlyList<ListenerFinding> Find(Program program, CancellationToken cancellationToken)
        => Find(program, inPage: false, s_defaultPatterns, written: null, cancellationToken);

    /// <summary>
    /// The listeners of <paramref name="program"/> that trust any origin, in source order. <paramref name="inPage"/>:
    /// the script is a page's own (a <c>&lt;script&gt;</c> block of a .cshtml, .razor or .html file), never a worker;
    /// otherwise a script that calls <c>importScripts</c>, acts as a service or shared worker, or never touches
    /// <c>window</c>/<c>document</c> is read as a worker, whose <c>self.onmessage</c> hears only its own page.
    /// <paramref name="patterns"/> judges inexact matches as CORS003 does (its options for the file).
    /// <paramref name="written"/>, when given, is how the file writes a node (<c>ScriptFile.TextOf</c>: Razor as written):
    /// the code in reasons is quoted from it, and a literal written differently from how it was parsed holds a value the
    /// server renders (<c>"@Model.Domain"</c>), unknown here; without it, code is printed from the tree.
    /// </summary>
    public static IReadOnlyList<ListenerFinding> Find(Program program, bool inPage, OriginPatterns patterns, Func<Node, string>? written, CancellationToken cancellationToken)
    {
        if (program is null || !MentionsMessage(program, 0))
        {
            return Array.Empty<ListenerFinding>();
        }

        var walker = new FileWalker();
        walker.Visit(program, program, null, 0);
        cancellationToken.ThrowIfCancellationRequested();

        walker.AddWrappedRegistrations();
        var isWorker = !inPage && (walker.WorkerSignal || !walker.PageSignal);
        var analysis = new HandlerAnalysis(walker.Scopes, patterns, written, cancellationToken);
        List<ListenerFinding>? findings = null;
        foreach (var registration in walker.Registrations)
        {
            var receiver = registration.IsJQuery ? JQueryReceiver(walker.Scopes, registration.Receiver, registration.Position) : Receiver(walker.Scopes, registration, 0);
            if (receiver == ReceiverKind.Other || (receiver == ReceiverKind.Global && isWorker))
            {
                continue;
            }

            // handler.bind(null, options): the event comes after the bound arguments.
            var handler = walker.Scopes.ResolveFunction(registration.Handler, registration.Owner, registration.Position, out var owner, out var bound);
            if (handler is null || handler.Params.Count <= bound || analysis.Judge(handler, owner, bound, registration.IsJQuery) is not { } reason)
            {
                continue;
            }

            var place = handler.Params[bound] is AssignmentPattern withDefault ? withDefault.Left : handler.Params[bound];
            findings ??= new List<ListenerFinding>();
            if (!findings.Exists(f => f.Start == place.Start && f.End == place.End))
            {
                findings.Add(new ListenerFinding(place.Start, place.End, reason));
            }
        }

        if (findings is null)
        {
            return Array.Empty<ListenerFinding>();
        }

        findings.Sort((a, b) => a.Start.CompareTo(b.Start));
        return findings;
    }

    /// <summary>
    /// A first look that allocates nothing: a string that names the event ("message", "onmessage", jQuery's
    /// "message.app" or "load message") or the name <c>onmessage</c> somewhere. "Invalid message" names no event.
    /// </summary>
    private static bool MentionsMessage(Node node, int depth)
    {
        switch (node)
        {
            case StringLiteral text:
                return text.Value == "onmessage" || NamesMessageEvent(text.Value);
            case TemplateElement element:
                return NamesMessageEvent(element.Value.Cooked);
            case Identifier identifier:
                return identifier.Name == "onmessage";
        }

        if (depth > MaxDepth)
        {
            return false;
        }

        foreach (var child in node.ChildNodes)
        {
            if (child is not null && MentionsMessage(child, depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"message" as the whole text or (jQuery's lists) as a word of it, optionally with namespaces: "message.app".</summary>
    private static bool NamesMessageEvent(string? events)
    {
        if (events is null || events.Length > 256)
        {
            return false;
        }

        for (var at = events.IndexOf("message", StringComparison.Ordinal); at >= 0; at = events.IndexOf("message", at + 1, StringComparison.Ordinal))
        {
            var end = at + "message".Length;
            if ((at == 0 || char.IsWhiteSpace(events[at - 1])) && (end == events.Length || char.IsWhiteSpace(events[end]) || events[end] == '.'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One registration; <see cref="TopLevel"/>: outside every function, where a classic script's <c>this</c> is the global.</summary>
    private sealed record Registration(Node? Receiver, string BareName, Node Handler, Node? Owner, int Position, bool IsJQuery)
    {
        public bool TopLevel { get; init; }
    }

    /// <summary>One walk of the script: its names (<see cref="ScriptScopes"/>), its listener registrations, and whether it looks like a page or a worker.</summary>
    private sealed class FileWalker
    {
        public ScriptScopes Scopes { get; } = new();

        public List<Registration> Registrations { get; } = new();

        /// <summary>The names of the pattern being declared (<see cref="DeclarePattern"/>).</summary>
        private readonly List<string> _patternNames = new();

        /// <summary>Functions that register their parameters (<c>function bindEvent(el, name, handler) { el.addEventListener(name, handler); }</c>): which parameter is which.</summary>
        private Dictionary<Node, (int Receiver, int Type, int Handler)>? _wrappers;

        /// <summary>Calls with a "message" argument, in case their callee is a wrapper.</summary>
        private List<(CallExpression Call, Node? Owner, bool TopLevel)>? _wrapperCalls;

        public bool WorkerSignal { get; private set; }

        public bool PageSignal { get; private set; }

        public void Visit(Node? node, Node scope, Node? owner, int depth)
        {
            if (node is null || depth > MaxDepth)
            {
                return;
            }

            switch (node)
            {
                case FunctionDeclaration declaration:
                    if (declaration.Id is { } name)
                    {
                        Scopes.DeclareFunction(name.Name, scope, declaration);
                    }

                    VisitFunction(declaration, null, depth);
                    return;
                case FunctionExpression expression:
                    VisitFunction(expression, null, depth);
                    return;
                case ArrowFunctionExpression arrow:
                    VisitFunction(arrow, owner, depth);
                    return;
                case ObjectExpression literal:
                    foreach (var property in literal.Properties)
                    {
                        if (property is Property p)
                        {
                            if (p.Computed)
                            {
                                Visit(p.Key, scope, owner, depth + 1);
                            }

                            VisitMember(p.Value, literal, scope, owner, depth);
                        }
                        else
                        {
                            Visit(property, scope, owner, depth + 1);
                        }
                    }

                    return;
                case ClassDeclaration declaredClass:
                    if (declaredClass.Id is { } className)
                    {
                        Scopes.DeclareVariable(className.Name, scope, declaredClass, constant: true);
                    }

                    Visit(declaredClass.SuperClass, scope, owner, depth + 1);
                    VisitClassBody(declaredClass.Body, scope, owner, depth);
                    return;
                case ClassExpression expressedClass:
                    Visit(expressedClass.SuperClass, scope, owner, depth + 1);
                    VisitClassBody(expressedClass.Body, scope, owner, depth);
                    return;
                case VariableDeclaration declaration:
                    foreach (var declarator in declaration.Declarations)
                    {
                        if (declarator.Id is Identifier variable)
                        {
                            Scopes.DeclareVariable(variable.Name, scope, declarator.Init, declaration.Kind == VariableDeclarationKind.Const);
                        }
                        else
                        {
                            DeclarePattern(declarator.Id, scope);
                        }

                        Visit(declarator.Init, scope, owner, depth + 1);
                    }

                    return;
                case CatchClause clause:
                    DeclarePattern(clause.Param, scope);
                    Visit(clause.Body, scope, owner, depth + 1);
                    return;
                case AssignmentExpression assignment:
                    Assigned(assignment, scope, owner);
                    if (assignment.Left is not Identifier)
                    {
                        Visit(assignment.Left, scope, owner, depth + 1);
                    }

                    if (PrototypeMember(assignment) is { } prototype)
                    {
                        // Widget.prototype.onMessage = function (e) {…}: its this is a Widget.
                        VisitMember(assignment.Right, prototype, scope, owner, depth);
                        return;
                    }

                    Visit(assignment.Right, scope, owner, depth + 1);
                    return;
                case CallExpression call:
                    Called(call, owner, scope, scope is Script);
                    break;
                case MemberExpression member:
                    if (member.Object is Identifier { Name: "self" } && ScriptNodes.NameOf(member) is "clients" or "registration" or "skipWaiting")
                    {
                        WorkerSignal = true;
                    }

                    Visit(member.Object, scope, owner, depth + 1);
                    if (member.Computed)
                    {
                        Visit(member.Property, scope, owner, depth + 1);
                    }

                    return;
                case Identifier identifier:
                    Named(identifier.Name);
                    return;
            }

            foreach (var child in node.ChildNodes)
            {
                Visit(child, scope, owner, depth + 1);
            }
        }

        private void VisitFunction(Node function, Node? owner, int depth)
        {
            var f = (IFunction)function;
            Scopes.SetThisOwner(function, owner);
            if (function is FunctionExpression { Id: { } ownName })
            {
                Scopes.DeclareFunction(ownName.Name, function, function);
            }

            foreach (var parameter in f.Params)
            {
                DeclarePattern(parameter, function);
            }

            Visit(f.Body, function, owner, depth + 1);
        }

        /// <summary>A member of an object literal or a class: a function there has the object or class as its <c>this</c>.</summary>
        private void VisitMember(Node? value, Node container, Node scope, Node? owner, int depth)
        {
            switch (value)
            {
                case FunctionExpression method:
                    VisitFunction(method, container, depth + 1);
                    break;
                case ArrowFunctionExpression arrow:
                    VisitFunction(arrow, container is ClassBody ? container : owner, depth + 1);
                    break;
                default:
                    Visit(value, scope, owner, depth + 1);
                    break;
            }
        }

        private void VisitClassBody(ClassBody body, Node scope, Node? owner, int depth)
        {
            foreach (var element in body.Body)
            {
                if (element is ClassProperty property)
                {
                    if (property.Computed)
                    {
                        Visit(property.Key, scope, owner, depth + 1);
                    }

                    VisitMember(property.Value, body, scope, owner, depth);
                }
                else
                {
                    Visit(element, scope, body, depth + 1);
                }
            }
        }

        /// <summary>The prototype of <c>Type.prototype.name = value</c>, with the member recorded; null for any other assignment.</summary>
        private Node? PrototypeMember(AssignmentExpression assignment)
        {
            if (assignment.Operator != Acornima.Operator.Assignment
                || assignment.Left is not MemberExpression { Object: MemberExpression { Object: Identifier type } prototypeRead } member
                || ScriptNodes.NameOf(prototypeRead) != "prototype" || ScriptNodes.NameOf(member) is not { } name)
            {
                return null;
            }

            var prototype = Scopes.PrototypeOf(type.Name, prototypeRead);
            Scopes.AddPrototypeMember(prototype, name, assignment.Right);
            return prototype;
        }

        /// <summary>Declares every name <paramref name="pattern"/> binds, in source order.</summary>
        private void DeclarePattern(Node? pattern, Node scope)
        {
            // One buffer for the walk: a pattern's names are declared before the next pattern is read.
            _patternNames.Clear();
            ScriptNodes.BoundNames(pattern, _patternNames, maxDepth: 16);
            foreach (var name in _patternNames)
            {
                Scopes.DeclareUnknown(name, scope);
            }
        }

        private void Assigned(AssignmentExpression assignment, Node scope, Node? owner)
        {
            if (assignment.Operator != Acornima.Operator.Assignment)
            {
                return;
            }

            switch (assignment.Left)
            {
                case Identifier identifier:
                    Scopes.Assign(identifier.Name, assignment.Right);
                    if (identifier.Name == "onmessage")
                    {
                        Registrations.Add(new Registration(null, "onmessage", assignment.Right, owner, assignment.Start, IsJQuery: false));
                    }
                    else if (identifier.Name is "onconnect" or "oninstall" or "onfetch")
                    {
                        WorkerSignal = true;
                    }

                    break;
                case MemberExpression member when ScriptNodes.NameOf(member) is { } name:
                    if (name == "onmessage")
                    {
                        Registrations.Add(new Registration(member.Object, "onmessage", assignment.Right, owner, assignment.Start, IsJQuery: false) { TopLevel = scope is Script });
                    }
                    else if (name is "onconnect" or "oninstall" or "onfetch" && member.Object is Identifier { Name: "self" })
                    {
                        WorkerSignal = true;
                    }

                    break;
            }
        }

        /// <summary>bindEvent(window, "message", onMessage) for each wrapper: a registration of its receiver and handler arguments.</summary>
        public void AddWrappedRegistrations()
        {
            if (_wrappers is null || _wrapperCalls is null)
            {
                return;
            }

            foreach (var (call, owner, topLevel) in _wrapperCalls)
            {
                if (Scopes.ResolveFunction(call.Callee, owner, call.Start, out _) is Node wrapper
                    && _wrappers.TryGetValue(wrapper, out var parameters)
                    && Math.Max(parameters.Receiver, Math.Max(parameters.Type, parameters.Handler)) < call.Arguments.Count
                    && ScriptNodes.TextOf(call.Arguments[parameters.Type]) == "message")
                {
                    Registrations.Add(new Registration(call.Arguments[parameters.Receiver], "addEventListener", call.Arguments[parameters.Handler], owner, call.Start, IsJQuery: false) { TopLevel = topLevel });
                }
            }
        }

        /// <summary>el.addEventListener(name, handler) or el.attachEvent("on" + name, handler) on three parameters of the enclosing function.</summary>
        private void RecordWrapper(Node scope, Node? receiver, Node? type, Node? handler)
        {
            if (scope is not IFunction function)
            {
                return;
            }

            var r = ParameterIndex(function, receiver);
            var t = ParameterIndex(function, type);
            var h = ParameterIndex(function, handler);
            if (r >= 0 && t >= 0 && h >= 0)
            {
                (_wrappers ??= new Dictionary<Node, (int, int, int)>())[scope] = (r, t, h);
            }
        }

        private static int ParameterIndex(IFunction function, Node? name)
        {
            if (ScriptNodes.Unwrap(name) is Identifier identifier)
            {
                for (var i = 0; i < function.Params.Count; i++)
                {
                    if (function.Params[i] is Identifier parameter && parameter.Name == identifier.Name)
                    {
                        return i;
                    }
                }
            }

            return -1;
        }

        private void Called(CallExpression call, Node? owner, Node scope, bool topLevel)
        {
            var callee = ScriptNodes.Unwrap(call.Callee);
            var (name, receiver) = callee switch
            {
                MemberExpression member => (ScriptNodes.NameOf(member), member.Object),
                Identifier identifier => (identifier.Name, (Node?)null),
                _ => (null, null),
            };

            var arguments = call.Arguments;
            switch (name)
            {
                case "addEventListener" when arguments.Count >= 2:
                    var type = ScriptNodes.TextOf(arguments[0]);
                    if (type == "message")
                    {
                        Registrations.Add(new Registration(receiver, "addEventListener", arguments[1], owner, call.Start, IsJQuery: false) { TopLevel = topLevel });
                    }
                    else if (type is "install" or "activate" or "fetch" or "push" or "connect" && receiver is null or Identifier { Name: "self" })
                    {
                        WorkerSignal = true;
                    }
                    else if (type is null)
                    {
                        RecordWrapper(scope, receiver, arguments[0], arguments[1]);
                    }

                    break;
                case "attachEvent" when arguments.Count >= 2 && ScriptNodes.Unwrap(arguments[0]) is NonLogicalBinaryExpression { Operator: Acornima.Operator.Addition, Left: StringLiteral { Value: "on" } } onName:
                    RecordWrapper(scope, receiver, onName.Right, arguments[1]);
                    break;
                case "attachEvent" when arguments.Count >= 2 && ScriptNodes.TextOf(arguments[0]) == "onmessage":
                    Registrations.Add(new Registration(receiver, "attachEvent", arguments[1], owner, call.Start, IsJQuery: false) { TopLevel = topLevel });
                    break;
                case "on" or "bind" or "one" when receiver is not null && arguments.Count >= 2 && NamesMessageEvent(ScriptNodes.TextOf(arguments[0])):
                    Registrations.Add(new Registration(receiver, name, arguments[arguments.Count - 1], owner, call.Start, IsJQuery: true));
                    break;
                case "importScripts" or "skipWaiting" when receiver is null or Identifier { Name: "self" }:
                    WorkerSignal = true;
                    break;
                default:
                    foreach (var argument in arguments)
                    {
                        if (ScriptNodes.TextOf(argument) == "message")
                        {
                            (_wrapperCalls ??= new List<(CallExpression, Node?, bool)>()).Add((call, owner, topLevel));
                            break;
                        }
                    }

                    break;
            }
        }

        private void Named(string name)
        {
            switch (name)
            {
                case "window" or "document" or "localStorage" or "sessionStorage" or "alert" or "jQuery" or "$":
                    PageSignal = true;
                    break;
                case "importScripts" or "WorkerGlobalScope" or "DedicatedWorkerGlobalScope" or "SharedWorkerGlobalScope" or "ServiceWorkerGlobalScope":
                    WorkerSignal = true;
                    break;
            }
        }
    }
}

/// <summary>
/// One listener that trusts any origin. <see cref="Start"/> and <see cref="End"/> are offsets in the parsed text of the
/// place to report: the handler's first parameter (the event; a destructuring pattern as a whole; the name before a
/// default value), wherever the handler is declared in the file. <see cref="Reason"/> completes the message "Message
/// listener acts on a message from any origin: {reason}" (for example "it checks no origin", or
/// "'event.origin.endsWith(\"contoso.com\")' also accepts https://evilcontoso.com").
/// </summary>
internal readonly struct ListenerFinding
{
    public ListenerFinding(int start, int end, string reason)
    {
        Start = start;
        End = end;
        Reason = reason;
    }

    public int Start { get; }

    public int End { get; }

    public string Reason { get; }
}
