using System.Text.Json;
using System.Text.RegularExpressions;
using CorsAnalyzers.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CorsAnalyzers.Tests.EndToEnd;

/// <summary>
/// <c>dotnet format analyzers</c> over a user's copy of each vulnerable sample (ASP.NET Core, the .NET Framework site,
/// the Functions app) that references the packed package, with the two
/// commands exactly as the README's "Apply the fixes in bulk" section writes them: the CI gate fails on the unfixed
/// copy and names every marked finding; the fix command rewrites every finding; the result builds under
/// <c>-warnaserror</c> with no CORS diagnostic; the rewrites are the allowlist code the fixes promise; and the gate
/// then passes. One copy of the sample, one shared pack.
/// </summary>
public sealed partial class DotnetFormatTests
{
    private const string AllowlistName = "AllowedCorsOrigins";
    private const string AllowlistDeclaration = "private static readonly HashSet<string> AllowedCorsOrigins = new HashSet<string>(StringComparer.Ordinal)";
    private const string AllowlistLookup = AllowlistName + ".Contains";
    private const string AllowlistPredicate = "SetIsOriginAllowed(" + AllowlistName + ".Contains)";

    /// <summary>What <c>dotnet format --verify-no-changes</c> exits with when it would change files (1 is a failure to run).</summary>
    private const int FormatCheckFailedExitCode = 2;

    /// <summary>The project the README's commands name, replaced by the copy's project file.</summary>
    private const string ReadmeProjectPlaceholder = "MyApi.csproj";

    /// <summary>Rules with no code fix: not in the README's format commands; their findings stay after the fix command.</summary>
    private static readonly string[] UnfixedRules = { RuleIds.CredentialedWildcard };

    private static readonly string[] FixedRules = { RuleIds.OriginReflection, RuleIds.AnyOriginWithCredentials, RuleIds.OriginSubstringMatch, RuleIds.NullOrigin, RuleIds.MissingVaryOrigin, RuleIds.UnmatchableOrigin, RuleIds.MisplacedCorsMiddleware, RuleIds.UndefinedPolicyName };

