using System.Text.Json;

namespace CorsAnalyzers.Tests.EndToEnd;

/// <summary>One rule as a SARIF 2.1 log describes it (<c>runs[].tool.driver.rules[]</c>).</summary>
internal sealed record SarifRule(string Id, string? ShortDescription, string? FullDescription, string? HelpUri, string? Category);

/// <summary>
/// What the compiler writes with <c>-p:ErrorLog=file.sarif%2Cversion=2.1</c>, read the way a code-scanning service
/// reads it: the compiler that ran, each result's rule and line, and each rule's description, category and help link.
/// </summary>
internal sealed class SarifLog
{
    private SarifLog(string version, string driverName, string driverVersion, IReadOnlyList<LineDiagnostic> results, IReadOnlyDictionary<string, SarifRule> rules)
    {
        Version = version;
        DriverName = driverName;
        DriverVersion = driverVersion;
        Results = results;
        Rules = rules;
    }

    /// <summary>The log's own format version ("2.1.0").</summary>
    public string Version { get; }

    public string DriverName { get; }

    /// <summary>The compiler's version (its <c>semanticVersion</c>, else <c>version</c>).</summary>
    public string DriverVersion { get; }

    /// <summary>Every located result, its file relative to the project folder given to <see cref="Read"/>.</summary>
    public IReadOnlyList<LineDiagnostic> Results { get; }

    public IReadOnlyDictionary<string, SarifRule> Rules { get; }

    /// <summary>Reads a log that holds one run (one compilation).</summary>
    public static SarifLog Read(string path, string projectDirectory)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var run = root.GetProperty("runs").EnumerateArray().Single();
        var driver = run.GetProperty("tool").GetProperty("driver");

        var rules = new Dictionary<string, SarifRule>(StringComparer.Ordinal);
        if (driver.TryGetProperty("rules", out var ruleArray))
        {
            foreach (var rule in ruleArray.EnumerateArray())
            {
                var id = rule.GetProperty("id").GetString()!;
                rules[id] = new SarifRule(
                    id,
                    Text(rule, "shortDescription"),
                    Text(rule, "fullDescription"),
                    rule.TryGetProperty("helpUri", out var help) ? help.GetString() : null,
                    rule.TryGetProperty("properties", out var properties) && properties.TryGetProperty("category", out var category) ? category.GetString() : null);
            }
        }

        var results = new List<LineDiagnostic>();
        foreach (var result in run.GetProperty("results").EnumerateArray())
        {
            if (!result.TryGetProperty("locations", out var locations) || locations.GetArrayLength() == 0)
            {
                continue;
            }

            var physical = locations[0].GetProperty("physicalLocation");
            var file = new Uri(physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath;
            results.Add(new LineDiagnostic(
                BuildDiagnostics.Relative(projectDirectory, file),
                physical.GetProperty("region").GetProperty("startLine").GetInt32(),
                result.GetProperty("ruleId").GetString()!));
        }

        var driverVersion = driver.TryGetProperty("semanticVersion", out var semantic) ? semantic.GetString() : driver.GetProperty("version").GetString();
        return new SarifLog(root.GetProperty("version").GetString()!, driver.GetProperty("name").GetString()!, driverVersion!, results, rules);
    }

    private static string? Text(JsonElement rule, string name)
        => rule.TryGetProperty(name, out var message) && message.TryGetProperty("text", out var text) ? text.GetString() : null;
}
