using System.Collections.Immutable;
using CorsAnalyzers.CodeFixes.Rules;
using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Tests;

/// <summary>
/// The hand-off from a rule to its fixer (<see cref="DiagnosticProperties"/>): the rule says which kind of finding it
/// reports, and the fixer acts on that kind only, offering nothing where the code at the location is not of that kind
/// (a diagnostic older than the text, in an IDE). The rule and fixer tests show the fixes themselves; this shows the
/// property they pass, which those tests cannot see.
/// </summary>
public sealed class DiagnosticHandOffTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Cors.Infrastructure;
        using Microsoft.AspNetCore.Http;

        class CorsSetup
        {
            private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "https://app.example" };

            public CorsPolicy Policy() => new CorsPolicyBuilder().WithOrigins("https://app.example", "null").Build();

            public void Echo(HttpContext context)
            {
                var origin = context.Request.Headers.Origin.ToString();
                if (origin == "https://app.example" || origin == "null")
                {
                    context.Response.Headers["Access-Control-Allow-Origin"] = origin;
                    context.Response.Headers.Append("Vary", "Origin");
                }
            }

            public void Write(HttpContext context)
            {
                context.Response.Headers["Access-Control-Allow-Origin"] = "null";
            }
        }
        """;

    private static readonly string[] s_kinds = { DiagnosticProperties.Kinds.ListEntry, DiagnosticProperties.Kinds.Test, DiagnosticProperties.Kinds.HeaderWrite };

    [Fact]
    public async Task Null_origin_says_which_kind_of_finding_and_its_fixer_acts_on_that_kind_only()
    {
        using var workspace = new AdhocWorkspace();
        var document = RobustnessChecker.CreateDocument(workspace, Source, withGlobalUsings: false, withAspNetCore: true);
        var compilation = (await document.Project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CorsAnalyzer(new NullOriginRule())))
            .GetAnalyzerDiagnosticsAsync();

        // One finding of each kind, in the order of the source.
        Assert.Equal(s_kinds, diagnostics.OrderBy(d => d.Location.SourceSpan.Start).Select(DiagnosticProperties.KindOf));

        var fixer = new NullOriginFixer();
        foreach (var diagnostic in diagnostics)
        {
            Assert.Single(await ActionsAsync(fixer, document, diagnostic));

            // Told another kind, or none, the fixer finds no such code at the location and offers nothing.
            foreach (var other in s_kinds.Where(k => k != DiagnosticProperties.KindOf(diagnostic)))
            {
                Assert.Empty(await ActionsAsync(fixer, document, WithProperties(diagnostic, diagnostic.Properties.SetItem(DiagnosticProperties.Kind, other))));
            }

            Assert.Empty(await ActionsAsync(fixer, document, WithProperties(diagnostic, diagnostic.Properties.Remove(DiagnosticProperties.Kind))));
        }
    }

    private const string PreflightSource = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        static class Program
        {
            public static void Configure(IServiceCollection services, WebApplication app)
            {
                services.AddAuthentication().AddBearerToken();
                services.AddCors(o => o.AddPolicy("P", b => b.WithOrigins("https://app.example").WithMethods("GET").WithHeaders("Content-Type")));
                app.Use(async (context, next) =>
                {
                    context.Response.Headers["Access-Control-Allow-Methods"] = "GET";
                    await next(context);
                });
                app.MapDelete("/a", () => "a").RequireAuthorization().RequireCors("P");
                app.MapPut("/b", () => "b");
            }
        }
        """;

    private static readonly string[] s_preflightKinds = { DiagnosticProperties.Kinds.MethodList, DiagnosticProperties.Kinds.HeaderList, DiagnosticProperties.Kinds.HeaderWrite };

    [Fact]
    public async Task Refused_preflight_says_which_list_and_what_is_missing_and_its_fixer_acts_on_that_only()
    {
        using var workspace = new AdhocWorkspace();
        var document = RobustnessChecker.CreateDocument(workspace, PreflightSource, withGlobalUsings: false, withAspNetCore: true);
        var compilation = (await document.Project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CorsAnalyzer(new RefusedPreflightRule())))
            .GetAnalyzerDiagnosticsAsync();

        // One finding of each kind, in the order of the source, each with what its fix adds.
        var ordered = diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(s_preflightKinds, ordered.Select(DiagnosticProperties.KindOf));
        Assert.Equal(new[] { "DELETE", "Authorization", "PUT" }, ordered.Select(d => DiagnosticProperties.ValueOf(d, DiagnosticProperties.Missing)));

        var fixer = new RefusedPreflightFixer();
        foreach (var diagnostic in ordered)
        {
            Assert.Single(await ActionsAsync(fixer, document, diagnostic));

            // Told another kind, or no kind, or nothing missing, the fixer finds no such list at the location and offers nothing.
            foreach (var other in s_preflightKinds.Where(k => k != DiagnosticProperties.KindOf(diagnostic)))
            {
                Assert.Empty(await ActionsAsync(fixer, document, WithProperties(diagnostic, diagnostic.Properties.SetItem(DiagnosticProperties.Kind, other))));
            }

            Assert.Empty(await ActionsAsync(fixer, document, WithProperties(diagnostic, diagnostic.Properties.Remove(DiagnosticProperties.Kind))));
            Assert.Empty(await ActionsAsync(fixer, document, WithProperties(diagnostic, diagnostic.Properties.Remove(DiagnosticProperties.Missing))));
        }
    }

    private static Diagnostic WithProperties(Diagnostic diagnostic, ImmutableDictionary<string, string?> properties)
        => Diagnostic.Create(diagnostic.Descriptor, diagnostic.Location, diagnostic.AdditionalLocations, properties);

    private static async Task<List<CodeAction>> ActionsAsync(CodeFixProvider fixer, Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return actions;
    }
}
