using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS004: the string <c>"null"</c> accepted as an origin.
/// </summary>
/// <remarks>
/// <para>Looks at every origin list of a policy (<c>WithOrigins</c> arguments, arrays and collections passed in,
/// <c>new CorsPolicyBuilder(...)</c>, <c>CorsPolicy.Origins.Add</c>) and inside origin predicates (equality tests
/// against the origin, and the collections a <c>Contains</c> lookup of the origin reads). A list that the policy's own
/// <c>SetIsOriginAllowed</c> replaces on every path is never read (<see cref="CorsPolicyDefinition.OriginListUse"/>);
/// <c>SetIsOriginAllowedToAllowWildcardSubdomains()</c> reads it, exact entries included.</para>
/// <para>Reported at the expression that gives <c>"null"</c>: the literal, or the constant's name where a constant is
/// passed. A literal written in another declaration (an array field, a validator method) is reported at the step or
/// write that reads it, with the literal as additional location, where the fix removes it (<see cref="ReportPlaces"/>).</para>
/// <para>Hand-written headers: <c>"null"</c> written as <c>Access-Control-Allow-Origin</c>, also as a fallback
/// (<c>origin ?? "null"</c>, <c>ok ? origin : "null"</c>); and, on the way to a write that echoes the request's Origin,
/// the tests that let <c>Origin: null</c> through: <c>origin == "null"</c>, <c>string.Equals(origin, "null", ..)</c>,
/// <c>origin is "null"</c>, <c>case "null":</c>, a <c>"null"</c> entry of a collection the origin is looked up in, also
/// inside a bool local or a validator method of ours. A test that rejects "null" (<c>if (origin == "null") return;</c>) is fine.</para>
/// </remarks>
public sealed class NullOriginRule : CorsRule
{
    private const string NullOrigin = "null";

    public override DiagnosticDescriptor Descriptor => Descriptors.NullOrigin;

    internal override void Start(RuleStart start)
    {
        var knowledge = start.Knowledge;
        var symbols = knowledge.Symbols;
        var reported = new ReportOnce();
        start.OnAdditionalFile(AnalyzeWebConfig);
        if (symbols.HasHeaderApis)
        {
            start.OnHeaderWrite((c, write) => AnalyzeHeaderWrite(c, write, knowledge, reported));
        }

        if (symbols.CorsPolicyBuilder is not null || symbols.CorsPolicy is not null)
        {
            var configured = ConfiguredOrigins.Create(start.Compilation, start.Options);
            start.OnPolicyStep((c, step) =>
            {
                AnalyzeStep(c, step, knowledge, reported);
                ReportConfigured(c, step, knowledge.CorsPolicies, configured, reported);
            });
        }
    }

    /// <summary>
    /// Origins added to a policy whose own <c>SetIsOriginAllowed</c> is the check on every path: ASP.NET Core never reads
    /// the list then, so a "null" entry allows nothing (the predicate is judged on its own).
    /// </summary>
    private static bool IsUnread(PolicyStep step, CorsPolicies policies, CancellationToken cancellationToken)
        => step.Kind == PolicyStepKind.AddOrigins
           && policies.PolicyOf(step, cancellationToken) is { } policy
           && policy.OriginListUse(cancellationToken) == OriginListUse.Replaced;

    /// <summary>A policy step's "null" entries or predicate tests (apart from the callback, so that only a step pays for the closure).</summary>
    private static void AnalyzeStep(OperationAnalysisContext context, PolicyStep step, CorsKnowledge knowledge, ReportOnce reported)
    {
        void ReportAt(IOperation source, string kind) => Report(context, source, kind, step.ReportLocation, reported);

        switch (step.Kind)
        {
            // The policy is asked about only when there is a "null" to report.
            case PolicyStepKind.AddOrigins when HasNullEntry(step.Origins) && !IsUnread(step, knowledge.CorsPolicies, context.CancellationToken):
                ReportNullEntries(step.Origins, ReportAt);
                break;
            case PolicyStepKind.SetOriginPredicate:
                ReportPredicate(step.Predicate, knowledge.HandWrittenCors, ReportAt, context.CancellationToken);
                break;
        }
    }

