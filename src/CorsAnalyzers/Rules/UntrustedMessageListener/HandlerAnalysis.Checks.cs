using Acornima;
using Acornima.Ast;
using CorsAnalyzers.Knowledge;

namespace CorsAnalyzers.Rules;

// HandlerAnalysis: what a condition tells about the message's origin. Exact: ===/==/!== against anything but "null"
// (a full origin, location.origin, a variable), membership in a list or Set of such, a switch, a helper of this file
// whose answer is exact, and any check of the origin we cannot read (benefit of the doubt: never report a check we do
// not understand). Weak: includes/indexOf/startsWith/endsWith/search/match and RegExp.test, judged by CORS003's
// OriginPatterns; "null"; a joined string of origins; a check of event.source only. Nothing: no origin involved, or
// one compared with itself or with the message's own data.
internal sealed partial class HandlerAnalysis
{
    private const int MaxEvalDepth = 12;

    /// <summary>The facts of a test of an if, &&, ?: or switch, counted as a check of the handler when it is one.</summary>
    private ConditionFacts Test(Node test, Frame frame)
    {
        if (!frame.Tests.TryGetValue(test, out var facts))
        {
            facts = Eval(test, frame, 0);
            frame.Tests[test] = facts;
            if (facts.IsCheck)
            {
                frame.Checked(test.Start);
            }
        }

        return facts;
    }

    private ConditionFacts Eval(Node? expression, Frame frame, int depth)
    {
        var node = Unwrap(expression);
        if (node is null || depth > MaxEvalDepth || IsOrigin(node, frame))
        {
            // A bare origin is only "there is one".
            return ConditionFacts.Nothing;
        }

        switch (node)
        {
            case NonUpdateUnaryExpression { Operator: Operator.LogicalNot } not:
                return Eval(not.Argument, frame, depth + 1).Negated;
            case LogicalExpression { Operator: Operator.LogicalAnd } and:
                var a = Eval(and.Left, frame, depth + 1);
                var b = Eval(and.Right, frame, depth + 1);
                return new ConditionFacts(OriginGuard.Either(a.WhenTrue, b.WhenTrue), OriginGuard.Both(a.WhenFalse, b.WhenFalse));
            case LogicalExpression { Operator: Operator.LogicalOr } or:
                var l = Eval(or.Left, frame, depth + 1);
                var r = Eval(or.Right, frame, depth + 1);
                return new ConditionFacts(OriginGuard.Both(l.WhenTrue, r.WhenTrue), OriginGuard.Either(l.WhenFalse, r.WhenFalse));
            case NonLogicalBinaryExpression binary:
                return Compare(binary, frame, depth);
            case CallExpression call:
                return Called(call, frame, depth);
            case Identifier local when frame.Locals.TryGetValue(local.Name, out var value):
                // const trusted = allowed.has(e.origin); if (!trusted) return;
                return Eval(value, frame, depth + 1);
            default:
                return Mentions(node, frame, 0) ? ConditionFacts.Unreadable : ConditionFacts.Nothing;
        }
    }

    // ------------------------------------------------------------------ comparisons

    private ConditionFacts Compare(NonLogicalBinaryExpression binary, Frame frame, int depth)
    {
        var left = Unwrap(binary.Left);
        var right = Unwrap(binary.Right);
        if (IndexComparison(left, binary.Operator, right, binary, frame) is { } found)
        {
            return found;
        }

        if (IndexComparison(right, Mirror(binary.Operator), left, binary, frame) is { } mirrored)
        {
            return mirrored;
        }

        var equal = binary.Operator is Operator.StrictEquality or Operator.Equality;
        var unequal = binary.Operator is Operator.StrictInequality or Operator.Inequality;
        if ((equal || unequal) && left is not null && right is not null
            && (SideGuard(left, right, binary, frame) ?? SideGuard(right, left, binary, frame)) is { } guard)
        {
            var facts = ConditionFacts.True(guard);
            return unequal ? facts.Negated : facts;
        }

        return Mentions(binary, frame, 0) ? ConditionFacts.Unreadable : ConditionFacts.Nothing;
    }

