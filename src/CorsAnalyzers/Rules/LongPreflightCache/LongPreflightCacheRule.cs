using System.Collections.Immutable;
using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS011: a preflight cache (<c>Access-Control-Max-Age</c>) longer than 86400 seconds, the longest any browser keeps
/// (Firefox; Chromium keeps 7200). Read where the app says it: <c>CorsPolicyBuilder.SetPreflightMaxAge(...)</c> and
/// <c>CorsPolicy.PreflightMaxAge = ...</c> (a constant <c>TimeSpan</c>, <see cref="PreflightMaxAges"/>),
/// <c>System.Web.Cors.CorsPolicy.PreflightMaxAge = ...</c> (seconds), a hand-written header (<see cref="HeaderWrites"/>)
/// and a web.config custom header. Reported at the value; exactly 86400 and anything not constant are left alone.
/// </summary>
public sealed class LongPreflightCacheRule : CorsRule
{
    private const string HeaderName = "Access-Control-Max-Age";

    private static readonly ImmutableDictionary<string, string?> s_timeSpan = DiagnosticProperties.OfKind(DiagnosticProperties.Kinds.MaxAgeTimeSpan);
    private static readonly ImmutableDictionary<string, string?> s_seconds = DiagnosticProperties.OfKind(DiagnosticProperties.Kinds.MaxAgeSeconds);
    private static readonly ImmutableDictionary<string, string?> s_configured = DiagnosticProperties.OfKind(DiagnosticProperties.Kinds.Configured);

    public override DiagnosticDescriptor Descriptor => Descriptors.LongPreflightCache;

    internal override void Start(RuleStart start)
    {
        var symbols = start.Knowledge.Symbols;
        start.OnAdditionalFile(AnalyzeWebConfig);
        if (symbols.HasHeaderApis)
        {
            start.OnHeaderWrite(AnalyzeHeaderWrite);
        }

        if (symbols.TimeSpan is not { } timeSpan)
        {
            return;
        }

        if (symbols.CorsPolicyBuilder is { } builder)
        {
            start.OnInvocation(name => name == "SetPreflightMaxAge", c => AnalyzeSetPreflightMaxAge(c, builder, timeSpan));
        }

        if (symbols.CorsPolicy is not null || symbols.SystemWebCorsPolicy is not null)
        {
            start.OnOperation(c => AnalyzePolicyProperty(c, symbols.CorsPolicy, symbols.SystemWebCorsPolicy, timeSpan), OperationKind.SimpleAssignment);
        }
    }

    /// <summary><c>builder.SetPreflightMaxAge(TimeSpan.FromDays(30))</c>.</summary>
    private static void AnalyzeSetPreflightMaxAge(OperationAnalysisContext context, INamedTypeSymbol builder, INamedTypeSymbol timeSpan)
    {
        if (context.Operation is IInvocationOperation { TargetMethod.Name: "SetPreflightMaxAge", Arguments.Length: 1 } call
            && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, builder)
            && call.Arguments[0].Value.WalkDownConversions() is { } value)
        {
            Report(context, value, PreflightMaxAges.SecondsOfTimeSpan(value, timeSpan), s_timeSpan);
        }
    }

    /// <summary><c>policy.PreflightMaxAge = ...</c> (also in an object initializer): a TimeSpan in ASP.NET Core, seconds in System.Web.Cors.</summary>
    private static void AnalyzePolicyProperty(OperationAnalysisContext context, INamedTypeSymbol? corsPolicy, INamedTypeSymbol? systemWebCorsPolicy, INamedTypeSymbol timeSpan)
    {
        if (context.Operation is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { Name: "PreflightMaxAge" } property } } assignment
            || assignment.Value.WalkDownConversions() is not { } value)
        {
            return;
        }

        if (corsPolicy is not null && SymbolEqualityComparer.Default.Equals(property.ContainingType, corsPolicy))
        {
            Report(context, value, PreflightMaxAges.SecondsOfTimeSpan(value, timeSpan), s_timeSpan);
        }
        else if (systemWebCorsPolicy is not null && SymbolEqualityComparer.Default.Equals(property.ContainingType, systemWebCorsPolicy))
        {
            Report(context, value, PreflightMaxAges.SecondsOfNumber(value), s_seconds);
        }
    }

    /// <summary>A hand-written <c>Access-Control-Max-Age</c>: each constant it may write (both arms of a <c>?:</c>, ...).</summary>
    private static void AnalyzeHeaderWrite(OperationAnalysisContext context, HeaderWrite write)
    {
        if (!write.Is(HeaderName))
        {
            return;
        }

        foreach (var (source, text) in HandWrittenCors.ConstantLeaves(write.Value))
        {
            Report(context, source, PreflightMaxAges.SecondsOfHeader(text), s_seconds);
        }
    }

    private static void AnalyzeWebConfig(AdditionalFileAnalysisContext context)
    {
        if (WebConfigCors.Read(context.AdditionalFile, context.CancellationToken) is { } file
            && file.TryGetValue(HeaderName, out var value)
            && PreflightMaxAges.SecondsOfHeader(value.Value) is { } seconds
            && PreflightMaxAges.IsTooLong(seconds))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.LongPreflightCache, value.Location, s_configured, value.Describe(), PreflightMaxAges.Format(seconds)));
        }
    }

    private static void Report(OperationAnalysisContext context, IOperation value, double? seconds, ImmutableDictionary<string, string?> properties)
    {
        // Half-typed code is not a value yet: no suggestion while the user is still typing it.
        if (PreflightMaxAges.IsTooLong(seconds) && !value.Syntax.ContainsDiagnostics)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.LongPreflightCache, value.Syntax.GetLocation(), properties, value.Syntax.ToString(), PreflightMaxAges.Format(seconds!.Value)));
        }
    }
}
