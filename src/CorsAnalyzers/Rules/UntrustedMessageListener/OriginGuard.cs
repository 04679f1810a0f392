namespace CorsAnalyzers.Rules;

/// <summary>How well the origin of a message is known on one path of a listener.</summary>
internal enum GuardLevel
{
    /// <summary>Nothing is known of the origin.</summary>
    None,

    /// <summary>A check lets some foreign origins through (its <see cref="OriginGuard.Reason"/> names one).</summary>
    Weak,

    /// <summary>The origin is one the code names exactly, or checked in a way we cannot read (benefit of the doubt).</summary>
    Exact,
}

/// <summary>What the checks on one path tell about the message's origin; the reason completes CORS013's message.</summary>
internal readonly struct OriginGuard
{
    private OriginGuard(GuardLevel level, string? reason)
    {
        Level = level;
        Reason = reason;
    }

    public static OriginGuard None => default;

    public static OriginGuard Exact => new(GuardLevel.Exact, null);

    public GuardLevel Level { get; }

    public string? Reason { get; }

    public static OriginGuard Weak(string reason) => new(GuardLevel.Weak, reason);

    /// <summary>Both checks hold on the path (<c>a &amp;&amp; b</c> true, a check inside a check): the stronger one counts.</summary>
    public static OriginGuard Either(OriginGuard a, OriginGuard b) => b.Level > a.Level ? b : a;

    /// <summary>
    /// Only one of the two holds, not known which (<c>a || b</c> true, two return paths): the weaker one counts, except
    /// that a weak check beside no check still names the origin it lets through (and any origin gets through anyway).
    /// </summary>
    public static OriginGuard Both(OriginGuard a, OriginGuard b)
    {
        if (a.Level == GuardLevel.Weak && b.Level == GuardLevel.None)
        {
            return a;
        }

        if (b.Level == GuardLevel.Weak && a.Level == GuardLevel.None)
        {
            return b;
        }

        return b.Level < a.Level ? b : a;
    }
}

/// <summary>What a condition tells about the origin when it is true and when it is false.</summary>
internal readonly struct ConditionFacts
{
    public ConditionFacts(OriginGuard whenTrue, OriginGuard whenFalse)
    {
        WhenTrue = whenTrue;
        WhenFalse = whenFalse;
    }

    public static ConditionFacts Nothing => default;

    /// <summary>A condition on the origin we cannot read: trusted either way, so that we never report a check we do not understand.</summary>
    public static ConditionFacts Unreadable => new(OriginGuard.Exact, OriginGuard.Exact);

    public OriginGuard WhenTrue { get; }

    public OriginGuard WhenFalse { get; }

    public bool IsCheck => WhenTrue.Level != GuardLevel.None || WhenFalse.Level != GuardLevel.None;

    public ConditionFacts Negated => new(WhenFalse, WhenTrue);

    public static ConditionFacts True(OriginGuard guard) => new(guard, OriginGuard.None);
}
