using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace CorsAnalyzers.Benchmarks;

/// <summary>What to measure.</summary>
public sealed class BenchmarkSettings
{
    public IReadOnlyList<int> Sizes { get; init; } = new[] { 100, 1000, 3000 };

    public IReadOnlyList<ProjectVariant> Variants { get; init; } = new[] { ProjectVariant.Cors, ProjectVariant.NoCors, ProjectVariant.OriginEverywhere, ProjectVariant.Synth, ProjectVariant.Console };

    /// <summary>Timed runs of each configuration; the report gives medians.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Runs with per-analyzer execution-time logging (reported separately; logging itself costs a little).</summary>
    public int TelemetryRepeats { get; init; } = 2;

    public int Seed { get; init; } = 42;

    /// <summary>Measure each rule alone on every variant, not only on the CORS one.</summary>
    public bool PerRuleOnAllVariants { get; init; }

    /// <summary>The size of the untimed warm-up round (all variants, all configurations); 0 for none.</summary>
    public int WarmupSize { get; init; } = 60;

    public Action<string> Log { get; init; } = _ => { };
}

/// <summary>One timed run: process CPU time (the figure the tables use: on a shared machine it does not count the time other
/// processes held the cores), wall-clock time and bytes allocated.</summary>
public sealed record Sample(double Milliseconds, double WallMilliseconds, long AllocatedBytes);

/// <summary>The process's CPU time with sub-microsecond resolution where the OS offers it (Linux clock_gettime), else <see cref="Process.TotalProcessorTime"/>.</summary>
public static class CpuClock
{
    private const int ClockProcessCpuTimeId = 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static extern int ClockGetTime(int clockId, out TimeSpec time);

    private static readonly bool s_useClockGetTime = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && IntPtr.Size == 8 && Probe();

    private static bool Probe()
    {
        try
        {
            return ClockGetTime(ClockProcessCpuTimeId, out _) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    public static double NowMilliseconds()
    {
        if (s_useClockGetTime && ClockGetTime(ClockProcessCpuTimeId, out var t) == 0)
        {
            return (t.Seconds * 1000.0) + (t.Nanoseconds / 1_000_000.0);
        }

        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalMilliseconds;
    }
}

/// <summary>All timed runs of one configuration (compile, baseline, all rules, one rule).</summary>
public sealed class ConfigResult
{
    public ConfigResult(string name) => Name = name;

    public string Name { get; }

    public List<Sample> Samples { get; } = new();

    /// <summary>Diagnostics reported in the first run, by id.</summary>
    public ImmutableSortedDictionary<string, int> DiagnosticsById { get; set; } = ImmutableSortedDictionary<string, int>.Empty;

    public double MedianMs => Median(Samples.Select(s => s.Milliseconds));

    public double MedianWallMs => Median(Samples.Select(s => s.WallMilliseconds));

    public double MedianAllocatedBytes => Median(Samples.Select(s => (double)s.AllocatedBytes));

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>Roslyn's own per-analyzer telemetry (medians over the telemetry runs).</summary>
public sealed record TelemetryRow(
    string Analyzer,
    double ExecutionMs,
    int CompilationStartActions,
    int OperationActions,
    int OperationBlockStartActions,
    int OperationBlockActions,
    int SymbolActions,
    int SymbolStartActions,
    int SyntaxNodeActions,
    int SyntaxTreeActions,
    int SemanticModelActions,
    int CodeBlockStartActions,
    int CompilationEndActions);

/// <summary>Everything measured for one generated project.</summary>
public sealed class VariantResult
{
    public required ProjectVariant Variant { get; init; }

    public required int Files { get; init; }

    public required int CorsFiles { get; init; }

    public required long SourceLines { get; init; }

    public required ConfigResult Compile { get; init; }

    public required ImmutableArray<Diagnostic> CompilerErrors { get; init; }

    public required ConfigResult Baseline { get; init; }

    /// <summary>All CorsAnalyzers rules together; null when the assembly has no analyzer yet.</summary>
    public ConfigResult? Ours { get; init; }

    public List<ConfigResult> PerRule { get; } = new();

    public List<TelemetryRow> Telemetry { get; } = new();

    /// <summary>Each rule's own time when it runs as an analyzer of its own (see <see cref="Measurement.MeasureProject"/>), by <see cref="AnalyzerDiscovery.Name"/>.</summary>
    public Dictionary<string, double> PerRuleTelemetryMs { get; } = new();

    public List<string> AnalyzerExceptions { get; } = new();

    /// <summary>Median over the rounds of (ours − baseline) measured back to back: less noisy than the difference of two medians.</summary>
    public double PairedOverheadMs { get; set; } = double.NaN;
}

/// <summary>Compiles generated projects and times analysis with the baseline, with all our rules and with each rule alone.</summary>
public static class Measurement
{
    public const string BaselineName = "baseline (empty analyzer)";
    public const string OursName = "all CorsAnalyzers rules";

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.None);

    /// <summary>Single-threaded compilation and analysis: the numbers are steadier on a small shared machine.</summary>
    public static CSharpCompilationOptions CompilationOptions(bool library) => new(
        library ? OutputKind.DynamicallyLinkedLibrary : OutputKind.ConsoleApplication,
        nullableContextOptions: NullableContextOptions.Enable,
        concurrentBuild: false,
        optimizationLevel: OptimizationLevel.Release);

    public static ImmutableArray<MetadataReference> References(GeneratedProject project)
        => project.UsesAspNetCore ? CorsAnalyzers.Tests.Harness.ReferenceAssemblies.AspNetCore : CorsAnalyzers.Tests.Harness.ReferenceAssemblies.NetCore;

    /// <summary>Parse, create the compilation and get its diagnostics: what the compiler does without analyzers.</summary>
    public static (CSharpCompilation Compilation, ImmutableArray<Diagnostic> Diagnostics) Compile(GeneratedProject project)
    {
        var trees = project.Files
            .Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, path: "/generated/" + f.Path))
            .ToArray();
        var compilation = CSharpCompilation.Create(
            "Generated" + project.Variant + project.Files.Count,
            trees,
            References(project),
            CompilationOptions(library: false));
        return (compilation, compilation.GetDiagnostics());
    }

