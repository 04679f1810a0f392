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
        foreach (var (match, indent) in rows)
        {
            if (indent == top)
            {
                inOurs = match.Groups["name"].Value.StartsWith("CorsAnalyzers,", StringComparison.Ordinal);
                table.Add(Format(match, inOurs ? "**" : string.Empty));
            }
            else if (inOurs)
            {
                table.Add(Format(match, "&nbsp;&nbsp;&nbsp;&nbsp;"));
            }
        }

        if (!table.Any(r => r.Contains("CorsAnalyzers,", StringComparison.Ordinal)))
        {
            table.Add("| – | – | CorsAnalyzers: no row (no analyzer yet, or it registered no action) |");
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

    private static int Indent(Match match) => match.Groups["name"].Index - match.Groups["pct"].Index - match.Groups["pct"].Length;

    private static string Format(Match match, string decoration)
    {
        var name = match.Groups["name"].Value;
        var text = decoration == "**" ? "**" + name + "**" : decoration + name;
        return $"| {match.Groups["time"].Value} | {match.Groups["pct"].Value} | {text} |";
    }
}
