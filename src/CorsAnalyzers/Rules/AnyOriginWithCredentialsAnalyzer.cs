using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
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
/// as additional location; OWIN's <c>CorsOptions.AllowAll</c> is both parts at once.</para>
/// <para>Hand-written headers: <c>Access-Control-Allow-Origin: *</c> and <c>Access-Control-Allow-Credentials: true</c> written
/// in the same method or lambda (any write form <see cref="HeaderWrites"/> knows). Reported at the <c>"*"</c> value, with
/// the credentials write as additional location; the message names both writes. Browsers refuse this pair, so the
/// danger is the usual "fix" of echoing the request's Origin instead, which CORS001 reports.</para>
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AnyOriginWithCredentialsAnalyzer : DiagnosticAnalyzer
{
    private const string OwinAllowAll = "CorsOptions.AllowAll";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.AnyOriginWithCredentials);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        var knowledge = CorsKnowledge.Create(context.Compilation);
        var symbols = knowledge.Symbols;
        context.RegisterAdditionalFileAction(AnalyzeWebConfig);
        if (symbols.HasHeaderApis)
        {
            context.RegisterOperationAction(c => AnalyzeHeaderWrite(c, knowledge), HeaderWrites.OperationKinds);
        }

        if (!symbols.HasPolicyApis)
        {
            return;
        }

        var policies = knowledge.Policies;
        var configured = ConfiguredOrigins.Create(context.Compilation, context.Options);
        if (symbols.CorsPolicyBuilder is not null || symbols.CorsPolicy is not null || symbols.WebApiEnableCorsAttribute is not null)
        {
            context.RegisterOperationBlockStartAction(block => CollectPolicies(block, policies, configured));
        }

        if (symbols.WebApiEnableCorsAttribute is not null)
        {
            // Each attribute is a policy of its own (the block collector leaves attributes to this action).
            context.RegisterOperationAction(
                c =>
                {
                    var steps = c.Operation.Descendants().Select(o => policies.GetStep(o, c.CancellationToken)).OfType<PolicyStep>();
                    Report(CorsPolicies.Group(steps), configured, c.ReportDiagnostic, c.CancellationToken);
                },
                OperationKind.Attribute);
        }

        if (symbols.OwinCorsOptions is not null)
        {
            context.RegisterOperationAction(
                c =>
                {
                    if (policies.IsOwinAllowAll(c.Operation))
                    {
                        c.ReportDiagnostic(Diagnostic.Create(Descriptors.AnyOriginWithCredentials, c.Operation.Syntax.GetLocation(), c.Operation.Syntax.ToString(), OwinAllowAll));
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

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.AnyOriginWithCredentials, origin.Location, new[] { credentials.Location }, origin.Describe(), credentials.Describe()));
    }

    /// <summary>An <c>Access-Control-Allow-Origin: *</c> write, and a credentials write in the same function.</summary>
    private static void AnalyzeHeaderWrite(OperationAnalysisContext context, CorsKnowledge knowledge)
    {
        if (!knowledge.Headers.TryGetWrite(context.Operation, out var write)
            || !write.Is(HttpHeaderName.AccessControlAllowOrigin)
            || write.Value is not { } value
            || HandWrittenCors.ConstantOf(value)?.Trim() != "*")
        {
            return;
        }

        foreach (var other in knowledge.HandWritten.WritesIn(HandWrittenCors.EnclosingFunction(write.Operation)))
        {
            if (HandWrittenCors.AllowsCredentials(other))
            {
                var credentials = other.Operation.Syntax;
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.AnyOriginWithCredentials,
                    value.Syntax.GetLocation(),
                    new[] { credentials.GetLocation() },
                    CorsPolicies.CodeAt(write.Operation.Syntax.SyntaxTree, write.Operation.Syntax.Span),
                    CorsPolicies.CodeAt(credentials.SyntaxTree, credentials.Span)));
                return;
            }
        }
    }

    /// <summary>Collects the policy steps of one method (lambdas included), then judges each policy at the end.</summary>
    private static void CollectPolicies(OperationBlockStartAnalysisContext context, CorsPolicies policies, ConfiguredOrigins configured)
    {
        var steps = new List<PolicyStep>();
        context.RegisterOperationAction(
            c =>
            {
                if (policies.GetStep(c.Operation, c.CancellationToken) is { } step && !IsInAttribute(c.Operation))
                {
                    lock (steps)
                    {
                        steps.Add(step);
                    }
                }
            },
            CorsPolicies.StepOperationKinds);

        context.RegisterOperationBlockEndAction(c =>
        {
            if (steps.Count == 0)
            {
                return;
            }

            Report(CorsPolicies.Group(steps), configured, c.ReportDiagnostic, c.CancellationToken);
        });
    }

    private static bool IsInAttribute(IOperation operation)
    {
        while (operation.Parent is { } parent)
        {
            operation = parent;
        }

        return operation is IAttributeOperation;
    }

    private static void Report(ImmutableArray<CorsPolicyDefinition> policies, ConfiguredOrigins configured, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        foreach (var policy in policies)
        {
            // "*" from appsettings: reported in the JSON file, at the value, with the reading code and the credentials step.
            foreach (var (anyOrigin, reading, credentials) in configured.FindAnyOriginWithCredentials(policy, cancellationToken))
            {
                report(Diagnostic.Create(
                    Descriptors.AnyOriginWithCredentials,
                    anyOrigin.Location,
                    new[] { reading.ReportLocation, credentials.ReportLocation },
                    anyOrigin.Describe(),
                    credentials.Code));
            }

            foreach (var finding in policy.FindAnyOriginWithCredentials(cancellationToken))
            {
                report(Diagnostic.Create(
                    Descriptors.AnyOriginWithCredentials,
                    finding.AnyOrigin.ReportLocation,
                    new[] { finding.Credentials.ReportLocation },
                    finding.AnyOrigin.Code,
                    finding.Credentials.Code));
            }
        }
    }
}