    public static (CSharpCompilation Compilation, ImmutableArray<Diagnostic> Diagnostics, Sample Sample) TimedCompile(GeneratedProject project)
    {
        Quiesce();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = CpuClock.NowMilliseconds();
        var watch = Stopwatch.StartNew();
        var (compilation, diagnostics) = Compile(project);
        watch.Stop();
        var sample = new Sample(CpuClock.NowMilliseconds() - cpu, watch.Elapsed.TotalMilliseconds, GC.GetTotalAllocatedBytes(precise: true) - allocated);
        return (compilation, diagnostics, sample);
    }

    /// <summary>
    /// The project's AdditionalFiles as the compiler hands them to analyzers: each text loaded once, before any clock starts
    /// (reading the file is the compiler's work in a build, not the analyzers').
    /// </summary>
    public static ImmutableArray<AdditionalText> AdditionalTexts(GeneratedProject project)
        => project.AdditionalFiles.Select(f => (AdditionalText)new GeneratedAdditionalText("/generated/" + f.Path, f.Text)).ToImmutableArray();

    private sealed class GeneratedAdditionalText : AdditionalText
    {
        private readonly Microsoft.CodeAnalysis.Text.SourceText _text;

        public GeneratedAdditionalText(string path, string text) => (Path, _text) = (path, Microsoft.CodeAnalysis.Text.SourceText.From(text));

        public override string Path { get; }

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>One analysis run in a new <see cref="CompilationWithAnalyzers"/>, not concurrent.</summary>
    public static (Sample Sample, ImmutableArray<Diagnostic> Diagnostics, AnalyzerTelemetryInfo[]? Telemetry) Analyze(
        Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, bool logTime, ConcurrentBag<string> exceptions, ImmutableArray<AdditionalText> additionalFiles = default)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(additionalFiles.IsDefault ? ImmutableArray<AdditionalText>.Empty : additionalFiles),
            (exception, analyzer, _) => exceptions.Add(AnalyzerDiscovery.Name(analyzer) + ": " + exception.GetType().Name + ": " + exception.Message),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: logTime,
            reportSuppressedDiagnostics: false);

