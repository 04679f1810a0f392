using System.Collections.Immutable;
using System.Globalization;
using CorsAnalyzers.Benchmarks;

// dotnet run -c Release --project tests/CorsAnalyzers.Benchmarks -- [options]; see README.md beside this file.
const string Usage = """
    Usage: dotnet run -c Release --project tests/CorsAnalyzers.Benchmarks -- [options]
      --sizes 100,1000,3000     project sizes in files (default 100,1000,3000)
      --variants cors,nocors,origineverywhere,synth,console,javascript
                                which generated projects to measure (default the first five; javascript adds
                                the app's JavaScript, for CORS013/CORS014)
      --repeats N               timed runs per configuration; medians are reported (default 3)
      --telemetry-repeats N     runs with Roslyn's per-analyzer execution-time logging (default 2)
      --seed N                  generator seed (default 42)
      --per-rule-all            measure each rule alone on every variant, not only on the CORS one
      --warmup N                size of the untimed warm-up round (default 60; 0 = none)
      --out PATH                Markdown results file (default artifacts/benchmark-results.md in the repository)
      --report-analyzer         also write the largest CORS project to artifacts/generated/ as a real web project,
                                build it with -p:ReportAnalyzer=true and extract the CorsAnalyzers lines; then the
                                largest origin-everywhere and synth projects with SonarAnalyzer.CSharp (S5122 only)
                                beside ours
      --write VARIANT:SIZE:DIR  only write one generated project to DIR as a web project (to read or build it)
      --report-analyzer-only    only that build report, no in-process measurement
      --profile VARIANT:SIZE:RUNS
                                for a profiler (README, "Finding where the time goes"): analyze one generated project
                                RUNS times with all rules (or with --profile-rule ID only) and print each run's CPU time
      --profile-rule ID         with --profile, only the rule with this id (CORS003)
    """;

var settings = new BenchmarkSettings { Log = message => Console.Error.WriteLine(message) };
var outPath = (string?)null;
var reportAnalyzer = false;
var measure = true;
string? profile = null;
string? profileRule = null;
string? write = null;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"'{args[i]}' needs a value.");
        switch (args[i])
        {
            case "--sizes":
                settings = With(settings, sizes: Next().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray());
                break;
            case "--variants":
                settings = With(settings, variants: Next().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => Enum.Parse<ProjectVariant>(v, ignoreCase: true)).ToArray());
                break;
            case "--repeats":
                settings = With(settings, repeats: int.Parse(Next(), CultureInfo.InvariantCulture));
                break;
            case "--telemetry-repeats":
                settings = With(settings, telemetryRepeats: int.Parse(Next(), CultureInfo.InvariantCulture));
                break;
            case "--seed":
                settings = With(settings, seed: int.Parse(Next(), CultureInfo.InvariantCulture));
                break;
            case "--warmup":
                settings = With(settings, warmup: int.Parse(Next(), CultureInfo.InvariantCulture));
                break;
            case "--per-rule-all":
                settings = With(settings, perRuleAll: true);
                break;
            case "--out":
                outPath = Next();
                break;
            case "--report-analyzer":
                reportAnalyzer = true;
                break;
            case "--report-analyzer-only":
                reportAnalyzer = true;
                measure = false;
                break;
            case "--profile":
                profile = Next();
                break;
            case "--write":
                write = Next();
                break;
            case "--profile-rule":
                profileRule = Next();
                break;
            case "-h" or "--help":
                Console.WriteLine(Usage);
                return 0;
            default:
                throw new ArgumentException($"Unknown option '{args[i]}'.");
        }
    }

    if (settings.Repeats < 1 || settings.Sizes.Any(s => s < 10))
    {
        throw new ArgumentException("--repeats must be at least 1 and every size at least 10.");
    }
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Usage);
    return 2;
}

if (write is not null)
{
    var parts = write.Split(':', 3);
    var project = ProjectGenerator.Generate(Enum.Parse<ProjectVariant>(parts[0], ignoreCase: true), int.Parse(parts[1], CultureInfo.InvariantCulture), settings.Seed);
    BuildReport.WriteProject(project, parts[2], Path.Combine(FindRepositoryRoot(), "src", "CorsAnalyzers", "CorsAnalyzers.csproj"));
    Console.Error.WriteLine($"Wrote {project.Files.Count} files to {Path.GetFullPath(parts[2])}");
    return 0;
}