    /// <summary>IIS custom headers in a web.config: <c>Access-Control-Allow-Origin: null</c> on every response.</summary>
    private static void AnalyzeWebConfig(AdditionalFileAnalysisContext context)
    {
        if (WebConfigCors.Read(context.AdditionalFile, context.CancellationToken) is { } file
            && WebConfigCors.AllowedOrigin(file) is { } origin && origin.Value!.Trim() == NullOrigin)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.NullOrigin, origin.Location, DiagnosticProperties.OfKind(DiagnosticProperties.Kinds.Configured), origin.Describe()));
        }
    }

    /// <summary>
    /// "null" in appsettings (any environment's file) that reaches the step's origins or the collection its predicate
    /// looks the origin up in: reported at the JSON value, with the reading code as additional location.
    /// </summary>
    private static void ReportConfigured(OperationAnalysisContext context, PolicyStep step, CorsPolicies policies, ConfiguredOrigins configured, ReportOnce reported)
    {
        if (!configured.IsAvailable)
        {
            return;
        }

        var lists = step.Kind switch
        {
            PolicyStepKind.AddOrigins => new[] { (step.Operation.GetArgument(0), IgnoresCase: true) },
            PolicyStepKind.SetOriginPredicate => LookedUpCollections(step.Predicate, context.CancellationToken).Select(c => ((IOperation?)c, IgnoresCase: false)).ToArray(),
            _ => Array.Empty<(IOperation?, bool)>(),
        };
        bool? unread = null;
        foreach (var (origins, ignoresCase) in lists)
        {
            foreach (var entry in configured.EntriesOf(origins, context.CancellationToken))
            {
                if (string.Equals(entry.Value, NullOrigin, ignoresCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)
                    && !(unread ??= IsUnread(step, policies, context.CancellationToken))
                    && reported.IsFirst(entry.Location))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.NullOrigin, entry.Location, new[] { entry.Read.Code.Syntax.GetLocation() }, DiagnosticProperties.OfKind(DiagnosticProperties.Kinds.Configured), entry.Describe()));
                }
            }
        }
    }

    private static IEnumerable<IOperation> LookedUpCollections(IOperation? predicate, CancellationToken cancellationToken)
    {
        if (Callables.ContainsMethodGroupTarget(predicate) is { } collection)
        {
            return new[] { collection };
        }

        // A negated lookup (!blocked.Contains(origin)) rejects what the list holds.
        return Callables.Resolve(predicate, cancellationToken) is { } callable
            ? Callables.ContainsLookupsOfFirstParameter(callable).Where(c => !IsNegatedLookup(c))
            : Enumerable.Empty<IOperation>();
    }

    private static bool IsNegatedLookup(IOperation collection)
    {
        var call = collection.Parent is IArgumentOperation argument ? argument.Parent : collection.Parent;
        while (call?.Parent is IConversionOperation or IParenthesizedOperation)
        {
            call = call.Parent;
        }

        return call?.Parent is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not };
    }

    private static void AnalyzeHeaderWrite(OperationAnalysisContext context, HeaderWrite write, CorsKnowledge knowledge, ReportOnce reported)
    {
        if (!write.Is(HttpHeaderName.AccessControlAllowOrigin)
            || write.Value is not { } value)
        {
            return;
        }

        // The browser compares Access-Control-Allow-Origin with its origin exactly: only "null" itself matches Origin: null.
        foreach (var (source, text) in HandWrittenCors.ConstantLeaves(value))
        {
            if (text.Trim() == NullOrigin)
            {
                Report(context, source, DiagnosticProperties.Kinds.HeaderWrite, value.Syntax.GetLocation(), reported);
            }
        }

        foreach (var test in knowledge.HandWrittenCors.AcceptingTestsOfValue(value, NullOrigin, context.CancellationToken))
        {
            Report(context, test.Source, KindOf(test), value.Syntax.GetLocation(), reported);
        }
    }

    private static string KindOf(Acceptance acceptance)
        => acceptance.IsListEntry ? DiagnosticProperties.Kinds.ListEntry : DiagnosticProperties.Kinds.Test;

    /// <summary>
    /// Reports the "null" at <paramref name="source"/>, once per place: where the analysed code holds it, or else at
    /// <paramref name="anchor"/>, the analysed code that reads it (<see cref="ReportPlaces"/>). The fix removes it as what
    /// <paramref name="kind"/> says it is: an entry of a list, a test of the origin, or the value of a header write.
    /// </summary>
    private static void Report(OperationAnalysisContext context, IOperation source, string kind, Location anchor, ReportOnce reported)
    {
        var diagnostic = ReportPlaces.Create(
            Descriptors.NullOrigin, source, context.Operation, anchor, DiagnosticProperties.OfKind(kind), CorsPolicies.CodeAt(source.Syntax.SyntaxTree, source.Syntax.Span));
        if (reported.IsFirst(diagnostic.Location, source.Syntax.GetLocation()))
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    private static bool HasNullEntry(OriginList origins)
        => !origins.Values.IsDefault && origins.Values.Any(o => string.Equals(o.Value, NullOrigin, StringComparison.OrdinalIgnoreCase));

    /// <summary>Origins are lowercased by <c>WithOrigins</c>, so any casing of "null" matches a browser's <c>Origin: null</c>.</summary>
    private static void ReportNullEntries(OriginList origins, Action<IOperation, string> report)
    {
        if (origins.Values.IsDefault)
        {
            return;
        }

        foreach (var origin in origins.Values)
        {
            if (string.Equals(origin.Value, NullOrigin, StringComparison.OrdinalIgnoreCase))
            {
                report(origin.Source, DiagnosticProperties.Kinds.ListEntry);
            }
        }
    }

    /// <summary>In a predicate the comparison decides: <c>o == "null"</c> matches exactly, an ignore-case comparison any casing.</summary>
    private static void ReportPredicate(IOperation? predicate, HandWrittenCors handWritten, Action<IOperation, string> report, CancellationToken cancellationToken)
    {
        if (Callables.ContainsMethodGroupTarget(predicate) is { } collection)
        {
            ReportNullEntries(CorsPolicies.GetStrings(collection, cancellationToken), report);
            return;
        }

        if (Callables.Resolve(predicate, cancellationToken) is not { } callable)
        {
            return;
        }

        // Only a test on the way to a yes counts: o == "null" || ..., case "null": return true, "null" => true; not
        // if (o == "null") return false.
        foreach (var test in handWritten.AcceptingTestsInPredicate(callable, NullOrigin, cancellationToken))
        {
            report(test.Source, KindOf(test));
        }

        foreach (var lookedUp in Callables.ContainsLookupsOfFirstParameter(callable))
        {
            ReportNullEntries(CorsPolicies.GetStrings(lookedUp, cancellationToken), report);
        }
    }
}
