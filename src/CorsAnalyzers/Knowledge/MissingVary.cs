using System.Threading;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// CORS005's decision, asked by the rule and by every fix that turns an echo into a checked one (a fix must leave no
/// CORS005 finding it could have avoided): a hand-written <c>Access-Control-Allow-Origin</c> whose value is chosen per
/// request, in code that writes no <c>Vary: Origin</c>, and that neither CORS001 nor CORS003 already reports.
/// </summary>
internal static class MissingVary
{
    /// <summary>CORS005's decision for a write asked about on its own (a fixer's): its verdicts are worked out here.</summary>
    public static bool IsMissing(CorsKnowledge knowledge, HeaderWrite write, AnalyzerOptions options, CancellationToken cancellationToken)
        => IsMissing(knowledge, new WriteVerdicts(knowledge, write), options, cancellationToken);

    /// <summary>CORS005's decision from the write's shared <paramref name="verdicts"/>: the echo and CORS003's answer are not worked out again.</summary>
    public static bool IsMissing(CorsKnowledge knowledge, WriteVerdicts verdicts, AnalyzerOptions options, CancellationToken cancellationToken)
        => verdicts.Write.Is(HttpHeaderName.AccessControlAllowOrigin)
           && verdicts.Write.Value is not null
           && !verdicts.Write.IsNamedByHelper // the helper's own write, in its file, is where Vary goes
           && IsChosenPerRequest(knowledge, verdicts, options, cancellationToken)
           && !knowledge.OriginEchoes.HasVaryOrigin(verdicts.Write.Operation);

    /// <summary>
    /// Chosen per request and not another rule's finding: an unchecked echo is CORS001's, one behind a match CORS003
    /// reports is CORS003's; behind a check that mixes exact and anchored parts (<c>allowed.Contains(o) ||
    /// o.StartsWith("http://localhost:")</c>) nothing else reports it, and it needs its Vary.
    /// </summary>
    private static bool IsChosenPerRequest(CorsKnowledge knowledge, WriteVerdicts verdicts, AnalyzerOptions options, CancellationToken cancellationToken)
        => verdicts.Reflection switch
        {
            Reflection.InexactlyChecked => !verdicts.OriginSubstringMatchReportsAGuard(options, cancellationToken),
            var reflection => knowledge.OriginEchoes.IsChosenPerRequest(verdicts.Write, reflection),
        };
}