        // CompilationWithAnalyzers analyzes a copy of the compilation, whose assembly symbol (the binding of ~200 references)
        // is made again on first use. In a build the compiler has made it before any analyzer runs, so it is made here before
        // the clock starts; otherwise the first analyzer to ask for a type pays for it in the telemetry.
        var withAnalyzers = new CompilationWithAnalyzers(compilation, analyzers, options);
        _ = withAnalyzers.Compilation.Assembly;

        Quiesce();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = CpuClock.NowMilliseconds();
        var watch = Stopwatch.StartNew();
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        watch.Stop();
        var sample = new Sample(CpuClock.NowMilliseconds() - cpu, watch.Elapsed.TotalMilliseconds, GC.GetTotalAllocatedBytes(precise: true) - allocated);

        AnalyzerTelemetryInfo[]? telemetry = null;
        if (logTime)
        {
            telemetry = analyzers
                .Select(a => withAnalyzers.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult())
                .ToArray();
        }

        return (sample, diagnostics, telemetry);
    }

    public static IReadOnlyList<VariantResult> Run(BenchmarkSettings settings)
    {
        var ours = AnalyzerDiscovery.CreateAll();
        var baseline = ImmutableArray.Create<DiagnosticAnalyzer>(new BaselineAnalyzer());
        settings.Log($"Analyzers found in {AnalyzerDiscovery.AnalyzerAssembly.GetName().Name}: {(ours.IsEmpty ? "none" : string.Join(", ", ours.Select(AnalyzerDiscovery.Name)))}");

        if (settings.WarmupSize > 0)
        {
            settings.Log($"Warm-up at {settings.WarmupSize} files (not reported)");
            var warm = new BenchmarkSettings
            {
                Sizes = new[] { settings.WarmupSize },
                Variants = settings.Variants,
                Repeats = 2,
                TelemetryRepeats = 1,
                Seed = settings.Seed + 1,
                PerRuleOnAllVariants = true,
                WarmupSize = 0,
            };
            foreach (var variant in warm.Variants)
            {
                MeasureProject(ProjectGenerator.Generate(variant, Math.Max(settings.WarmupSize, 10), warm.Seed), warm, baseline, ours);
            }
        }

        var results = new List<VariantResult>();
        foreach (var size in settings.Sizes)
        {
            foreach (var variant in settings.Variants)
            {
                var project = ProjectGenerator.Generate(variant, size, settings.Seed);
                settings.Log($"{variant,-8} {size,5} files ({project.CorsFileCount} CORS files)...");
                var watch = Stopwatch.StartNew();
                var result = MeasureProject(project, settings, baseline, ours);
                settings.Log($"         CPU: compile {result.Compile.MedianMs,8:F0} ms, baseline {result.Baseline.MedianMs,8:F0} ms, ours {result.Ours?.MedianMs ?? double.NaN,8:F0} ms ({watch.Elapsed.TotalSeconds:F0} s)");
                results.Add(result);
            }
        }

        return results;
    }

    /// <summary>Compiles one project and measures every configuration on it, interleaved round by round.</summary>
    public static VariantResult MeasureProject(
        GeneratedProject project, BenchmarkSettings settings, ImmutableArray<DiagnosticAnalyzer> baseline, ImmutableArray<DiagnosticAnalyzer> ours)
    {
        var compile = new ConfigResult("compile");
        var additionalFiles = AdditionalTexts(project);
        CSharpCompilation? compilation = null;
        var compilerDiagnostics = ImmutableArray<Diagnostic>.Empty;
        for (var r = 0; r < settings.Repeats; r++)
        {
            var (c, d, sample) = TimedCompile(project);
            compile.Samples.Add(sample);
            compilation = c;
            compilerDiagnostics = d;
        }

        var result = new VariantResult
        {
            Variant = project.Variant,
            Files = project.Files.Count,
            CorsFiles = project.CorsFileCount,
            SourceLines = project.Files.Sum(f => (long)f.Text.Count(ch => ch == '\n') + 1),
            Compile = compile,
            CompilerErrors = compilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray(),
            Baseline = new ConfigResult(BaselineName),
            Ours = ours.IsEmpty ? null : new ConfigResult(OursName),
        };

        var exceptions = new ConcurrentBag<string>();
        var configs = new List<(ConfigResult Result, ImmutableArray<DiagnosticAnalyzer> Analyzers)> { (result.Baseline, baseline) };
        var perRule = AnalyzerDiscovery.CreatePerRule();
        if (result.Ours is not null)
        {
            configs.Add((result.Ours, ours));
            if (perRule.Length > 1 && (project.Variant is ProjectVariant.Cors or ProjectVariant.JavaScript || settings.PerRuleOnAllVariants))
            {
                foreach (var analyzer in perRule)
                {
                    var alone = new ConfigResult(AnalyzerDiscovery.Name(analyzer));
                    result.PerRule.Add(alone);
                    configs.Add((alone, ImmutableArray.Create(analyzer)));
                }
            }
        }

        var pairedOverheads = new List<double>();
        for (var r = 0; r < settings.Repeats; r++)
        {
            double baselineMs = double.NaN;
            foreach (var (config, analyzers) in configs)
            {
                var (sample, diagnostics, _) = Analyze(compilation!, analyzers, logTime: false, exceptions, additionalFiles);
                config.Samples.Add(sample);
                if (r == 0)
                {
                    config.DiagnosticsById = diagnostics.GroupBy(d => d.Id).ToImmutableSortedDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                }

                if (ReferenceEquals(config, result.Baseline))
                {
                    baselineMs = sample.Milliseconds;
                }
                else if (ReferenceEquals(config, result.Ours))
                {
                    pairedOverheads.Add(sample.Milliseconds - baselineMs);
                }
            }
        }

        result.PairedOverheadMs = ConfigResult.Median(pairedOverheads);

        // Roslyn's per-analyzer execution time, with the baseline and every rule in one driver.
        var together = baseline.AddRange(ours);
        var telemetryRuns = new List<AnalyzerTelemetryInfo[]>();
        for (var r = 0; r < settings.TelemetryRepeats; r++)
        {
            telemetryRuns.Add(Analyze(compilation!, together, logTime: true, exceptions, additionalFiles).Telemetry!);
        }

        for (var i = 0; i < together.Length && telemetryRuns.Count > 0; i++)
        {
            var first = telemetryRuns[0][i];
            result.Telemetry.Add(new TelemetryRow(
                i == 0 ? BaselineName : AnalyzerDiscovery.Name(together[i]),
                ConfigResult.Median(telemetryRuns.Select(run => run[i].ExecutionTime.TotalMilliseconds)),
                first.CompilationStartActionsCount,
                first.OperationActionsCount,
                first.OperationBlockStartActionsCount,
                first.OperationBlockActionsCount,
                first.SymbolActionsCount,
                first.SymbolStartActionsCount,
                first.SyntaxNodeActionsCount,
                first.SyntaxTreeActionsCount,
                first.SemanticModelActionsCount,
                first.CodeBlockStartActionsCount,
                first.CompilationEndActionsCount));
        }

        // Each rule's own time: the rules as separate one-rule analyzers in one driver (not how the package runs them, but
        // where its time goes), in a run of its own so the package's row above is measured as shipped.
        if (result.PerRule.Count > 0)
        {
            var separately = baseline.AddRange(perRule);
            var perRuleRuns = Enumerable.Range(0, settings.TelemetryRepeats).Select(_ => Analyze(compilation!, separately, logTime: true, exceptions, additionalFiles).Telemetry!).ToList();
            for (var i = 1; i < separately.Length; i++)
            {
                result.PerRuleTelemetryMs[AnalyzerDiscovery.Name(separately[i])] = ConfigResult.Median(perRuleRuns.Select(run => run[i].ExecutionTime.TotalMilliseconds));
            }
        }

        result.AnalyzerExceptions.AddRange(exceptions.Distinct().OrderBy(e => e, StringComparer.Ordinal));
        return result;
    }

    /// <summary>Collects garbage left by the previous run so that it is not charged to the next one.</summary>
    private static void Quiesce()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
