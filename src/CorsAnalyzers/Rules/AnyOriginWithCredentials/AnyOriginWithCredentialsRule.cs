using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS002: one CORS policy that accepts every origin and also allows credentials.
/// </summary>
/// <remarks>
/// <para>A policy is one fluent chain, or every call on one builder or policy (a parameter, local or field) in one
/// method or lambda, or one Web API <c>EnableCorsAttribute</c>. Steps are replayed in order as the framework applies
/// them (see <see cref="CorsPolicyDefinition.FindAnyOriginWithCredentials"/>), over every combination of branches.</para>
/// <para>Reported at the any-origin part (<c>AllowAnyOrigin()</c>, <c>WithOrigins("*")</c>, <c>SetIsOriginAllowed(_ =&gt; true)</c>,
/// <c>new CorsPolicyBuilder("*")</c>, <c>Origins.Add("*")</c>, the Web API origins argument), with the credentials part
/// as additional location; OWIN's <c>CorsOptions.AllowAll</c> is both parts at once. The message says what happens: where
/// the origins are exactly <c>["*"]</c>, ASP.NET Core refuses the policy (<c>Build()</c> throws at start-up, at the
/// <c>UseCors</c>/<c>RequireCors</c> call or at the <c>Build()</c> call; a hand-made <c>CorsPolicy</c> throws per request), and
/// the message names where; an always-true predicate, Web API, OWIN and hand-written headers run, and every site is let in.</para>
/// <para>The diagnostic says which kind of finding it is (<see cref="DiagnosticProperties.Kind"/>: policy, hand-written header,
/// OWIN, configuration file) and, for a policy, the kind of its any-origin step (<see cref="DiagnosticProperties.AnyOriginStep"/>).</para>
/// <para>Hand-written headers: <c>Access-Control-Allow-Origin: *</c> and <c>Access-Control-Allow-Credentials: true</c> written
/// in the same method or lambda (any write form <see cref="HeaderWrites"/> knows). Reported at the <c>"*"</c> value, with
/// the credentials write as additional location; the message names both writes. Browsers refuse this pair, so the
/// danger is the usual "fix" of echoing the request's Origin instead, which CORS001 reports.</para>
/// </remarks>
public sealed class AnyOriginWithCredentialsRule : CorsRule
{
    private const string OwinAllowAll = "CorsOptions.AllowAll";

    /// <summary>The message's end where the framework runs the policy (or the headers are written by hand).</summary>
    private const string EveryOrigin = "so every site can send credentialed requests and read the responses";

    private static readonly ImmutableDictionary<string, string?> s_configured = DiagnosticProperties.OfKind(DiagnosticProperties.Kinds.Configured);

    public override DiagnosticDescriptor Descriptor => Descriptors.AnyOriginWithCredentials;