if (profile is not null)
{
    var parts = profile.Split(':');
    var project = ProjectGenerator.Generate(Enum.Parse<ProjectVariant>(parts[0], ignoreCase: true), int.Parse(parts[1], CultureInfo.InvariantCulture), settings.Seed);
    var analyzers = AnalyzerDiscovery.CreateAll();
    if (profileRule is not null)
    {
        analyzers = AnalyzerDiscovery.CreatePerRule().Where(a => a.SupportedDiagnostics.Any(d => d.Id == profileRule)).ToImmutableArray();
    }

    var (compilation, _) = Measurement.Compile(project);
    var exceptions = new System.Collections.Concurrent.ConcurrentBag<string>();
    for (var run = 0; run < int.Parse(parts[2], CultureInfo.InvariantCulture); run++)
    {
        // The monotonic clock (perf's, on Linux) at the start of the run: perf script's sample times after it are this run's and later ones'.
        var started = System.Diagnostics.Stopwatch.GetTimestamp() / (double)System.Diagnostics.Stopwatch.Frequency;
        var (sample, diagnostics, telemetry) = Measurement.Analyze(compilation, analyzers, logTime: true, exceptions, Measurement.AdditionalTexts(project));
        Console.WriteLine(FormattableString.Invariant($"run {run}: {sample.Milliseconds:F0} ms CPU, {sample.AllocatedBytes / 1024.0 / 1024:F1} MB, {diagnostics.Length} diagnostics, rules' own time {telemetry!.Sum(t => t.ExecutionTime.TotalMilliseconds):F1} ms (started at {started:F3} s)"));
    }

    foreach (var exception in exceptions.Distinct())
    {
        Console.WriteLine(exception);
    }

    return 0;
}

var repoRoot = FindRepositoryRoot();
outPath ??= Path.Combine(repoRoot, "artifacts", "benchmark-results.md");
var markdown = new System.Text.StringBuilder();
if (measure)
{
    var results = Measurement.Run(settings);
    markdown.Append(Report.ToMarkdown(results, settings));
    Save(outPath, markdown.ToString());
}
else
{
    markdown.AppendLine("# CorsAnalyzers benchmark");
    markdown.AppendLine();
}

if (reportAnalyzer)
{
    var size = settings.Sizes.Max();
    var directory = Path.Combine(repoRoot, "artifacts", "generated", "Cors" + size.ToString(CultureInfo.InvariantCulture));
    var project = ProjectGenerator.Generate(ProjectVariant.Cors, size, settings.Seed);
    var analyzerProject = Path.Combine(repoRoot, "src", "CorsAnalyzers", "CorsAnalyzers.csproj");
    BuildReport.WriteProject(project, directory, analyzerProject);
    Console.Error.WriteLine($"Wrote {project.Files.Count} files to {directory}; building with -p:ReportAnalyzer=true...");
    markdown.AppendLine(BuildReport.BuildAndExtract(directory, analyzerProject, message => Console.Error.WriteLine(message)));

    // The same build with Sonar's CORS rule beside ours, on the project where every file reads the Origin and on synth.py's
    // mix (many small bodies, each matching strings, in files that all say "origin").
    const int SynthSonarSize = 1500;

    // synth.py's project is built at its own size (1,500 files, as issue 22 measured it), or smaller with smaller sizes.
    foreach (var (variant, sonarSize) in new[] { (ProjectVariant.OriginEverywhere, size), (ProjectVariant.Synth, Math.Min(size, SynthSonarSize)) })
    {
        var sonarDirectory = Path.Combine(repoRoot, "artifacts", "generated", variant.ToString() + sonarSize.ToString(CultureInfo.InvariantCulture) + "-sonar");
        var generated = ProjectGenerator.Generate(variant, sonarSize, settings.Seed);
        BuildReport.WriteProject(generated, sonarDirectory, analyzerProject, withSonar: true);
        Console.Error.WriteLine($"Turned off {BuildReport.TurnOffOtherSonarRules(sonarDirectory, message => Console.Error.WriteLine(message))} other Sonar rules by id.");
        Console.Error.WriteLine($"Wrote {generated.Files.Count} files to {sonarDirectory}; building with {BuildReport.SonarPackage} {BuildReport.SonarVersion} ({BuildReport.SonarCorsRule} only) and -p:ReportAnalyzer=true...");
        markdown.AppendLine(BuildReport.BuildAndExtract(sonarDirectory, analyzerProject, message => Console.Error.WriteLine(message)).Replace(
            "## Analyzer report of `dotnet build -p:ReportAnalyzer=true`",
            $"## Beside Sonar's {BuildReport.SonarCorsRule}: `dotnet build -p:ReportAnalyzer=true` of the {Report.Label(variant)} project", StringComparison.Ordinal));
    }
}

Console.WriteLine(markdown.ToString());
Save(outPath, markdown.ToString());
Console.Error.WriteLine($"Results written to {Path.GetFullPath(outPath)}");
return 0;

static void Save(string path, string text)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    File.WriteAllText(path, text);
}

static BenchmarkSettings With(
    BenchmarkSettings s, IReadOnlyList<int>? sizes = null, IReadOnlyList<ProjectVariant>? variants = null, int? repeats = null,
    int? telemetryRepeats = null, int? seed = null, int? warmup = null, bool? perRuleAll = null)
    => new()
    {
        Sizes = sizes ?? s.Sizes,
        Variants = variants ?? s.Variants,
        Repeats = repeats ?? s.Repeats,
        TelemetryRepeats = telemetryRepeats ?? s.TelemetryRepeats,
        Seed = seed ?? s.Seed,
        WarmupSize = warmup ?? s.WarmupSize,
        PerRuleOnAllVariants = perRuleAll ?? s.PerRuleOnAllVariants,
        Log = s.Log,
    };

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "CorsAnalyzers.sln")))
        {
            return dir.FullName;
        }
    }

    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "CorsAnalyzers.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
