using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.CodeAnalysis;

namespace CorsAnalyzers.Benchmarks;

/// <summary>Writes the results as Markdown tables that can be pasted into the README.</summary>
public static class Report
{
    /// <summary>The targets the analyzers must meet on the largest size.</summary>
    public const double MaxOverheadPercentOfCompile = 0.5;
    public const double MaxRatioToBaseline = 1.05;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string ToMarkdown(IReadOnlyList<VariantResult> results, BenchmarkSettings settings, string? machineNote = null)
    {
        var md = new StringBuilder();
        md.AppendLine("# CorsAnalyzers benchmark");
        md.AppendLine();
        Machine(md, settings, machineNote);
        Summary(md, results);
        PerRule(md, results);
        Telemetry(md, results);
        Growth(md, results);
        Targets(md, results);
        Problems(md, results);
        WallClock(md, results);
        return md.ToString();
    }

    private static void Machine(StringBuilder md, BenchmarkSettings settings, string? note)
    {
        md.AppendLine("## Machine and method");
        md.AppendLine();
        md.AppendLine(Inv, $"- Date (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm}");
        md.AppendLine(Inv, $"- OS: {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})");
        md.AppendLine(Inv, $"- CPU: {CpuName()}, {Environment.ProcessorCount} logical cores; load average at the end: {LoadAverage()}");
        md.AppendLine(Inv, $"- Runtime: {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, concurrent GC off");
        md.AppendLine(Inv, $"- Roslyn: Microsoft.CodeAnalysis.CSharp {Informational(typeof(Compilation).Assembly)}; analyzers: {AnalyzerDiscovery.AnalyzerAssembly.GetName().Name} {Informational(AnalyzerDiscovery.AnalyzerAssembly)}");
        if (note is not null)
        {
            md.AppendLine(Inv, $"- {note}");
        }

        md.AppendLine(Inv, $"- Method: each project is generated from seed {settings.Seed}, compiled {settings.Repeats}× (parse + create compilation + GetDiagnostics, `concurrentBuild: false`) = *compile*; then, on that compilation, {settings.Repeats} interleaved rounds of analysis in a new `CompilationWithAnalyzers` (`concurrentAnalysis: false`, `GetAnalyzerDiagnosticsAsync`) with the *baseline* (an empty analyzer registering the same actions: CompilationStart + Operation actions for {string.Join(", ", BaselineAnalyzer.OperationKinds)}{(BaselineAnalyzer.RegisterOperationBlockStart ? ", and an OperationBlockStart action with the same operation actions and an end action inside" : string.Empty)}{(BaselineAnalyzer.RegisterCompilationWideActions ? ", a SyntaxNode action for attributes, a Symbol action for named types and a CompilationEnd action" : string.Empty)}{(BaselineAnalyzer.RegisterSymbolStart ? ", and a SymbolStart action for named types" : string.Empty)}), with *all rules*, and with each rule alone. Times are **process CPU time** (medians), which on a shared machine leaves out the time other processes held the cores; wall-clock medians are in the last table. The analysis copy of the compilation gets its assembly symbol (the binding of its references) before the clock starts, as in a build, where the compiler has made it before any analyzer runs. An analysis run binds every method body again (the compiler's work without parsing) and builds the IOperation trees, which the baseline pays too. When the rules find no ASP.NET Core type and register no action, the driver needs no operation tree and binds nothing, so *all rules* can take ~1 ms against the baseline's full binding: in a real build the compiler binds anyway and such rules add nothing. *Overhead* = median over rounds of (all rules − baseline) measured back to back. *Telemetry* = Roslyn's per-analyzer execution time (`logAnalyzerExecutionTime: true`, median of {settings.TelemetryRepeats} runs with the baseline and the package's analyzer in one driver; each rule's own row from another run with the rules as separate one-rule analyzers): the time spent inside each analyzer's callbacks, the least noisy figure. Allocations: `GC.GetTotalAllocatedBytes(precise: true)` around each run. An untimed warm-up round at {settings.WarmupSize} files comes first.");
        md.AppendLine();
    }