    /// <summary>What <c>side == other</c> tells when <paramref name="side"/> is the origin, a part of it, or the source; null when it is neither.</summary>
    private OriginGuard? SideGuard(Node side, Node other, Node comparison, Frame frame)
    {
        if (IsOrigin(side, frame))
        {
            return EqualityGuard(other, Code(comparison), frame);
        }

        if (IsSource(side, frame))
        {
            // event.source === window: the page's own message (setImmediate polyfills); any other window can hold any site.
            return IsNothing(other) ? OriginGuard.None
                : Unwrap(other) is Identifier { Name: "window" or "self" or "globalThis" } ? OriginGuard.Exact
                : OriginGuard.Weak($"'{Code(comparison)}' checks which window sent the message, not its origin, and that window can hold any site");
        }

        if (side is NonUpdateUnaryExpression { Operator: Operator.TypeOf })
        {
            return OriginGuard.None;
        }

        // new URL(e.origin).hostname === "a.com", e.origin.split("//")[1] === "a.com": a part pinned to a value.
        return ScriptNodes.TextOf(other) is not null && Mentions(side, frame, 0) ? OriginGuard.Exact : null;
    }

    /// <summary>The origin equal to <paramref name="value"/> (a case label, the other operand); <paramref name="code"/> is the comparison's text.</summary>
    private OriginGuard EqualityGuard(Node value, string code, Frame frame)
    {
        value = Unwrap(value)!;
        if (IsNothing(value) || IsOrigin(value, frame) || ReadsData(value, frame, 0))
        {
            // if (!e.origin), e.origin === e.origin, e.origin === e.data.origin: the sender decides.
            return OriginGuard.None;
        }

        return Text(value, frame, 0) == "null"
            ? OriginGuard.Weak($"'{code}' accepts the 'null' origin, which any page can send from a sandboxed iframe, a data: URL or a file")
            : OriginGuard.Exact;
    }

    /// <summary><c>e.origin.indexOf("a.com") !== -1</c>, <c>e.origin.search(re) &gt;= 0</c>, <c>list.indexOf(e.origin) &gt; -1</c>, with the number on either side.</summary>
    private ConditionFacts? IndexComparison(Node? side, Operator op, Node? other, Node comparison, Frame frame)
    {
        if (side is not CallExpression { Callee: var callee } call || Unwrap(callee) is not MemberExpression member
            || ScriptNodes.NameOf(member) is not ("indexOf" or "lastIndexOf" or "search") || Number(other) is not { } number)
        {
            return null;
        }

        bool? found = (number, op) switch
        {
            (-1, Operator.StrictInequality or Operator.Inequality or Operator.GreaterThan) => true,
            (-1, Operator.StrictEquality or Operator.Equality or Operator.LessThanOrEqual) => false,
            (0, Operator.GreaterThanOrEqual) => true,
            (0, Operator.LessThan) => false,
            _ => null,
        };
        var atStart = number == 0 && op is Operator.StrictEquality or Operator.Equality or Operator.StrictInequality or Operator.Inequality;
        var guard = MatchGuard(call, member, atStart ? TextMatch.Prefix : TextMatch.Substring, frame);
        if (guard is null)
        {
            return null;
        }

        if (found is null && !atStart)
        {
            return ConditionFacts.Unreadable;
        }

        var facts = ConditionFacts.True(guard.Value);
        return found == false || op is Operator.StrictInequality or Operator.Inequality && atStart ? facts.Negated : facts;
    }

    private static Operator Mirror(Operator op)
        => op switch
        {
            Operator.LessThan => Operator.GreaterThan,
            Operator.GreaterThan => Operator.LessThan,
            Operator.LessThanOrEqual => Operator.GreaterThanOrEqual,
            Operator.GreaterThanOrEqual => Operator.LessThanOrEqual,
            _ => op,
        };

    private static double? Number(Node? node)
        => Unwrap(node) switch
        {
            NumericLiteral number => number.Value,
            NonUpdateUnaryExpression { Operator: Operator.UnaryNegation, Argument: NumericLiteral negated } => -negated.Value,
            _ => null,
        };

