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
    public static void WriteProject(GeneratedProject project, string directory, string analyzerProjectPath)
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
                <ProjectReference Include="{reference}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>

            """);

        foreach (var file in project.Files)
        {
            var path = Path.Combine(directory, file.Path.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Text);
        }
    }

    /// <summary>
    /// Runs <c>dotnet build -c Release --no-incremental -p:ReportAnalyzer=true -v:d</c>, keeps the whole log beside the
    /// project and returns a Markdown section with the compiler's totals and the CorsAnalyzers lines of its report.
    /// </summary>
    public static string BuildAndExtract(string directory, Action<string> log)
    {
        var csproj = Path.Combine(directory, "GeneratedProject.csproj");
        var logPath = Path.Combine(directory, "build.log");
        var arguments = new[] { "build", csproj, "-c", "Release", "--no-incremental", "-p:ReportAnalyzer=true", "-v:d", "-nologo" };
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
        using (var process = Process.Start(start)!)
        {
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.WaitForExit();
            watch.Stop();
            File.WriteAllText(logPath, output.ToString());
            if (process.ExitCode != 0)
            {
                return $"## Analyzer report of `dotnet build`\n\nThe build failed (exit code {process.ExitCode}); see `{logPath}`.\n";
            }
        }

        return "## Analyzer report of `dotnet build -p:ReportAnalyzer=true`\n\n"
            + $"Project: `{csproj}` ({Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories).Length:N0} C# files), build took {watch.Elapsed.TotalSeconds:F1} s; full log: `{logPath}`.\n\n"
            + Extract(File.ReadAllLines(logPath));
    }

    private static readonly Regex Row = new(@"^\s*(?<time><?\d+(\.\d+)?)\s+(?<pct><?\d+)\s+(?<name>\S.*?)\s*$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Finds, in a detailed build log, the compiler's "Total analyzer execution time" and "Total generator execution time"
    /// lines and the rows of the CorsAnalyzers assembly with the rows of its analyzers indented below it.
    /// </summary>
    public static string Extract(IReadOnlyList<string> lines)
    {
        var md = new StringBuilder();
        var totals = lines.Select(l => l.Trim())
            .Where(l => l.StartsWith("Total analyzer execution time", StringComparison.Ordinal) || l.StartsWith("Total generator execution time", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        foreach (var total in totals)
        {
            md.AppendLine("- " + total);
        }

        var rows = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var match = Row.Match(lines[i]);
            if (!match.Success || !match.Groups["name"].Value.StartsWith("CorsAnalyzers,", StringComparison.Ordinal))
            {
                continue;
            }

            var indent = Indent(lines[i], match);
            rows.Add(Format(match, 0));
            for (var j = i + 1; j < lines.Count; j++)
            {
                var child = Row.Match(lines[j]);
                if (!child.Success || Indent(lines[j], child) <= indent)
                {
                    break;
                }

                rows.Add(Format(child, 1));
            }
        }

        if (rows.Count == 0)
        {
            md.AppendLine();
            md.AppendLine("No CorsAnalyzers line in the analyzer report (are there analyzers yet? did the compiler run?).");
            return md.ToString();
        }

        md.AppendLine();
        md.AppendLine("| Time (s) | % of analyzer time | Assembly / analyzer |");
        md.AppendLine("|---:|---:|---|");
        foreach (var row in rows.Distinct())
        {
            md.AppendLine(row);
        }

        return md.ToString();
    }

    private static int Indent(string line, Match match) => match.Groups["name"].Index - match.Groups["pct"].Index - match.Groups["pct"].Length;

    private static string Format(Match match, int depth)
        => $"| {match.Groups["time"].Value} | {match.Groups["pct"].Value} | {(depth > 0 ? "&nbsp;&nbsp;" : string.Empty)}{match.Groups["name"].Value} |";
}