    private static void Summary(StringBuilder md, IReadOnlyList<VariantResult> results)
    {
        md.AppendLine("## Cost of all rules, per project size");
        md.AppendLine();
        md.AppendLine("| Project | Files | CORS files | Lines | Compile (ms) | Baseline (ms) | All rules (ms) | Overhead (ms) | Overhead % of compile | All rules / baseline | Rules' own time, telemetry (ms) | Telemetry % of compile | Alloc baseline (MB) | Alloc all rules (MB) | Extra alloc (MB) | Baseline spread (noise) | Diagnostics |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            var compile = r.Compile.MedianMs;
            var ours = r.Ours;
            var ownTime = OwnTelemetryMs(r);
            md.Append(Inv, $"| {Label(r.Variant)} | {r.Files:N0} | {r.CorsFiles} | {r.SourceLines:N0} | {compile:F0} | {r.Baseline.MedianMs:F0} | ");
            if (ours is null)
            {
                md.AppendLine(Inv, $"n/a | n/a | n/a | n/a | n/a | n/a | {Mb(r.Baseline.MedianAllocatedBytes)} | n/a | n/a | {Spread(r.Baseline):F1}% | no analyzers yet |");
                continue;
            }

            md.AppendLine(Inv,
                $"{ours.MedianMs:F0} | {r.PairedOverheadMs:+0;-0;0} | {Percent(r.PairedOverheadMs, compile)} | {ours.MedianMs / r.Baseline.MedianMs:F3} | {ownTime:F1} | {Percent(ownTime, compile)} | {Mb(r.Baseline.MedianAllocatedBytes)} | {Mb(ours.MedianAllocatedBytes)} | {Mb(ours.MedianAllocatedBytes - r.Baseline.MedianAllocatedBytes)} | ±{Spread(r.Baseline) / 2:F1}% | {Diagnostics(ours)} |");
        }

        md.AppendLine();
    }

    private static void PerRule(StringBuilder md, IReadOnlyList<VariantResult> results)
    {
        var rows = results.Where(r => r.PerRule.Count > 0).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        md.AppendLine("## Each rule alone");
        md.AppendLine();
        md.AppendLine("| Project | Files | Rule | Alone (ms) | − baseline (ms) | % of compile | Own time, telemetry (ms) | Telemetry % of compile | Extra alloc (MB) | Diagnostics |");
        md.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in rows)
        {
            foreach (var rule in r.PerRule)
            {
                var telemetry = r.PerRuleTelemetryMs.TryGetValue(rule.Name, out var ms) ? ms : double.NaN;
                var delta = rule.MedianMs - r.Baseline.MedianMs;
                md.AppendLine(Inv,
                    $"| {Label(r.Variant)} | {r.Files:N0} | {rule.Name} | {rule.MedianMs:F0} | {delta:+0;-0;0} | {Percent(delta, r.Compile.MedianMs)} | {telemetry:F1} | {Percent(telemetry, r.Compile.MedianMs)} | {Mb(rule.MedianAllocatedBytes - r.Baseline.MedianAllocatedBytes)} | {Diagnostics(rule)} |");
            }
        }

