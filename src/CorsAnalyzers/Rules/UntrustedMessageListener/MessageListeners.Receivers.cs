using Acornima.Ast;

namespace CorsAnalyzers.Rules;

/// <summary>
/// Which receivers of a registration are a window: <c>window</c> (also through a local or a parameter that holds it,
/// and <c>self.window</c>, <c>window.self</c>), the global (<c>self</c>, <c>globalThis</c>, the bare name, a top-level <c>this</c>) that is a
/// window in a page and the worker itself in a worker, and jQuery's <c>$(window)</c>; anything else is another receiver.
/// </summary>
internal static partial class MessageListeners
{
    private enum ReceiverKind
    {
        Other,

        /// <summary><c>window</c>: always a window.</summary>
        Window,

        /// <summary><c>self</c>, <c>globalThis</c>, the bare global: a window in a page, the worker itself in a worker.</summary>
        Global,
    }

    private static ReceiverKind Receiver(ScriptScopes scopes, Registration registration, int depth)
        => registration.Receiver is null
            ? (scopes.IsDeclared(registration.BareName, registration.Position) ? ReceiverKind.Other : ReceiverKind.Global)
            : ScriptNodes.Unwrap(registration.Receiver) is ThisExpression
            ? (registration.TopLevel ? ReceiverKind.Global : ReceiverKind.Other)
            : Receiver(scopes, registration.Receiver, registration.Position, depth);

    private static ReceiverKind Receiver(ScriptScopes scopes, Node? receiver, int position, int depth)
    {
        switch (ScriptNodes.Unwrap(receiver))
        {
            case Identifier { Name: "window" }:
                // Also a parameter named window: (function (window) { … })(window) is how scripts take it.
                return ReceiverKind.Window;
            case Identifier identifier when depth < 4:
                if (!scopes.IsDeclared(identifier.Name, position))
                {
                    return identifier.Name is "self" or "globalThis" ? ReceiverKind.Global : ReceiverKind.Other;
                }

                // var self = this; const w = window;
                foreach (var value in scopes.ValuesOf(identifier.Name, position))
                {
                    if (Receiver(scopes, value, value.Start, depth + 1) is not ReceiverKind.Other and var kind)
                    {
                        return kind;
                    }
                }

                return ReceiverKind.Other;
            case MemberExpression member when ScriptNodes.NameOf(member) is "window" or "self" or "globalThis" && depth < 4:
                return Receiver(scopes, member.Object, position, depth + 1) == ReceiverKind.Other ? ReceiverKind.Other : ReceiverKind.Window;
            default:
                return ReceiverKind.Other;
        }
    }

    /// <summary><c>$(window)</c>, <c>jQuery(window)</c>, and jQuery calls chained on them (<c>$(window).off("message")</c>).</summary>
    private static ReceiverKind JQueryReceiver(ScriptScopes scopes, Node? receiver, int position)
    {
        for (var i = 0; i < 8; i++)
        {
            switch (ScriptNodes.Unwrap(receiver))
            {
                case CallExpression { Callee: Identifier { Name: "$" or "jQuery" } } wrap when wrap.Arguments.Count == 1:
                    return Receiver(scopes, wrap.Arguments[0], position, 0);
                case CallExpression { Callee: MemberExpression chained } when ScriptNodes.NameOf(chained) is "off" or "on" or "bind" or "unbind" or "one":
                    receiver = chained.Object;
                    continue;
                default:
                    return ReceiverKind.Other;
            }
        }

        return ReceiverKind.Other;
    }
}
