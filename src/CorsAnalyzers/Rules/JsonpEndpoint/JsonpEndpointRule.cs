using System;
using System.Collections.Immutable;
using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CorsAnalyzers.Rules;

/// <summary>
/// CORS012: a JSONP endpoint, which any site can read with a <c>&lt;script&gt;</c> tag and the user's ambient credentials.
/// </summary>
/// <remarks>
/// <para>Hand-written JSONP: a response body built so that a request value (<see cref="RequestValues"/>) is followed at once
/// by <c>"("</c> (<see cref="JsonpWraps"/>), written by <c>Content(...)</c>, <c>Results.Content/Text</c>, a
/// <c>ContentResult.Content</c>, <c>Response.Write/WriteAsync</c> or a <c>TextWriter</c> (a formatter's or a result's
/// writer). Reported at the body. Silent when the callback name is checked against a pattern (an <c>IsMatch</c> on it in
/// the same function) and nothing marks the endpoint as per-user (<c>[Authorize]</c>, <c>RequireAuthorization</c>, reads of
/// <c>User</c>, cookies or the session); an unchecked name is also reflected script, and the message says so.</para>
/// <para>JSONP formatters: <c>AddJsonpOutputFormatter</c>, <c>AddJsonpFormatter</c>, <c>new JsonpMediaTypeFormatter(...)</c>.
/// WCF: <c>CrossDomainScriptAccessEnabled = true</c> on a System.ServiceModel type, and
/// <c>crossDomainScriptAccessEnabled="true"</c> / <c>javascriptCallbackEnabled="true"</c> in web.config (reported in the file).</para>
/// </remarks>
public sealed class JsonpEndpointRule : CorsRule
{
    private const string Wraps = "wraps the response in a function the request names (JSONP)";
    private const string Unchecked = "; the callback name reaches the script unchecked, so it is also reflected script (XSS, CWE-79)";

    private static readonly ImmutableDictionary<string, string?> s_wcf = DiagnosticProperties.OfKind(DiagnosticProperties.Kinds.CrossDomainScriptAccess);
    private static readonly ImmutableDictionary<string, string?> s_configured = DiagnosticProperties.OfKind(DiagnosticProperties.Kinds.Configured);

    public override DiagnosticDescriptor Descriptor => Descriptors.JsonpEndpoint;