        md.AppendLine();
    }

    private static void Telemetry(StringBuilder md, IReadOnlyList<VariantResult> results)
    {
        var largest = results.Where(r => r.Files == results.Max(x => x.Files)).ToList();
        if (largest.Count == 0 || largest[0].Telemetry.Count == 0)
        {
            return;
        }

        md.AppendLine(Inv, $"## Roslyn telemetry per analyzer, {largest[0].Files:N0} files");
        md.AppendLine();
        md.AppendLine("Execution time is the time inside the analyzer's callbacks; the action columns count the actions it registered (CompilationStart, Operation, OperationBlockStart, SymbolStart, SyntaxNode, ...).");
        md.AppendLine();
        md.AppendLine("| Project | Analyzer | Execution (ms) | % of compile | CompStart | Operation | OpBlockStart | OpBlock | Symbol | SymbolStart | SyntaxNode | SyntaxTree | SemanticModel | CodeBlockStart | CompEnd |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in largest)
        {
            foreach (var t in r.Telemetry)
            {
                md.AppendLine(Inv,
                    $"| {Label(r.Variant)} | {t.Analyzer} | {t.ExecutionMs:F1} | {Percent(t.ExecutionMs, r.Compile.MedianMs)} | {t.CompilationStartActions} | {t.OperationActions} | {t.OperationBlockStartActions} | {t.OperationBlockActions} | {t.SymbolActions} | {t.SymbolStartActions} | {t.SyntaxNodeActions} | {t.SyntaxTreeActions} | {t.SemanticModelActions} | {t.CodeBlockStartActions} | {t.CompilationEndActions} |");
            }
        }

        md.AppendLine();
    }

    private static void Growth(StringBuilder md, IReadOnlyList<VariantResult> results)
    {
        var sizes = results.Select(r => r.Files).Distinct().OrderBy(s => s).ToList();
        if (sizes.Count < 2)
        {
            return;
        }

        md.AppendLine("## Growth with project size (per file)");
        md.AppendLine();
        md.AppendLine("Linear growth keeps the per-file cost roughly constant from the smallest to the largest size.");
        md.AppendLine();
        md.AppendLine("| Project | Files | Compile (ms/file) | Baseline (ms/file) | All rules (ms/file) | Rules' own time, telemetry (µs/file) | Extra alloc (KB/file) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results.OrderBy(r => r.Variant).ThenBy(r => r.Files))
        {
            md.AppendLine(Inv,
                $"| {Label(r.Variant)} | {r.Files:N0} | {r.Compile.MedianMs / r.Files:F2} | {r.Baseline.MedianMs / r.Files:F2} | {(r.Ours?.MedianMs ?? double.NaN) / r.Files:F2} | {OwnTelemetryMs(r) * 1000 / r.Files:F1} | {ExtraAlloc(r) / 1024 / r.Files:F1} |");
        }

        md.AppendLine();
        md.AppendLine("| Project | Compile growth (largest / smallest, per file) | All rules growth | Rules' own time growth |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var group in results.GroupBy(r => r.Variant))
        {
            var small = group.MinBy(r => r.Files)!;
            var large = group.MaxBy(r => r.Files)!;
            md.AppendLine(Inv,
                $"| {Label(group.Key)} ({small.Files:N0} → {large.Files:N0}) | {PerFileGrowth(small.Compile.MedianMs, small, large.Compile.MedianMs, large):F2}× | {PerFileGrowth(small.Ours?.MedianMs, small, large.Ours?.MedianMs, large):F2}× | {PerFileGrowth(OwnTelemetryMs(small), small, OwnTelemetryMs(large), large):F2}× |");
        }

        md.AppendLine();
    }

    private static void Targets(StringBuilder md, IReadOnlyList<VariantResult> results)
    {
        var withOurs = results.Where(r => r.Ours is not null).ToList();
        if (withOurs.Count == 0)
        {
            md.AppendLine("## Targets");
            md.AppendLine();
            md.AppendLine("Not checked: the CorsAnalyzers assembly has no analyzer yet.");
            md.AppendLine();
            return;
        }

        md.AppendLine("## Targets (largest size)");
        md.AppendLine();
        var largestSize = withOurs.Max(r => r.Files);
        foreach (var r in withOurs.Where(r => r.Files == largestSize))
        {
            var own = OwnTelemetryMs(r);
            var ratio = r.Ours!.MedianMs / r.Baseline.MedianMs;
            var pctTotal = r.PairedOverheadMs / r.Compile.MedianMs * 100;
            var pctOwn = own / r.Compile.MedianMs * 100;
            var noise = Spread(r.Baseline) / 2 * r.Baseline.MedianMs / r.Compile.MedianMs;
            var measured = pctTotal <= MaxOverheadPercentOfCompile ? "met"
                : Math.Abs(pctTotal) <= noise ? $"within this run's noise of ±{noise:F1}% of compile"
                : "**missed**";
            md.AppendLine(Inv, $"- {Label(r.Variant)}, {r.Files:N0} files: rules' own time (telemetry) {pctOwn:F2}% of compile ({Verdict(pctOwn <= MaxOverheadPercentOfCompile)} ≤ {MaxOverheadPercentOfCompile}%); measured overhead (all rules − baseline) {pctTotal:+0.00;-0.00}% of compile ({measured}); all rules / baseline {ratio:F3} ({Verdict(ratio <= MaxRatioToBaseline)} ≤ {MaxRatioToBaseline}).");
        }

        md.AppendLine();
    }

    private static void Problems(StringBuilder md, IReadOnlyList<VariantResult> results)
    {
        var lines = new List<string>();
        foreach (var r in results)
        {
            foreach (var error in r.CompilerErrors.Take(5))
            {
                lines.Add($"{Label(r.Variant)} {r.Files}: compiler error {error}");
            }

            foreach (var e in r.AnalyzerExceptions)
            {
                lines.Add($"{Label(r.Variant)} {r.Files}: analyzer exception {e}");
            }

            if (r.CorsFiles == 0 && r.Ours is not null && r.Ours.DiagnosticsById.Count > 0)
            {
                lines.Add($"{Label(r.Variant)} {r.Files}: diagnostics in a project without CORS code (false positives?): {Diagnostics(r.Ours)}");
            }

            var baselineActions = r.Telemetry.FirstOrDefault();
            foreach (var t in r.Telemetry.Skip(1))
            {
                var extra = new List<string>();
                if (t.OperationBlockStartActions > 0 && baselineActions?.OperationBlockStartActions == 0)
                {
                    extra.Add("OperationBlockStart");
                }

                if (t.SymbolStartActions > 0 && baselineActions?.SymbolStartActions == 0)
                {
                    extra.Add("SymbolStart");
                }

                if (t.SyntaxNodeActions > 0 && baselineActions?.SyntaxNodeActions == 0)
                {
                    extra.Add("SyntaxNode");
                }

                if (t.SymbolActions > 0 && baselineActions?.SymbolActions == 0)
                {
                    extra.Add("Symbol");
                }

                if (t.SemanticModelActions > 0 || t.SyntaxTreeActions > 0 || t.CodeBlockStartActions > 0 || t.OperationBlockActions > 0)
                {
                    extra.Add("SemanticModel/SyntaxTree/CodeBlockStart/OperationBlock");
                }

                if (extra.Count > 0 && r.Files == results.Max(x => x.Files))
                {
                    lines.Add($"{t.Analyzer} registers {string.Join(", ", extra)} actions that the baseline does not: adjust BaselineAnalyzer ({Label(r.Variant)}).");
                }
            }
        }

        if (lines.Count == 0)
        {
            return;
        }

        md.AppendLine("## Problems found during the run");
        md.AppendLine();
        foreach (var line in lines.Distinct())
        {
            md.AppendLine("- " + line);
        }

        md.AppendLine();
    }

    private static void WallClock(StringBuilder md, IReadOnlyList<VariantResult> results)
    {
        md.AppendLine("## Wall-clock medians (ms)");
        md.AppendLine();
        md.AppendLine("| Project | Files | Compile | Baseline | All rules | All rules / baseline |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var ours = r.Ours?.MedianWallMs ?? double.NaN;
            md.AppendLine(Inv, $"| {Label(r.Variant)} | {r.Files:N0} | {r.Compile.MedianWallMs:F0} | {r.Baseline.MedianWallMs:F0} | {ours:F0} | {ours / r.Baseline.MedianWallMs:F3} |");
        }

        md.AppendLine();
    }

    /// <summary>The run-to-run spread of a configuration: (max − min) / median, in percent.</summary>
    public static double Spread(ConfigResult config)
        => config.Samples.Count < 2 ? double.NaN : (config.Samples.Max(x => x.Milliseconds) - config.Samples.Min(x => x.Milliseconds)) / config.MedianMs * 100;

    /// <summary>The summed telemetry time of our analyzers (every row but the baseline's).</summary>
    public static double OwnTelemetryMs(VariantResult r) => r.Telemetry.Count <= 1 ? double.NaN : r.Telemetry.Skip(1).Sum(t => t.ExecutionMs);

    private static double ExtraAlloc(VariantResult r) => r.Ours is null ? double.NaN : r.Ours.MedianAllocatedBytes - r.Baseline.MedianAllocatedBytes;

    private static double PerFileGrowth(double? smallMs, VariantResult small, double? largeMs, VariantResult large)
        => smallMs is null || largeMs is null ? double.NaN : (largeMs.Value / large.Files) / (smallMs.Value / small.Files);

    public static string Label(ProjectVariant variant) => variant switch
    {
        ProjectVariant.Cors => "Web, with CORS",
        ProjectVariant.NoCors => "Web, no CORS",
        ProjectVariant.OriginEverywhere => "Web, Origin read everywhere",
        ProjectVariant.JavaScript => "Web, with CORS and JavaScript",
        ProjectVariant.Synth => "Web, synth.py mix",
        _ => "Console (no ASP.NET Core)",
    };

    private static string Verdict(bool met) => met ? "met" : "**missed**";

    private static string Percent(double part, double whole) => double.IsNaN(part) ? "n/a" : (part / whole * 100).ToString("+0.00;-0.00;0.00", Inv) + "%";

    private static string Mb(double bytes) => (bytes / (1024 * 1024)).ToString("F1", Inv);

    private static string Diagnostics(ConfigResult config)
        => config.DiagnosticsById.Count == 0 ? "none" : string.Join(", ", config.DiagnosticsById.Select(kv => kv.Key + "×" + kv.Value.ToString(Inv)));

    private static string Informational(System.Reflection.Assembly assembly)
    {
        var info = FileVersionInfo.GetVersionInfo(assembly.Location).ProductVersion ?? assembly.GetName().Version?.ToString() ?? "?";
        var plus = info.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? info.Substring(0, Math.Min(info.Length, plus + 9)) : info;
    }

    private static string CpuName()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null)
                {
                    return line.Substring(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim();
                }
            }
        }
        catch (IOException)
        {
        }

        return Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") ?? RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