    internal override void Start(RuleStart start)
    {
        var knowledge = start.Knowledge;
        var symbols = knowledge.Symbols;
        start.OnAdditionalFile(AnalyzeWebConfig);
        if (symbols.HasHeaderApis)
        {
            start.OnHeaderWrite((c, write) => AnalyzeHeaderWrite(c, write, knowledge));
        }

        if (!symbols.HasPolicyApis)
        {
            return;
        }

        var policies = knowledge.CorsPolicies;
        var configured = ConfiguredOrigins.Create(start.Compilation, start.Options);
        if (symbols.CorsPolicyBuilder is not null || symbols.CorsPolicy is not null || symbols.WebApiEnableCorsAttribute is not null)
        {
            start.OnPolicyStep((c, step) => AnalyzeStep(c, step, policies, configured));
        }

        if (symbols.WebApiEnableCorsAttribute is not null)
        {
            // Each attribute is a policy of its own (the step handler leaves attributes to this action).
            start.OnOperation(
                c =>
                {
                    var steps = c.Operation.Descendants().Select(o => policies.GetStep(o, c.CancellationToken)).OfType<PolicyStep>();
                    foreach (var policy in CorsPolicies.Group(steps))
                    {
                        Report(policy, anchor: null, policies, configured, c.ReportDiagnostic, c.CancellationToken);
                    }
                },
                OperationKind.Attribute);
        }

        if (symbols.OwinCorsOptions is not null)
        {
            start.OnOperation(
                c =>
                {
                    if (policies.IsOwinAllowAll(c.Operation))
                    {
                        c.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.AnyOriginWithCredentials,
                            c.Operation.Syntax.GetLocation(),
                            DiagnosticProperties.OfKind(DiagnosticProperties.Kinds.OwinAllowAll),
                            c.Operation.Syntax.ToString(),
                            OwinAllowAll,
                            EveryOrigin));
                    }
                },
                OperationKind.PropertyReference);
        }
    }

    /// <summary>IIS custom headers in a web.config: <c>Access-Control-Allow-Origin: *</c> beside <c>Access-Control-Allow-Credentials: true</c>.</summary>
    private static void AnalyzeWebConfig(AdditionalFileAnalysisContext context)
    {
        if (WebConfigCors.Read(context.AdditionalFile, context.CancellationToken) is not { } file
            || WebConfigCors.AllowedOrigin(file) is not { } origin || origin.Value!.Trim() != "*"
            || WebConfigCors.CredentialsAllowed(file) is not { } credentials)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.AnyOriginWithCredentials, origin.Location, new[] { credentials.Location }, s_configured, origin.Describe(), credentials.Describe(), EveryOrigin));
    }

    /// <summary>An <c>Access-Control-Allow-Origin: *</c> write, and a credentials write in the same function.</summary>
    private static void AnalyzeHeaderWrite(OperationAnalysisContext context, HeaderWrite write, CorsKnowledge knowledge)
    {
        if (!write.Is(HttpHeaderName.AccessControlAllowOrigin)
            || write.Value is not { } value
            || HandWrittenCors.ConstantOf(value)?.Trim() != "*")
        {
            return;
        }

        foreach (var other in knowledge.HandWrittenCors.WritesIn(HandWrittenCors.EnclosingFunction(write.Operation)))
        {
            if (HandWrittenCors.AllowsCredentials(other))
            {
                var credentials = other.Operation.Syntax;
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.AnyOriginWithCredentials,
                    value.Syntax.GetLocation(),
                    new[] { credentials.GetLocation() },
                    DiagnosticProperties.OfKind(DiagnosticProperties.Kinds.HeaderWrite),
                    CorsPolicies.CodeAt(write.Operation.Syntax.SyntaxTree, write.Operation.Syntax.Span),
                    CorsPolicies.CodeAt(credentials.SyntaxTree, credentials.Span),
                    EveryOrigin));
                return;
            }
        }
    }

    /// <summary>
    /// Judges the policy of a step that may make it accept any origin, and reports what is found at that step: each
    /// finding once, from the analysis of the code that holds its any-origin part.
    /// </summary>
    private static void AnalyzeStep(OperationAnalysisContext context, PolicyStep step, CorsPolicies policies, ConfiguredOrigins configured)
    {
        if (step.Kind is not (PolicyStepKind.AllowAnyOrigin or PolicyStepKind.AddOrigins or PolicyStepKind.SetOriginPredicate)
            || IsInAttribute(step.Operation)
            || policies.PolicyOf(step, context.CancellationToken) is not { } policy)
        {
            return;
        }

        Report(policy, step.Operation, policies, configured, context.ReportDiagnostic, context.CancellationToken);
    }

    /// <summary>
    /// The message's end for a policy whose origins are exactly <c>["*"]</c>: what ASP.NET Core does instead of running it
    /// (<see cref="CorsPolicies.RefusalOf"/>). The danger there is the usual way out, <c>SetIsOriginAllowed(_ =&gt; true)</c>.
    /// </summary>
    private static string Consequence(PolicyRefusal refusal)
        => refusal.Kind switch
        {
            RefusalKind.BuildAtStartUp => $"which ASP.NET Core refuses: Build() throws InvalidOperationException at start-up, when '{refusal.Code}' builds the policy",
            RefusalKind.BuildAtCall => $"which ASP.NET Core refuses: Build() throws InvalidOperationException when '{refusal.Code}' builds the policy",
            RefusalKind.BuildCall => $"which ASP.NET Core refuses: '{refusal.Code}' throws InvalidOperationException",
            RefusalKind.Build => "which ASP.NET Core refuses: CorsPolicyBuilder.Build() throws InvalidOperationException",
            RefusalKind.EveryRequest => "which ASP.NET Core refuses: every request with an Origin header throws ArgumentException",
            _ => EveryOrigin,
        };

    private static bool IsInAttribute(IOperation operation) => operation.Root() is IAttributeOperation;

    /// <summary>The policy's findings whose any-origin part is <paramref name="anchor"/> (all of them when it is null).</summary>
    private static void Report(CorsPolicyDefinition policy, IOperation? anchor, CorsPolicies policies, ConfiguredOrigins configured, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        string? refused = null;
        string Refused() => refused ??= Consequence(policies.RefusalOf(policy));

        // "*" from appsettings: reported in the JSON file, at the value, with the reading code and the credentials step.
        foreach (var (anyOrigin, reading, credentials) in configured.FindAnyOriginWithCredentials(policy, cancellationToken))
        {
            if (anchor is null || ReferenceEquals(reading.Operation, anchor))
            {
                report(Diagnostic.Create(
                    Descriptors.AnyOriginWithCredentials,
                    anyOrigin.Location,
                    new[] { reading.ReportLocation, credentials.ReportLocation },
                    s_configured,
                    anyOrigin.Describe(),
                    credentials.Code,
                    Refused()));
            }
        }

        foreach (var finding in policy.FindAnyOriginWithCredentials(cancellationToken))
        {
            if (anchor is null || ReferenceEquals(finding.AnyOrigin.Operation, anchor))
            {
                report(Diagnostic.Create(
                    Descriptors.AnyOriginWithCredentials,
                    finding.AnyOrigin.ReportLocation,
                    PredicateElsewhere(finding.AnyOrigin, cancellationToken) is { } predicate
                        ? new[] { finding.Credentials.ReportLocation, predicate }
                        : new[] { finding.Credentials.ReportLocation },
                    DiagnosticProperties.OfKind(DiagnosticProperties.Kinds.Policy).Add(DiagnosticProperties.AnyOriginStep, finding.AnyOrigin.Kind.ToString()),
                    finding.AnyOrigin.Code,
                    finding.Credentials.Code,
                    finding.SetsAllowAnyOrigin ? Refused() : EveryOrigin));
            }
        }
    }

    /// <summary>
    /// <c>SetIsOriginAllowed(OriginRules.AllowAll)</c> with <c>AllowAll</c> declared in another file: its name there, the
    /// diagnostic's last additional location (the finding is reported at the step, where the IDE shows it live).
    /// </summary>
    private static Location? PredicateElsewhere(PolicyStep step, CancellationToken cancellationToken)
        => step.Kind == PolicyStepKind.SetOriginPredicate
           && Callables.Resolve(step.Predicate, cancellationToken) is { Symbol: { Locations: { Length: > 0 } locations } } callable
           && callable.Body.Syntax.SyntaxTree != step.Operation.Syntax.SyntaxTree
            ? locations[0]
            : null;
}
