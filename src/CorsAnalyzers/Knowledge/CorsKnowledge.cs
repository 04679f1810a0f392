using Microsoft.CodeAnalysis;

namespace CorsAnalyzers.Knowledge;

/// <summary>Everything the rules ask about HTTP and CORS code, made once per compilation.</summary>
internal sealed class CorsKnowledge
{
    private CorsKnowledge(KnownSymbols symbols)
    {
        Symbols = symbols;
        Headers = new HeaderWrites(symbols);
        Origin = new OriginFlow(symbols, Headers);
        Checks = new OriginChecks(Origin);
    }

    public KnownSymbols Symbols { get; }

    /// <summary>Which code writes a response header, its name and value.</summary>
    public HeaderWrites Headers { get; }

    /// <summary>Which expressions carry the request's Origin.</summary>
    public OriginFlow Origin { get; }

    /// <summary>What counts as a check of an origin, and whether code is guarded by one.</summary>
    public OriginChecks Checks { get; }

    public static CorsKnowledge Create(Compilation compilation) => new(KnownSymbols.Create(compilation));
}
