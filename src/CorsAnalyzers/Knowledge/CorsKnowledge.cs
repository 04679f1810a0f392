using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// Everything the rules ask about HTTP and CORS code, made once per compilation and shared by every rule of the
/// package (its caches, such as what a helper method writes, are filled once for all of them).
/// </summary>
internal sealed class CorsKnowledge
{
    private static readonly ConditionalWeakTable<Compilation, CorsKnowledge> s_shared = new();

    private CorsKnowledge(KnownSymbols symbols)
    {
        Symbols = symbols;
        HeaderWrites = new HeaderWrites(symbols);
        OriginFlow = new OriginFlow(symbols, HeaderWrites);
        OriginChecks = new OriginChecks(symbols, OriginFlow);
        HandWrittenCors = new HandWrittenCors(OriginFlow, HeaderWrites);
        CorsPolicies = new CorsPolicies(symbols, OriginFlow, OriginChecks);
        OriginEchoes = new OriginEchoes(symbols, OriginFlow, OriginChecks, HeaderWrites);
        OriginMatches = new OriginMatches(symbols, OriginFlow, OriginChecks, HeaderWrites, CorsPolicies);
        ScriptFiles = new ScriptFiles();
    }

    public KnownSymbols Symbols { get; }

    /// <summary>Which code writes a response header, its name and value.</summary>
    public HeaderWrites HeaderWrites { get; }

    /// <summary>Which expressions carry the request's Origin.</summary>
    public OriginFlow OriginFlow { get; }

    /// <summary>What counts as a check of an origin, and whether code is guarded by one.</summary>
    public OriginChecks OriginChecks { get; }

    /// <summary>What hand-written CORS code decides: constant header values, the writes of one function, accepting tests.</summary>
    public HandWrittenCors HandWrittenCors { get; }

    /// <summary>Which calls and assignments shape a CORS policy, and the origins they put in it.</summary>
    public CorsPolicies CorsPolicies { get; }

    /// <summary>What a hand-written Access-Control-Allow-Origin write echoes, and whether Vary: Origin covers it.</summary>
    public OriginEchoes OriginEchoes { get; }

    /// <summary>Which substring, prefix, suffix and pattern matches decide an origin, and what slips through them (CORS003).</summary>
    public OriginMatches OriginMatches { get; }

    /// <summary>The project's JavaScript (wwwroot/**/*.js, inline scripts of pages), each file parsed at most once.</summary>
    public ScriptFiles ScriptFiles { get; }

    /// <summary>The knowledge of <paramref name="compilation"/>: the same instance for every rule that asks.</summary>
    public static CorsKnowledge Create(Compilation compilation)
        => s_shared.GetValue(compilation, static c => new CorsKnowledge(KnownSymbols.Create(c)));
}
