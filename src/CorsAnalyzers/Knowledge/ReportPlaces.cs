using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Knowledge;

/// <summary>
/// Where a rule reports a finding whose code lies outside the operation being analysed: an entry of a field's initializer
/// that a policy step reads, a guard before the header write, a test in a validator method. Roslyn counts a diagnostic
/// outside the code of the action that reports it as non-local: the IDE shows it only in full-solution analysis, never as
/// the open file's own squiggle, computes none for a lightbulb's span, and offers no fix for it. Such a finding is reported
/// at the analysed code that brings it in (the step, the written value), with the finding's own place as first
/// additional location and <see cref="DiagnosticProperties.FixAtAdditionalLocation"/> set, so that a fixer edits it there.
/// </summary>
internal static class ReportPlaces
{
    private static readonly ImmutableDictionary<string, string?> s_fixElsewhere = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.FixAtAdditionalLocation, "true");

    /// <summary>True when <paramref name="source"/> is part of the code of <paramref name="analyzed"/>, the operation whose action reports.</summary>
    public static bool IsWithin(IOperation source, IOperation analyzed)
        => source.Syntax.SyntaxTree == analyzed.Syntax.SyntaxTree && analyzed.Syntax.Span.Contains(source.Syntax.Span);

    /// <summary>
    /// A diagnostic about <paramref name="source"/>: at it when it is part of the analysed operation, otherwise at
    /// <paramref name="anchor"/> (analysed code) with the source as first additional location.
    /// </summary>
    public static Diagnostic Create(DiagnosticDescriptor descriptor, IOperation source, IOperation analyzed, Location anchor, ImmutableDictionary<string, string?>? properties, params object?[] messageArgs)
    {
        var at = source.Syntax.GetLocation();
        return IsWithin(source, analyzed)
            ? Diagnostic.Create(descriptor, at, properties, messageArgs)
            : Diagnostic.Create(descriptor, anchor, new[] { at }, (properties ?? ImmutableDictionary<string, string?>.Empty).SetItems(s_fixElsewhere), messageArgs);
    }

    /// <summary>
    /// The declarations of the helpers of ours, declared in another file than <paramref name="analyzed"/>'s, that the calls
    /// among <paramref name="through"/> go to (<c>RequestOrigin.From(request)</c>, <c>ResponseHeaders.Set(...)</c>): a finding
    /// at the analysed code names them as additional locations, so that the reader can go to the helper, while the finding
    /// itself stays in the file being analysed, where the IDE shows it live. Empty (nothing allocated) when there is none.
    /// </summary>
    public static IReadOnlyList<Location> HelpersElsewhere(IOperation analyzed, IEnumerable<IOperation> through)
    {
        List<Location>? found = null;
        foreach (var operation in through)
        {
            if (operation is IInvocationOperation { TargetMethod: { } method }
                && method.OriginalDefinition.Locations is { Length: 1 } locations
                && locations[0] is { IsInSource: true } location
                && location.SourceTree != analyzed.Syntax.SyntaxTree
                && (found is null || !found.Contains(location)))
            {
                (found ??= new List<Location>()).Add(location);
            }
        }

        return (IReadOnlyList<Location>?)found ?? Array.Empty<Location>();
    }

    /// <summary>The place a fixer edits for <paramref name="diagnostic"/>: its first additional location when the rule says so, else its location.</summary>
    public static Location FixLocationOf(Diagnostic diagnostic)
        => diagnostic.Properties.ContainsKey(DiagnosticProperties.FixAtAdditionalLocation) && diagnostic.AdditionalLocations.Count > 0
            ? diagnostic.AdditionalLocations[0]
            : diagnostic.Location;
}
