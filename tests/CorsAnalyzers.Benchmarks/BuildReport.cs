using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace CorsAnalyzers.Benchmarks;

/// <summary>
/// Writes a generated project to disk as a real web project that uses the analyzers the way a user's project does
/// (a ProjectReference with OutputItemType="Analyzer"), builds it with <c>-p:ReportAnalyzer=true</c> and extracts the
/// analyzer-time report of the compiler: the figures a user sees in their own build.
/// </summary>
public static class BuildReport
{
    /// <summary>The Sonar package the comparison builds beside ours: its single CORS rule, S5122. Only this benchmark references it.</summary>
    public const string SonarPackage = "SonarAnalyzer.CSharp";
    public const string SonarVersion = "9.32.0.97167";
    public const string SonarCorsRule = "S5122";

    /// <summary>
    /// Writes <paramref name="project"/>; with <paramref name="withSonar"/> it also references SonarAnalyzer.CSharp and
    /// turns every analyzer rule off but S5122 and ours (a <c>.globalconfig</c>), and lists S5122 in a <c>SonarLint.xml</c>
    /// additional file as SonarScanner writes it (Sonar runs a hotspot rule only when that file lists it), so that the build
    /// measures the two CORS checkers side by side.
    /// </summary>
    public static void WriteProject(GeneratedProject project, string directory, string analyzerProjectPath, bool withSonar = false)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);

        // Stop the repository's Directory.Build.props/.targets and central package management from applying here.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n</Project>\n");

        var sdk = project.UsesAspNetCore ? "Microsoft.NET.Sdk.Web" : "Microsoft.NET.Sdk";
        var reference = Path.GetRelativePath(directory, analyzerProjectPath);
        File.WriteAllText(Path.Combine(directory, "GeneratedProject.csproj"), $"""
            <Project Sdk="{sdk}">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <LangVersion>latest</LangVersion>
                <RootNamespace>Generated</RootNamespace>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{reference}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" AdditionalProperties="CorsAnalyzersWithDependencies=true" />
              </ItemGroup>{(withSonar ? SonarItems : string.Empty)}
            </Project>

            """);
        if (withSonar)
        {
            File.WriteAllText(Path.Combine(directory, "SonarLint.xml"), $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <AnalysisInput>
                  <Settings />
                  <Rules>
                    <Rule>
                      <Key>{SonarCorsRule}</Key>
                    </Rule>
                  </Rules>
                  <Files />
                </AnalysisInput>

                """);
            WriteGlobalConfig(directory, Array.Empty<string>());
        }

        foreach (var file in project.Files)
        {
            var path = Path.Combine(directory, file.Path.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Text);
        }
    }

    /// <summary>
    /// Only the two CORS checkers run: every other rule is off. <c>dotnet_analyzer_diagnostic.severity = none</c> hides the
    /// other rules' findings but the compiler still runs them (it skips an analyzer only when each of its rules is turned
    /// off by id), so Sonar's other rules are also listed one by one (<see cref="TurnOffOtherSonarRules"/>).
    /// </summary>
    private static void WriteGlobalConfig(string directory, IReadOnlyCollection<string> sonarRulesOff)
    {
        var ours = string.Concat(new CorsAnalyzer().SupportedDiagnostics.Select(d => $"dotnet_diagnostic.{d.Id}.severity = warning\n"));
        var off = string.Concat(sonarRulesOff.Select(id => $"dotnet_diagnostic.{id}.severity = none\n"));
        File.WriteAllText(Path.Combine(directory, ".globalconfig"), $"""
            is_global = true
            dotnet_analyzer_diagnostic.severity = none
            dotnet_diagnostic.{SonarCorsRule}.severity = warning
            {ours}{off}
            """);
    }

    /// <summary>
    /// Restores the project written with Sonar, reads the ids of every rule in the restored SonarAnalyzer.CSharp (by
    /// reflection, in this process only) and turns each but S5122 off by id. Returns the number of rules turned off.
    /// </summary>
    public static int TurnOffOtherSonarRules(string directory, Action<string> log)
    {
        var (exit, output, _) = Run(log, "restore", Path.Combine(directory, "GeneratedProject.csproj"), "-nologo", "-v:q");
        if (exit != 0)
        {
            log("restore failed: " + output);
            return 0;
        }

        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var analyzers = Path.Combine(packages, SonarPackage.ToLowerInvariant(), SonarVersion, "analyzers");
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        var context = new System.Runtime.Loader.AssemblyLoadContext("Sonar", isCollectible: true);
        context.Resolving += (c, name) =>
        {
            var candidate = Path.Combine(analyzers, name.Name + ".dll");
            return File.Exists(candidate) ? c.LoadFromAssemblyPath(candidate) : null;
        };
        try
        {
            var assembly = context.LoadFromAssemblyPath(Path.Combine(analyzers, SonarPackage + ".dll"));
            Type?[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (System.Reflection.ReflectionTypeLoadException e)
            {
                types = e.Types;
            }

            foreach (var type in types)
            {
                if (type is null || type.IsAbstract || !typeof(Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null)
                {
                    continue;
                }

                try
                {
                    var analyzer = (Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer)Activator.CreateInstance(type)!;
                    foreach (var descriptor in analyzer.SupportedDiagnostics)
                    {
                        ids.Add(descriptor.Id);
                    }
                }
                catch (Exception e) when (e is System.Reflection.TargetInvocationException or InvalidOperationException or TypeLoadException or MissingMethodException)
                {
                    log($"skipped {type.FullName}: {e.GetType().Name}");
                }
            }
        }
        finally
        {
            context.Unload();
        }

        ids.Remove(SonarCorsRule);
        WriteGlobalConfig(directory, ids);
        return ids.Count;
    }

    private static readonly string SonarItems = $"""

              <ItemGroup>
                <PackageReference Include="{SonarPackage}" Version="{SonarVersion}" PrivateAssets="all" />
                <AdditionalFiles Include="SonarLint.xml" />
              </ItemGroup>
        """;

    /// <summary>
    /// Builds the analyzer project, then the generated project alone (<c>-p:BuildProjectReferences=false</c>, so the
    /// report is the generated project's) with <c>dotnet build -c Release --no-incremental -p:ReportAnalyzer=true -v:d</c>;
    /// keeps the log beside the project and returns a Markdown section with the compiler's totals, every analyzer
    /// assembly's row and the rows of our analyzers.
    /// </summary>
    public static string BuildAndExtract(string directory, string analyzerProjectPath, Action<string> log)
    {
        var csproj = Path.Combine(directory, "GeneratedProject.csproj");
        var logPath = Path.Combine(directory, "build.log");
        var (analyzerExit, analyzerOutput, _) = Run(log, "build", analyzerProjectPath, "-c", "Release", "-nologo", "-v:q");
        if (analyzerExit != 0)
        {
            File.WriteAllText(logPath, analyzerOutput);
            return $"## Analyzer report of `dotnet build`\n\nBuilding the analyzers failed (exit code {analyzerExit}); see `{logPath}`.\n";
        }

        var (exit, output, elapsed) = Run(log, "build", csproj, "-c", "Release", "--no-incremental", "-p:BuildProjectReferences=false", "-p:ReportAnalyzer=true", "-v:d", "-nologo");
        File.WriteAllText(logPath, output);
        if (exit != 0)
        {
            return $"## Analyzer report of `dotnet build`\n\nThe build failed (exit code {exit}); see `{logPath}`.\n";
        }

        return "## Analyzer report of `dotnet build -p:ReportAnalyzer=true`\n\n"
            + $"Project: `{csproj}` ({Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories).Length:N0} C# files, the SDK's default analyzers enabled), build took {elapsed.TotalSeconds:F1} s; full log: `{logPath}`. The compiler runs analyzers concurrently, so these times are not comparable one to one with the in-process CPU times above; compare the shares.\n\n"
            + Extract(File.ReadAllLines(logPath));
    }

    private static (int ExitCode, string Output, TimeSpan Elapsed) Run(Action<string> log, params string[] arguments)
    {
        log("dotnet " + string.Join(" ", arguments));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return (process.ExitCode, output.ToString(), watch.Elapsed);
    }

    private static readonly Regex Row = new(@"^\s*(?<time><?\d+(\.\d+)?)\s+(?<pct><?\d+)\s+(?<name>\S.*?)\s*$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Finds, in a detailed build log, the compiler's "Total analyzer execution time" and "Total generator execution time"
    /// lines, every analyzer assembly's row of the report that follows, and the rows of the CorsAnalyzers analyzers.
    /// </summary>
    public static string Extract(IReadOnlyList<string> lines)
    {
        var md = new StringBuilder();
        var start = -1;
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            if (lines[i].Trim().StartsWith("Total analyzer execution time", StringComparison.Ordinal))
            {
                start = i;
                break;
            }
        }

        if (start < 0)
        {
            return "No analyzer report in the build log (did the compiler run?).\n";
        }

        md.AppendLine("- " + lines[start].Trim());
        var generatorTotal = lines.Skip(start).FirstOrDefault(l => l.Trim().StartsWith("Total generator execution time", StringComparison.Ordinal));
        if (generatorTotal is not null)
        {
            md.AppendLine("- " + generatorTotal.Trim());
        }

        var rows = new List<(Match Match, int Indent)>();
        for (var i = start + 1; i < lines.Count; i++)
        {
            if (lines[i].Trim().StartsWith("Total generator execution time", StringComparison.Ordinal))
            {
                break;
            }

            var match = Row.Match(lines[i]);
            if (match.Success)
            {
                rows.Add((match, Indent(match)));
            }
        }

        if (rows.Count == 0)
        {
            md.AppendLine();
            md.AppendLine("The analyzer report has no rows.");
            return md.ToString();
        }

        var top = rows.Min(r => r.Indent);
        var table = new List<string>();
        var inOurs = false;
        var inSonar = false;
        foreach (var (match, indent) in rows)
        {
            if (indent == top)
            {
                inOurs = match.Groups["name"].Value.StartsWith("CorsAnalyzers,", StringComparison.Ordinal);
                inSonar = match.Groups["name"].Value.StartsWith(SonarPackage + ",", StringComparison.Ordinal);
                table.Add(Format(match, inOurs ? "**" : string.Empty));
            }
            else if (inOurs || (inSonar && Seconds(match) > 0))
            {
                // Sonar's rows of rules that did not run (0 s, or "<0.001") are left out.
                table.Add(Format(match, "&nbsp;&nbsp;&nbsp;&nbsp;"));
            }
        }

        if (!table.Any(r => r.Contains("CorsAnalyzers,", StringComparison.Ordinal)))
        {
            table.Add("| – | – | CorsAnalyzers: no row (no analyzer yet, or it registered no action) |");
        }

        var oursTotal = rows.Where(r => r.Indent == top && r.Match.Groups["name"].Value.StartsWith("CorsAnalyzers,", StringComparison.Ordinal)).Select(r => Seconds(r.Match)).FirstOrDefault(double.NaN);
        var sonarTotal = rows.Where(r => r.Indent == top && r.Match.Groups["name"].Value.StartsWith(SonarPackage + ",", StringComparison.Ordinal)).Select(r => Seconds(r.Match)).FirstOrDefault(double.NaN);
        var s5122 = rows.Where(r => r.Indent > top && r.Match.Groups["name"].Value.Contains("(" + SonarCorsRule + ")", StringComparison.Ordinal)).Select(r => Seconds(r.Match)).FirstOrDefault(double.NaN);
        // An analyzer that threw (AD0001, such as a dependency it could not load) ran nothing: its time says nothing.
        if (lines.Any(l => l.Contains("AD0001: Analyzer 'CorsAnalyzers.", StringComparison.Ordinal)))
        {
            md.AppendLine("- **Not measured**: CorsAnalyzers threw in this build (AD0001, see the log), so its time is not the rules' cost.");
        }
        else if (!double.IsNaN(s5122))
        {
            md.AppendLine(System.FormattableString.Invariant(
                $"- Same build: CorsAnalyzers in all {oursTotal:F3} s; {SonarPackage} {SonarVersion}: its {SonarCorsRule} analyzer {s5122:F3} s (the whole assembly {sonarTotal:F3} s): CorsAnalyzers / {SonarCorsRule} = {oursTotal / s5122:F2} (target ≤ {MaxRatioToSonar:F1}: {(oursTotal / s5122 <= MaxRatioToSonar ? "met" : "**missed**")})"));
        }

        md.AppendLine();
        md.AppendLine("| Time (s) | % of analyzer time | Analyzer assembly (and our analyzers) |");
        md.AppendLine("|---:|---:|---|");
        foreach (var row in table)
        {
            md.AppendLine(row);
        }

        return md.ToString();
    }

    /// <summary>The target: all our rules together cost at most half of Sonar's one CORS rule in the same build.</summary>
    public const double MaxRatioToSonar = 0.5;

    /// <summary>A row's time in seconds; "&lt;0.001" counts as 0.</summary>
    private static double Seconds(Match match)
        => double.TryParse(match.Groups["time"].Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;

    private static int Indent(Match match) => match.Groups["name"].Index - match.Groups["pct"].Index - match.Groups["pct"].Length;

    private static string Format(Match match, string decoration)
    {
        var name = match.Groups["name"].Value;
        var text = decoration == "**" ? "**" + name + "**" : decoration + name;
        return $"| {match.Groups["time"].Value} | {match.Groups["pct"].Value} | {text} |";
    }
}
