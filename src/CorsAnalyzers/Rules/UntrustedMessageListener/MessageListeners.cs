using System;
using System.Collections.Generic;
using System.Threading;
using Acornima.Ast;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS013's engine: the window <c>message</c> listeners of one parsed script that act on a message no exact check of
/// its origin guards. (Being written: answers nothing yet.)
/// </summary>
internal static class MessageListeners
{
    /// <summary>The listeners of <paramref name="program"/> that trust any origin, in source order.</summary>
    public static IReadOnlyList<ListenerFinding> Find(Program program, CancellationToken cancellationToken)
        => Array.Empty<ListenerFinding>();
}

/// <summary>
/// One listener that trusts any origin. <see cref="Start"/> and <see cref="End"/> are offsets in the parsed text (the
/// place to report); <see cref="Reason"/> completes the message "Message listener acts on a message from any origin:
/// {reason}" (for example "it checks no origin", or "'event.origin.endsWith(\".contoso.com\")' also accepts
/// 'https://evil-contoso.com'").
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