    // ------------------------------------------------------------------ calls

    private ConditionFacts Called(CallExpression call, Frame frame, int depth)
    {
        if (Unwrap(call.Callee) is MemberExpression member && ScriptNodes.NameOf(member) is { } name)
        {
            var target = Unwrap(member.Object);
            var argument = call.Arguments.Count > 0 ? Unwrap(call.Arguments[0]) : null;
            switch (name)
            {
                case "includes" or "startsWith" or "endsWith" or "match" when IsOrigin(target, frame) || IsHost(target, frame):
                    return ConditionFacts.True(MatchGuard(call, member, name switch { "startsWith" => TextMatch.Prefix, "endsWith" => TextMatch.Suffix, _ => TextMatch.Substring }, frame)!.Value);
                case "test" when argument is not null && (IsOrigin(argument, frame) || IsHost(argument, frame)):
                    return ConditionFacts.True(RegexGuard(target, IsHost(argument, frame), call, frame));
                case "has" or "includes" when argument is not null && IsOrigin(argument, frame):
                    return ConditionFacts.True(ListGuard(target, call, frame));
                case "some" or "find" or "findIndex" or "filter" when argument is ArrowFunctionExpression { Body: Expression body } && Mentions(body, frame, 0):
                    // allowed.some(o => e.origin.endsWith(o)): true when one element passes the check.
                    return ConditionFacts.True(Eval(body, frame, depth + 1).WhenTrue);
            }
        }

        // A helper of this file: isTrusted(e.origin), verify(e).
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            var argument = call.Arguments[i];
            var role = IsOrigin(argument, frame) ? Role.Origin : IsEvent(argument, frame) ? Role.Event : IsJQueryEvent(argument, frame) ? Role.JQueryEvent : (Role?)null;
            if (role is null)
            {
                continue;
            }

            return _scopes.ResolveFunction(call.Callee, frame.Owner, call.Start, out var owner) is { } helper
                   && Analyze(helper, owner, i, role.Value, frame.Depth + 1) is { } inner
                ? inner.Answer
                : ConditionFacts.Unreadable;
        }

