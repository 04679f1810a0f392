using System.Collections.Concurrent;
using System.Collections.Immutable;
using CorsAnalyzers.Dispatch;
using CorsAnalyzers.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace CorsAnalyzers.Tests;

/// <summary>
/// Runs one analyzer over a source outside the markup harness: for what the harness does not show, namely which
/// actions the analyzer registered (telemetry) and whether it threw on half-typed code.
/// </summary>
internal sealed class AnalyzerRun
{
    private AnalyzerRun(ImmutableArray<Diagnostic> diagnostics, IReadOnlyList<string> exceptions, AnalyzerTelemetryInfo telemetry)
    {
        Diagnostics = diagnostics;
        Exceptions = exceptions;
        Telemetry = telemetry;
    }

    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>Every exception the analyzer threw, and every AD0001 it caused.</summary>
    public IReadOnlyList<string> Exceptions { get; }

    public AnalyzerTelemetryInfo Telemetry { get; }

    /// <summary>Runs one rule as the package runs it (inside <see cref="CorsAnalyzer"/>).</summary>
    public static Task<AnalyzerRun> RunAsync(CorsRule rule, string source, bool aspNetCore) => RunAsync(new CorsAnalyzer(rule), source, aspNetCore);

    public static Task<AnalyzerRun> RunAsync(DiagnosticAnalyzer analyzer, string source, bool aspNetCore)
        => RunAsync(
            analyzer,
            source,
            aspNetCore ? ReferenceAssemblies.AspNetCore : ReferenceAssemblies.NetCore,
            aspNetCore ? string.Concat(ProjectBuilder.WebImplicitUsings.Select(u => $"global using global::{u};\n")) : string.Empty);

    public static async Task<AnalyzerRun> RunAsync(DiagnosticAnalyzer analyzer, string source, IEnumerable<MetadataReference> references, string globalUsings = "")
    {
        var compilation = CSharpCompilation.Create(
            "Run",
            new[] { CSharpSyntaxTree.ParseText(source, path: "/0/Test0.cs"), CSharpSyntaxTree.ParseText(globalUsings, path: "/0/GlobalUsings.g.cs") },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var exceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, _, _) => exceptions.Enqueue(exception.ToString()),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: true);
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
        foreach (var crash in diagnostics.Where(d => d.Id == "AD0001"))
        {
            exceptions.Enqueue(crash.GetMessage());
        }

        return new AnalyzerRun(diagnostics, exceptions.ToList(), telemetry);
    }
}