    internal override void Start(RuleStart start)
    {
        // A project that serves no HTTP (no ASP.NET Core, System.Web, Functions, Web API formatter or WCF web binding) pays nothing.
        var symbols = start.Knowledge.Symbols;
        start.OnAdditionalFile(AnalyzeWebConfig);
        var serves = symbols.HasWebServerApis || symbols.MediaTypeFormatter is not null;
        if (serves)
        {
            start.OnInvocation(name => name is "AddJsonpOutputFormatter" or "AddJsonpFormatter" or "Content" or "Text" or "Write" or "WriteAsync" or "WriteLine", c => AnalyzeInvocation(c, symbols));
            start.OnOperation(AnalyzeCreation, OperationKind.ObjectCreation);
        }

        if (serves || symbols.WebHttpBinding is not null)
        {
            start.OnOperation(c => AnalyzeAssignment(c, symbols, serves), OperationKind.SimpleAssignment);
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, KnownSymbols symbols)
    {
        var call = (IInvocationOperation)context.Operation;
        switch (call.TargetMethod.Name)
        {
            case "AddJsonpOutputFormatter" or "AddJsonpFormatter":
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.JsonpEndpoint, call.Syntax.GetLocation(), call.Syntax.ToString(), "registers a JSONP formatter", string.Empty));
                return;

            case "Content" or "Text" or "Write" or "WriteAsync" or "WriteLine" when IsResponseWriter(call.TargetMethod):
                AnalyzeBody(context, BodyArgument(call), symbols);
                return;
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context)
    {
        if (context.Operation is IObjectCreationOperation { Type.Name: "JsonpMediaTypeFormatter" } creation)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.JsonpEndpoint, creation.Syntax.GetLocation(), creation.Syntax.ToString(), "registers a JSONP formatter", string.Empty));
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, KnownSymbols symbols, bool serves)
    {
        if (context.Operation is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { } property } } assignment)
        {
            return;
        }

        // WCF: binding.CrossDomainScriptAccessEnabled = true (WebHttpBinding, WebScriptEndpoint, WebHttpEndpoint, ...).
        if (property.Name == "CrossDomainScriptAccessEnabled"
            && IsIn(property.ContainingType, "System", "ServiceModel")
            && assignment.Value.WalkDownConversions() is { ConstantValue: { HasValue: true, Value: true } } enabled)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.JsonpEndpoint, enabled.Syntax.GetLocation(), s_wcf, property.Name + " = " + enabled.Syntax, "lets WCF answer with JSONP", string.Empty));
        }
        else if (serves && property.Name == "Content" && property.ContainingType is { Name: "ContentResult" })
        {
            AnalyzeBody(context, assignment.Value, symbols);
        }
    }

    private static void AnalyzeWebConfig(AdditionalFileAnalysisContext context)
    {
        if (WebConfigCors.Read(context.AdditionalFile, context.CancellationToken) is not { } file)
        {
            return;
        }

        foreach (var flag in WebConfigReader.ReadAttributes(file, file.Text.ToString(), "crossDomainScriptAccessEnabled", "javascriptCallbackEnabled"))
        {
            if (string.Equals(flag.Value?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.JsonpEndpoint, flag.Location, s_configured, flag.Describe(), "lets WCF answer with JSONP", string.Empty));
            }
        }
    }

    private static void AnalyzeBody(OperationAnalysisContext context, IOperation? body, KnownSymbols symbols)
    {
        // A constant body (most Content("...") and Write("...") calls) names no callback: nothing is traced or allocated for it.
        body = body.WalkDownConversions();
        if (body is null || body.ConstantValue.HasValue || body.Syntax.ContainsDiagnostics || JsonpWraps.CallbackOf(body, symbols) is not { } callback)
        {
            return;
        }

        var isChecked = CallbackChecks.IsChecked(callback, body);
        if (isChecked && !CallbackChecks.IsPerUser(body, context.ContainingSymbol))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.JsonpEndpoint, body.Syntax.GetLocation(), body.Syntax.ToString(), Wraps, isChecked ? string.Empty : Unchecked));
    }

    /// <summary>
    /// A call that writes a response body: <c>Content(...)</c> of a controller or <c>Results</c>, <c>Results.Text</c>,
    /// <c>Response.Write/WriteAsync</c> (ASP.NET Core's extensions, System.Web's methods), and a <c>TextWriter</c>'s writes.
    /// </summary>
    private static bool IsResponseWriter(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == "TextWriter" && IsIn(current, "System", "IO"))
            {
                return method.Name is "Write" or "WriteAsync" or "WriteLine";
            }
        }

        return IsIn(type, "Microsoft", "AspNetCore") || IsIn(type, "System", "Web");
    }

    /// <summary>The first string argument after the receiver (the body).</summary>
    private static IOperation? BodyArgument(IInvocationOperation call)
    {
        var skip = call.Instance is null && call.TargetMethod.IsExtensionMethod ? 1 : 0;
        for (var i = skip; i < call.Arguments.Length; i++)
        {
            var value = call.Arguments[i].Value.WalkDownConversions();
            if (call.Arguments[i].Parameter?.Type.SpecialType == SpecialType.System_String || value?.Type?.SpecialType == SpecialType.System_String)
            {
                return call.Arguments[i].Value;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="type"/> is in <c>first.second</c> or a namespace under it.</summary>
    private static bool IsIn(INamedTypeSymbol type, string first, string second)
    {
        INamespaceSymbol? top = null, next = null;
        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            next = top;
            top = ns;
        }

        return top?.Name == first && next?.Name == second;
    }
}