    [Theory]
    [InlineData("VulnerableApi")]
    [InlineData("ClassicAspNetSite")]
    [InlineData("FunctionsApp")]
    public async Task Readme_format_commands_fix_every_finding_of_a_sample_into_code_that_builds_clean(string sampleName)
    {
        var (fixCommand, verifyCommand) = ReadmeFormatCommands();
        var expected = BuildDiagnostics.ReadExpectMarkers(RepositoryPaths.Sample(sampleName)).Where(d => FixedRules.Contains(d.Id)).ToHashSet();
        var sample = await SampleBuild.CreateAsync(sampleName);

        // Findings in appsettings*.json have no code fix (the values are the user's to change), so this copy uses the
        // package's opt-out: with CorsAnalyzersConfigFiles=false the analyzers see no configuration file, and the gate
        // below passing on the fixed copy shows that the opt-out works.
        sample.SetProjectProperty("CorsAnalyzersConfigFiles", "false");
        var before = ReadSources(sample.ProjectDirectory);
        var runs = new List<DotNetRun>();
        string Report(string what) => string.Join(Environment.NewLine, new[] { what, $"Work folder: {sample.WorkDirectory}" }.Concat(runs.Select(r => r.Describe())));

        // The gate fails on the copy as the user has it (restoring it from the local folder), naming exactly the marked findings.
        var firstReport = Path.Combine(sample.WorkDirectory, "report-before");
        var firstCheck = await sample.RunDotNetAsync(ForCopy(verifyCommand, sample, "--report", firstReport));
        runs.Add(firstCheck);
        Assert.True(sample.AssetsFileListsPackage(), Report("The copy did not restore the packed CorsAnalyzers package."));
        Assert.True(firstCheck.ExitCode == FormatCheckFailedExitCode, Report($"The gate should fail with {FormatCheckFailedExitCode} on the unfixed copy."));
        var reported = ReadFormatReport(firstReport, sample.ProjectDirectory);
        Assert.True(expected.SetEquals(reported), Report(
            "dotnet format should report exactly the '// expect:' markers of the sample." + Environment.NewLine
            + "Marked, not reported: " + string.Join(", ", expected.Except(reported)) + Environment.NewLine
            + "Reported, not marked: " + string.Join(", ", reported.Except(expected))));

        // The fix command rewrites every finding: no rule without a fixer, no fixer that fails.
        var fix = await sample.RunDotNetAsync(ForCopy(fixCommand, sample));
        runs.Add(fix);
        Assert.True(fix.ExitCode == 0, Report("The fix command failed."));
        var refusals = fix.Output.Split('\n').Select(l => l.Trim()).Where(l => FormatRefusal().IsMatch(l)).ToList();
        Assert.True(refusals.Count == 0, Report("dotnet format could not apply a fix:" + Environment.NewLine + string.Join(Environment.NewLine, refusals)));
        var after = ReadSources(sample.ProjectDirectory);
        var changes = string.Join(Environment.NewLine, before.Keys.Where(f => before[f] != after.GetValueOrDefault(f)).Select(f => $"--- {f}{Environment.NewLine}{TextDiff.Describe(before[f], after.GetValueOrDefault(f) ?? string.Empty)}"));

        // The result compiles under -warnaserror with no CORS diagnostic left but those of the rules without a fix, which stay
        // exactly at their markers (their files have no fixable finding, so no line moves).
        var unfixed = BuildDiagnostics.ReadExpectMarkers(RepositoryPaths.Sample(sampleName)).Where(d => UnfixedRules.Contains(d.Id)).ToHashSet();
        var build = await sample.BuildAsync();
        runs.Add(build);
        var cors = BuildDiagnostics.Parse(build.Output).Where(d => d.Id.StartsWith("CORS", StringComparison.Ordinal)).ToList();
        var left = cors.Select(d => new LineDiagnostic(BuildDiagnostics.Relative(sample.ProjectDirectory, d.File), d.Line, d.Id)).ToHashSet();
        Assert.True(left.SetEquals(unfixed), Report("Findings left after dotnet format (only the unfixable ones should be):" + Environment.NewLine + string.Join(Environment.NewLine, left.Except(unfixed)) + Environment.NewLine + "Unfixable markers not reported: " + string.Join(", ", unfixed.Except(left)) + Environment.NewLine + "Changes:" + Environment.NewLine + changes));
        var otherProblems = BuildDiagnostics.ProblemLines(build.Output).Where(line => !cors.Any(d => line.Contains($" {d.Id}:", StringComparison.Ordinal))).ToList();
        Assert.True((build.ExitCode == 0) == (unfixed.Count == 0) && otherProblems.Count == 0, Report("The fixed copy does not build cleanly under -warnaserror. Changes:" + Environment.NewLine + changes));

        // The rewrites are the allowlist code the fixes promise, where the markers were, and nothing else changed.
        var problems = CheckRewrites(expected, before, after);
        Assert.True(problems.Count == 0, Report(string.Join(Environment.NewLine, problems) + Environment.NewLine + "Changes:" + Environment.NewLine + changes));

        // And the gate passes on the fixed copy.
        var lastReport = Path.Combine(sample.WorkDirectory, "report-after");
        var lastCheck = await sample.RunDotNetAsync(ForCopy(verifyCommand, sample, "--report", lastReport));
        runs.Add(lastCheck);
        var stillReported = ReadFormatReport(lastReport, sample.ProjectDirectory);
        Assert.True(lastCheck.ExitCode == 0 && stillReported.Count == 0, Report("The gate should pass on the fixed copy; it reports: " + string.Join(", ", stillReported)));

        sample.DeleteWorkDirectory();
    }

