using System.Threading;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// The judgements of one header write that more than one rule reads, each worked out at most once, when first asked:
/// how the written value echoes the request's Origin (CORS001 reports an unchecked echo; CORS005 reads it for every
/// value chosen per request), whether CORS003 reports a match in a guard of the write (CORS005 leaves such a write to
/// CORS003), and CORS005's own decision. The dispatcher makes one per header write and hands the same one to every rule
/// it calls for that write, one after the other (so no locking); a fixer that asks about a write makes its own.
/// </summary>
internal sealed class WriteVerdicts
{
    private readonly CorsKnowledge _knowledge;
    private Reflection? _reflection;
    private bool? _originSubstringMatchReportsAGuard;

    public WriteVerdicts(CorsKnowledge knowledge, HeaderWrite write)
    {
        _knowledge = knowledge;
        Write = write;
    }

    public HeaderWrite Write { get; }

    /// <summary>How the written value relates to the request's Origin (<see cref="OriginEchoes.Classify"/>).</summary>
    public Reflection Reflection => _reflection ??= _knowledge.OriginEchoes.Classify(Write);

    /// <summary>
    /// CORS003's answer for the write's guards: a condition on the way to it holds a match CORS003 reports
    /// (<see cref="OriginMatches.ReportsAGuardOf"/>).
    /// </summary>
    public bool OriginSubstringMatchReportsAGuard(AnalyzerOptions options, CancellationToken cancellationToken)
        => _originSubstringMatchReportsAGuard ??= _knowledge.OriginMatches.ReportsAGuardOf(Write.Operation, options, cancellationToken);
}
