using System.Text.RegularExpressions;

namespace CorsAnalyzers.Tests.EndToEnd;

/// <summary>One diagnostic at one line of one file; the file is relative to the project folder, with '/' separators.</summary>
internal sealed record LineDiagnostic(string File, int Line, string Id)
{
    public override string ToString() => $"{File}({Line}): {Id}";
}

/// <summary>
/// A diagnostic as MSBuild's console logger prints it: <c>file(line,col): warning|error ID: message (help link) [project]</c>;
/// the help link is there only when the diagnostic has one.
/// </summary>
internal sealed record BuildDiagnostic(string File, int Line, int Column, string Severity, string Id, string Message, string? HelpLink);

internal static partial class BuildDiagnostics
{
    /// <summary>Every located diagnostic in a build's console output, once each (MSBuild repeats them in its summary).</summary>
    public static IReadOnlyList<BuildDiagnostic> Parse(string output)
        => output.Split('\n')
            .Select(line => ConsoleDiagnostic().Match(line.TrimEnd('\r')))
            .Where(m => m.Success)
            .Select(m => new BuildDiagnostic(
                m.Groups["file"].Value.Trim(),
                int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups["col"].Value, System.Globalization.CultureInfo.InvariantCulture),
                m.Groups["severity"].Value,
                m.Groups["id"].Value,
                m.Groups["message"].Value,
                m.Groups["help"].Success ? m.Groups["help"].Value : null))
            .Distinct()
            .ToList();

    /// <summary>Lines of the output that report an error or a warning, located or not (restore and MSBuild errors have no file).</summary>
    public static IReadOnlyList<string> ProblemLines(string output)
        => output.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => AnyProblem().IsMatch(line))
            .Distinct()
            .ToList();

    /// <summary>
    /// The <c>// expect: CORS001, CORS005</c> markers of every C# source under <paramref name="projectDirectory"/>
    /// (bin and obj skipped): each id is expected exactly on the line that carries the marker.
    /// </summary>
    public static IReadOnlySet<LineDiagnostic> ReadExpectMarkers(string projectDirectory)
    {
        var expected = new HashSet<LineDiagnostic>();
        foreach (var file in SourceFiles(projectDirectory))
        {
            var relative = Relative(projectDirectory, file);
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var marker = ExpectMarker().Match(lines[i]);
                if (!marker.Success)
                {
                    continue;
                }

                foreach (var id in marker.Groups["ids"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!expected.Add(new LineDiagnostic(relative, i + 1, id)))
                    {
                        throw new InvalidOperationException($"{relative}({i + 1}): {id} is listed twice in one marker.");
                    }
                }
            }
        }

        return expected;
    }

    /// <summary>
    /// The markers of the configuration files under <paramref name="projectDirectory"/> (bin and obj skipped):
    /// <c>// expect: CORS004</c> at the end of a line of an <c>appsettings*.json</c> (configuration JSON allows comments),
    /// <c>&lt;!-- expect: CORS002 --&gt;</c> in a <c>web.config</c>. Each id is expected on the line of the value.
    /// </summary>
    public static IReadOnlySet<LineDiagnostic> ReadConfigurationExpectMarkers(string projectDirectory)
    {
        var expected = new HashSet<LineDiagnostic>();
        var files = Directory.EnumerateFiles(projectDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !IsUnder(projectDirectory, f, "bin") && !IsUnder(projectDirectory, f, "obj"))
            .Where(f => Path.GetFileName(f).StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && f.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                        || string.Equals(Path.GetFileName(f), "web.config", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = Relative(projectDirectory, file);
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var marker = ExpectMarker().Match(lines[i]) is { Success: true } json ? json : XmlExpectMarker().Match(lines[i]);
                if (!marker.Success)
                {
                    continue;
                }

                foreach (var id in marker.Groups["ids"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!expected.Add(new LineDiagnostic(relative, i + 1, id)))
                    {
                        throw new InvalidOperationException($"{relative}({i + 1}): {id} is listed twice in one marker.");
                    }
                }
            }
        }

        return expected;
    }

    /// <summary>
    /// The markers in the project's own JavaScript, the files the package's build targets pass for CORS013/CORS014:
    /// <c>// expect: CORS014</c> at the end of a line of a <c>wwwroot/**/*.js</c> file or of a script in an <c>.html</c>,
    /// <c>.cshtml</c> or <c>.razor</c> file (<c>&lt;!-- expect: ... --&gt;</c> outside a script). Each id is expected on
    /// that line. Minified files and <c>wwwroot/lib/</c> are not the user's code and hold no marker.
    /// </summary>
    public static IReadOnlySet<LineDiagnostic> ReadScriptExpectMarkers(string projectDirectory)
    {
        var expected = new HashSet<LineDiagnostic>();
        var files = Directory.EnumerateFiles(projectDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !IsUnder(projectDirectory, f, "bin") && !IsUnder(projectDirectory, f, "obj"))
            .Where(f => (f.EndsWith(".js", StringComparison.OrdinalIgnoreCase) && IsUnder(projectDirectory, f, "wwwroot"))
                        || f.EndsWith(".html", StringComparison.OrdinalIgnoreCase)
                        || f.EndsWith(".cshtml", StringComparison.OrdinalIgnoreCase)
                        || f.EndsWith(".razor", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = Relative(projectDirectory, file);
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var marker = ExpectMarker().Match(lines[i]) is { Success: true } line ? line : XmlExpectMarker().Match(lines[i]);
                if (!marker.Success)
                {
                    continue;
                }

                foreach (var id in marker.Groups["ids"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!expected.Add(new LineDiagnostic(relative, i + 1, id)))
                    {
                        throw new InvalidOperationException($"{relative}({i + 1}): {id} is listed twice in one marker.");
                    }
                }
            }
        }

        return expected;
    }

    /// <summary>The C# sources of a project folder, without its build output.</summary>
    public static IEnumerable<string> SourceFiles(string projectDirectory)
        => Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsUnder(projectDirectory, f, "bin") && !IsUnder(projectDirectory, f, "obj"))
            .OrderBy(f => f, StringComparer.Ordinal);

    /// <summary><paramref name="path"/> relative to <paramref name="baseDirectory"/> with '/' separators; unchanged when it lies outside.</summary>
    public static string Relative(string baseDirectory, string path)
    {
        var relative = Path.GetRelativePath(baseDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? path
            : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private static bool IsUnder(string root, string file, string folder)
        => Relative(root, file).StartsWith(folder + "/", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^\s*(?<file>[^\s].*?)\((?<line>\d+),(?<col>\d+)(?:,\d+,\d+)?\)\s*:\s*(?<severity>warning|error)\s+(?<id>[A-Za-z]+\d+)\s*:\s*(?<message>.*?)(?:\s+\((?<help>https?://[^\s()]+)\))?(?:\s+\[[^\]]*\])?$")]
    private static partial Regex ConsoleDiagnostic();

    [GeneratedRegex(@":\s*(warning|error)\s+[A-Za-z]*\d*\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex AnyProblem();

    [GeneratedRegex(@"//\s*expect:\s*(?<ids>CORS\d{3}(?:\s*,\s*CORS\d{3})*)\s*$")]
    private static partial Regex ExpectMarker();

    [GeneratedRegex(@"<!--\s*expect:\s*(?<ids>CORS\d{3}(?:\s*,\s*CORS\d{3})*)\s*-->\s*$")]
    private static partial Regex XmlExpectMarker();
}