    /// <summary>What each marker promises about the fixed file it is in, checked against the file before and after.</summary>
    private static List<string> CheckRewrites(IReadOnlySet<LineDiagnostic> expected, IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        var problems = new List<string>();
        foreach (var (file, original) in before)
        {
            var fixedText = after.GetValueOrDefault(file);
            if (fixedText is null)
            {
                problems.Add($"{file}: deleted.");
                continue;
            }

            var markers = expected.Where(d => d.File == file).ToList();
            if (markers.Count == 0)
            {
                if (fixedText != original)
                {
                    problems.Add($"{file}: has no finding but was changed.");
                }

                continue;
            }

            int Markers(string id) => markers.Count(d => d.Id == id);
            var originalLines = original.Split('\n');
            bool IsHeaderWrite(LineDiagnostic marker) => HeaderWrite().IsMatch(originalLines[marker.Line - 1]);

            // Fixes guard or narrow header writes and policies; they never drop them.
            if (Count(fixedText, HeaderWrite()) < Count(original, HeaderWrite()))
            {
                problems.Add($"{file}: the fix removed an Access-Control-Allow-Origin write.");
            }

            if (Count(fixedText, "AllowCredentials()") != Count(original, "AllowCredentials()"))
            {
                problems.Add($"{file}: the fix changed the number of AllowCredentials() calls; the allowlist fix keeps credentials and narrows the origins.");
            }

            // CORS001, CORS002 and CORS003: each finding becomes a lookup in the type's exact allowlist (a call, a lambda or
            // the method group given to SetIsOriginAllowed); CORS001 creates the allowlist where the type has none.
            if (Markers(RuleIds.OriginReflection) > 0 && !fixedText.Contains(AllowlistDeclaration, StringComparison.Ordinal))
            {
                problems.Add($"{file}: a CORS001 finding was fixed without the allowlist '{AllowlistDeclaration}'.");
            }

            // CORS002 on hand-written headers outside ASP.NET Core (System.Web, HttpHeaders) has one fix, the removal of the
            // Access-Control-Allow-Credentials write (the fix cannot read the request's Origin there): it counts instead of a lookup.
            var removedCredentialWrites = Math.Min(
                Count(original, CredentialsHeaderWrite()) - Count(fixedText, CredentialsHeaderWrite()),
                markers.Count(m => m.Id == RuleIds.AnyOriginWithCredentials && IsHeaderWrite(m)));
            var lookupFindings = Markers(RuleIds.OriginReflection) + Markers(RuleIds.AnyOriginWithCredentials) + Markers(RuleIds.OriginSubstringMatch) - Math.Max(0, removedCredentialWrites);
            var newLookups = Count(fixedText, AllowlistLookup) - Count(original, AllowlistLookup);
            if (newLookups < lookupFindings)
            {
                problems.Add($"{file}: {lookupFindings} CORS001/CORS002/CORS003 finding(s) but only {newLookups} new '{AllowlistLookup}'.");
            }

            // CORS002 on a policy: the any-origin part becomes the allowlist predicate.
            var anyOriginPolicies = markers.Count(m => m.Id == RuleIds.AnyOriginWithCredentials && !IsHeaderWrite(m));
            var newPredicates = Count(fixedText, AllowlistPredicate) - Count(original, AllowlistPredicate);
            if (newPredicates < anyOriginPolicies)
            {
                problems.Add($"{file}: {anyOriginPolicies} any-origin-with-credentials policies but {newPredicates} new '{AllowlistPredicate}'.");
            }

            // CORS004: no "null" origin entry is left.
            if (Markers(RuleIds.NullOrigin) > 0 && NullLiterals(fixedText) > 0)
            {
                problems.Add($"{file}: a \"null\" origin entry is left after the CORS004 fix.");
            }

            // CORS005: Vary: Origin is appended next to each per-request Access-Control-Allow-Origin.
            var newVaryWrites = Count(fixedText, VaryOriginWrite()) - Count(original, VaryOriginWrite());
            if (newVaryWrites < Markers(RuleIds.MissingVaryOrigin))
            {
                problems.Add($"{file}: {Markers(RuleIds.MissingVaryOrigin)} CORS005 finding(s) but {newVaryWrites} new Vary: Origin write(s) ('{VaryOriginWrite()}').");
            }

            // CORS006 and CORS008: the marked string is rewritten in place (the origin browsers send, the defined policy name).
            var fixedLines = fixedText.Split('\n');
            foreach (var marker in markers.Where(m => m.Id is RuleIds.UnmatchableOrigin or RuleIds.UndefinedPolicyName))
            {
                var line = originalLines[marker.Line - 1];
                if (fixedLines.Contains(line))
                {
                    problems.Add($"{file}({marker.Line}): the {marker.Id} line was not rewritten: {line.Trim()}");
                }
            }

            // CORS007: UseCors is moved, unchanged, to before the first UseAuthorization of its file.
            foreach (var marker in markers.Where(m => m.Id == RuleIds.MisplacedCorsMiddleware))
            {
                var line = originalLines[marker.Line - 1];
                var movedTo = Array.IndexOf(fixedLines, line);
                var authorization = Array.FindIndex(fixedLines, l => l.Contains("UseAuthorization(", StringComparison.Ordinal));
                if (movedTo < 0 || (authorization >= 0 && movedTo > authorization))
                {
                    problems.Add($"{file}({marker.Line}): the CORS007 line was not moved before UseAuthorization: {line.Trim()}");
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// The two <c>dotnet format</c> commands of the README's "Apply the fixes in bulk" section, without the leading
    /// <c>dotnet</c>: the fix, and the gate (<c>--verify-no-changes</c>). Both must name every rule that has a fix.
    /// </summary>
    private static (IReadOnlyList<string> Fix, IReadOnlyList<string> Verify) ReadmeFormatCommands()
    {
        var lines = File.ReadAllLines(RepositoryPaths.Readme);
        var start = Array.FindIndex(lines, l => l.TrimEnd() == "## Apply the fixes in bulk");
        Assert.True(start >= 0, "README.md has no '## Apply the fixes in bulk' section.");
        var commands = lines.Skip(start + 1)
            .TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("dotnet format ", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList())
            .ToList();
        Assert.True(commands.Count == 2, $"The README's bulk-fix section should hold two dotnet format commands, found {commands.Count}.");

        foreach (var command in commands)
        {
            Assert.Contains(ReadmeProjectPlaceholder, command);
            var ids = command.SkipWhile(a => a != "--diagnostics").Skip(1).TakeWhile(a => !a.StartsWith('-')).ToList();
            Assert.True(FixedRules.All(ids.Contains), $"`dotnet {string.Join(' ', command)}` should name every rule after --diagnostics.");
        }

        var verify = commands.SingleOrDefault(c => c.Contains("--verify-no-changes"));
        var fix = commands.SingleOrDefault(c => !c.Contains("--verify-no-changes"));
        Assert.True(verify is not null && fix is not null, "The README should give one fix command and one --verify-no-changes command.");
        return (fix, verify);
    }

    /// <summary>A README command pointed at the copy's project, with output-only options added.</summary>
    private static List<string> ForCopy(IReadOnlyList<string> command, SampleBuild sample, params string[] outputOptions)
        => command.Select(a => a == ReadmeProjectPlaceholder ? sample.ProjectFile : a).Concat(outputOptions).ToList();

    /// <summary>The (file, line, id) findings of a <c>dotnet format --report</c> folder's format-report.json.</summary>
    private static HashSet<LineDiagnostic> ReadFormatReport(string reportDirectory, string projectDirectory)
    {
        var path = Path.Combine(reportDirectory, "format-report.json");
        Assert.True(File.Exists(path), $"dotnet format wrote no report at '{path}'.");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var findings = new HashSet<LineDiagnostic>();
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            var file = BuildDiagnostics.Relative(projectDirectory, entry.GetProperty("FilePath").GetString()!);
            foreach (var change in entry.GetProperty("FileChanges").EnumerateArray())
            {
                findings.Add(new LineDiagnostic(file, change.GetProperty("LineNumber").GetInt32(), change.GetProperty("DiagnosticId").GetString()!));
            }
        }

        return findings;
    }

    private static Dictionary<string, string> ReadSources(string projectDirectory)
        => BuildDiagnostics.SourceFiles(projectDirectory).ToDictionary(f => BuildDiagnostics.Relative(projectDirectory, f), File.ReadAllText, StringComparer.Ordinal);

    private static int Count(string text, string fragment)
    {
        var count = 0;
        for (var at = text.IndexOf(fragment, StringComparison.Ordinal); at >= 0; at = text.IndexOf(fragment, at + fragment.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static int Count(string text, Regex pattern) => pattern.Matches(text).Count;

    /// <summary>String literals whose value is <c>null</c> (the origin), comments excluded.</summary>
    private static int NullLiterals(string source)
        => CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens()
            .Count(t => t.IsKind(SyntaxKind.StringLiteralToken) && t.ValueText == "null");

    /// <summary>A write of Access-Control-Allow-Origin, by property or by name.</summary>
    [GeneratedRegex(@"AccessControlAllowOrigin\b|""Access-Control-Allow-Origin""")]
    private static partial Regex HeaderWrite();

    /// <summary>
    /// Vary: Origin written in the header API of the write it completes: <c>Append</c> (ASP.NET Core), <c>AppendHeader</c>
    /// (System.Web, HttpListener), <c>Add</c> (<c>HttpHeaders</c>, the Functions worker), <c>Set</c> (a NameValueCollection).
    /// </summary>
    [GeneratedRegex(@"\b(Append|AppendHeader|AddHeader|Add|Set)\(""Vary"", ""Origin""\)")]
    private static partial Regex VaryOriginWrite();

    /// <summary>A write of Access-Control-Allow-Credentials by name.</summary>
    [GeneratedRegex(@"AccessControlAllowCredentials\b|""Access-Control-Allow-Credentials""")]
    private static partial Regex CredentialsHeaderWrite();

    /// <summary>What dotnet format logs when it has no fixer for a diagnostic or a fixer fails or declines Fix All.</summary>
    [GeneratedRegex(@"Unable to fix|Failed to apply code fix", RegexOptions.IgnoreCase)]
    private static partial Regex FormatRefusal();
}
