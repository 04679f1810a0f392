using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// One rule's memory of the places it has reported, per compilation, so a finding reached from two analysed operations
/// (an array field two policies read, a configured entry two steps read, a check guarding two writes) is reported once.
/// A place is the pair of where the diagnostic is and what it is about: with <see cref="ReportPlaces"/> the same source
/// reported at two anchors is two findings, each the open file's own.
/// </summary>
internal sealed class ReportOnce
{
    private readonly ConcurrentDictionary<(Location At, Location Source), bool> _reported = new();

    /// <summary>True the first time a finding at <paramref name="at"/> about <paramref name="source"/> is asked for, false ever after.</summary>
    public bool IsFirst(Location at, Location source) => _reported.TryAdd((at, source), true);

    /// <summary>True the first time a finding reported where it is (<paramref name="at"/>, such as a configured entry) is asked for.</summary>
    public bool IsFirst(Location at) => IsFirst(at, at);
}