        return Mentions(call, frame, 0) ? ConditionFacts.Unreadable : ConditionFacts.Nothing;
    }

    /// <summary>
    /// <c>includes</c>/<c>indexOf</c>/<c>startsWith</c>/<c>endsWith</c>/<c>search</c>/<c>match</c> on the origin or its
    /// host, or <c>indexOf</c> of the origin in a list; null when the call is neither.
    /// </summary>
    private OriginGuard? MatchGuard(CallExpression call, MemberExpression member, TextMatch kind, Frame frame)
    {
        var target = Unwrap(member.Object);
        var argument = call.Arguments.Count > 0 ? Unwrap(call.Arguments[0]) : null;
        var onHost = IsHost(target, frame);
        if (!onHost && !IsOrigin(target, frame))
        {
            return argument is not null && IsOrigin(argument, frame) && ScriptNodes.NameOf(member) == "indexOf" ? ListGuard(target, call, frame) : null;
        }

        if (ScriptNodes.NameOf(member) is "search" or "match")
        {
            return RegexGuard(argument, onHost, call, frame);
        }

        var code = Code(call);
        if (Text(argument, frame, 0) is not { } text)
        {
            return OriginGuard.Weak($"'{code}' also accepts {OriginPatterns.Generic(kind)}");
        }

        return _patterns.SlipThrough(kind, text, onHost) is { } slip ? OriginGuard.Weak($"'{code}' also accepts {slip}") : OriginGuard.Exact;
    }

    /// <summary>A regular expression tested on the origin: a literal, <c>new RegExp("…")</c>, or a name holding one. One we cannot read is trusted.</summary>
    private OriginGuard RegexGuard(Node? regex, bool onHost, CallExpression call, Frame frame)
    {
        var pattern = Pattern(regex, frame, 0);
        return pattern is not null && _patterns.RegexSlipThrough(pattern, onHost) is { } slip
            ? OriginGuard.Weak($"'{Code(call)}' also accepts {slip}")
            : OriginGuard.Exact;
    }

    private string? Pattern(Node? regex, Frame frame, int depth)
    {
        switch (Unwrap(regex))
        {
            case RegExpLiteral literal:
                return literal.RegExp.Pattern;
            case NewExpression { Callee: Identifier { Name: "RegExp" } } created when created.Arguments.Count > 0:
                return Text(created.Arguments[0], frame, depth + 1);
            case CallExpression { Callee: Identifier { Name: "RegExp" } } called when called.Arguments.Count > 0:
                return Text(called.Arguments[0], frame, depth + 1);
            case Identifier name when depth < 3:
                return Pattern(ValueOf(name, frame), frame, depth + 1);
            default:
                return null;
        }
    }

    /// <summary>
    /// The origin looked up in a list: an array or Set of origins is exact (an entry that is not a full origin never
    /// matches); "null" in it is weak; a string (<c>"https://a.com https://b.com".includes(e.origin)</c>) accepts any part of it.
    /// </summary>
    private OriginGuard ListGuard(Node? list, CallExpression call, Frame frame)
    {
        for (var depth = 0; depth < 4; depth++)
        {
            switch (Unwrap(list))
            {
                case Identifier name:
                    list = ValueOf(name, frame);
                    continue;
                case NewExpression { Callee: Identifier { Name: "Set" } } set:
                    list = set.Arguments.Count > 0 ? set.Arguments[0] : null;
                    continue;
                case StringLiteral joined when ScriptNodes.NameOf((MemberExpression)Unwrap(call.Callee)!) is "includes" or "indexOf":
                    return OriginGuard.Weak($"'{Code(call)}' also accepts {OriginPatterns.JoinedListSlipThrough(joined.Value)}");
                case ArrayExpression array:
                    foreach (var element in array.Elements)
                    {
                        if (Text(element, frame, 0) == "null")
                        {
                            return OriginGuard.Weak($"'{Code(call)}' accepts the 'null' origin, which any page can send from a sandboxed iframe, a data: URL or a file");
                        }
                    }

                    return OriginGuard.Exact;
                default:
                    return OriginGuard.Exact;
            }
        }

        return OriginGuard.Exact;
    }

    // ------------------------------------------------------------------ what an expression is

    /// <summary>The event: its name, <c>e.originalEvent</c>, <c>e.originalEvent || e</c>.</summary>
    private static bool IsEvent(Node? node, Frame frame)
    {
        switch (Unwrap(node))
        {
            case Identifier identifier:
                return frame.Events.Contains(identifier.Name);
            case MemberExpression member when ScriptNodes.NameOf(member) == "originalEvent":
                return IsEvent(member.Object, frame) || IsJQueryEvent(member.Object, frame);
            case LogicalExpression { Operator: Operator.LogicalOr or Operator.NullishCoalescing } either:
                return IsEvent(either.Left, frame) || IsEvent(either.Right, frame);
            default:
                return false;
        }
    }

    private static bool IsJQueryEvent(Node? node, Frame frame) => Unwrap(node) is Identifier identifier && frame.JQueryEvents.Contains(identifier.Name);

    private static bool IsDataRead(Node? node, Frame frame)
        => Unwrap(node) is MemberExpression member && ScriptNodes.NameOf(member) == "data" && IsEvent(member.Object, frame);

    /// <summary>The origin: <c>e.origin</c>, a copy, <c>.toLowerCase()</c> or <c>.trim()</c> of it, <c>new URL(e.origin).origin</c>, <c>e.origin || e.originalEvent.origin</c>.</summary>
    private static bool IsOrigin(Node? node, Frame frame)
    {
        switch (Unwrap(node))
        {
            case Identifier identifier:
                return frame.Origins.Contains(identifier.Name);
            case MemberExpression member when ScriptNodes.NameOf(member) == "origin":
                return IsEvent(member.Object, frame) || IsOriginUrl(member.Object, frame);
            case CallExpression { Callee: MemberExpression member } when ScriptNodes.NameOf(member) is "toLowerCase" or "toLocaleLowerCase" or "trim" or "toString" or "valueOf" or "normalize":
                return IsOrigin(member.Object, frame);
            case CallExpression { Callee: Identifier { Name: "String" } } converted when converted.Arguments.Count == 1:
                return IsOrigin(converted.Arguments[0], frame);
            case LogicalExpression { Operator: Operator.LogicalOr or Operator.NullishCoalescing } either:
                // event.origin || event.originalEvent.origin: a window message always has an origin.
                return IsOrigin(either.Left, frame) || IsOrigin(either.Right, frame);
            default:
                return false;
        }
    }

    private static bool IsOriginUrl(Node? node, Frame frame)
        => Unwrap(node) switch
        {
            Identifier identifier => frame.Urls.Contains(identifier.Name),
            NewExpression { Callee: Identifier { Name: "URL" } } url => url.Arguments.Count > 0 && IsOrigin(url.Arguments[0], frame),
            _ => false,
        };

    /// <summary>The host of the origin: <c>new URL(e.origin).hostname</c> or <c>.host</c>.</summary>
    private static bool IsHost(Node? node, Frame frame)
        => Unwrap(node) is MemberExpression member && ScriptNodes.NameOf(member) is "hostname" or "host" && IsOriginUrl(member.Object, frame);

    private static bool IsSource(Node? node, Frame frame)
        => Unwrap(node) switch
        {
            Identifier identifier => frame.Sources.Contains(identifier.Name),
            MemberExpression member => ScriptNodes.NameOf(member) == "source" && IsEvent(member.Object, frame),
            _ => false,
        };

    private static bool IsNothing(Node? node)
        => Unwrap(node) is NullLiteral or Identifier { Name: "undefined" } or NonUpdateUnaryExpression { Operator: Operator.Void };

    /// <summary>The expression involves the origin, its URL, or hands the whole event on: a check of some kind.</summary>
    private static bool Mentions(Node? node, Frame frame, int depth)
    {
        if (node is null || depth > 16)
        {
            return false;
        }

        if (IsOrigin(node, frame) || IsOriginUrl(node, frame))
        {
            return true;
        }

        if (node is CallExpression call)
        {
            foreach (var argument in call.Arguments)
            {
                if (IsEvent(argument, frame) || IsJQueryEvent(argument, frame))
                {
                    return true;
                }
            }
        }

        foreach (var child in node.ChildNodes)
        {
            if (Mentions(child, frame, depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ReadsData(Node? node, Frame frame, int depth)
    {
        if (node is null || depth > 16)
        {
            return false;
        }

        if (IsDataRead(node, frame) || node is Identifier identifier && frame.Data.Contains(identifier.Name))
        {
            return true;
        }

        foreach (var child in node.ChildNodes)
        {
            if (ReadsData(child, frame, depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The constant text an expression holds: a literal, or a name given one literal in the handler or the file.</summary>
    private string? Text(Node? node, Frame frame, int depth)
    {
        node = Unwrap(node);
        if (ScriptNodes.TextOf(node) is { } text)
        {
            return HoldsServerValue(node!) ? null : text;
        }

        return node is Identifier name && depth < 3 ? Text(ValueOf(name, frame), frame, depth + 1) : null;
    }

    /// <summary>A literal whose text the server renders (Razor written inside it, <c>"@Model.Domain"</c>): its value is not known here.</summary>
    private bool HoldsServerValue(Node literal)
        => _written is not null
           && literal switch
           {
               StringLiteral text => _written(literal) != text.Raw,
               TemplateLiteral template => template.Quasis.Count == 1 && _written(literal) != "`" + template.Quasis[0].Value.Raw + "`",
               _ => false,
           };

    /// <summary>The one value of a name: a local of the handler, else a name of the file.</summary>
    private Node? ValueOf(Identifier name, Frame frame)
        => frame.Locals.TryGetValue(name.Name, out var local) ? local : _scopes.SingleValueOf(name.Name, name.Start);
}
