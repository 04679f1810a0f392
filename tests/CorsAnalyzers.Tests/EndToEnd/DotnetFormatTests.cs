using System.Text.RegularExpressions;
using CorsAnalyzers.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CorsAnalyzers.Tests.EndToEnd;

/// <summary>
/// The README's "Apply the fixes in bulk" commands, exactly as written there, on a user's copy of each vulnerable sample
/// (ASP.NET Core, the .NET Framework site, the Functions app) that references the packed package, configuration files
/// on: the gate (the build) fails on the unfixed copy and names every marked finding, in code and in configuration; one
/// run of the fix command (<c>dotnet format</c>) rewrites every finding that has a fix into the allowlist code the
/// fixes promise; and the gate then fails only on the findings that have no automatic fix (configuration findings and
/// CORS009). One copy of the sample, one shared pack.
/// </summary>
public sealed partial class DotnetFormatTests
{
    /// <summary>The allowlist the fixes create: <c>AllowedCorsOrigins</c>, or a per-check name that starts with it.</summary>
    private const string AllowlistName = @"AllowedCorsOrigins\w*";

    /// <summary>The project the README's commands name, replaced by the copy's project file.</summary>
    private const string ReadmeProjectPlaceholder = "MyApi.csproj";

    /// <summary>
    /// A file added to each copy with one compiler warning (CS0168, a variable declared and never used) that is not a
    /// CORS finding: the gate must leave it a warning.
    /// </summary>
    private const string UnrelatedWarningFile = "UnrelatedWarning.cs";

    private const string UnrelatedWarningId = "CS0168";

    /// <summary>Options that change only how a command prints and which processes it leaves behind, never what it finds.</summary>
    private static readonly string[] QuietBuildOptions = { "-nologo", "-tl:off", "-v:minimal", "--disable-build-servers", "-p:UseSharedCompilation=false" };

    /// <summary>Rules with no code fix: not in the README's format command; their findings stay after the fix command.</summary>
    /// <summary>CORS012's fix is WCF's flag only; the samples' JSONP is hand-written or in web.config, which no fix changes.</summary>
    private static readonly string[] UnfixedRules = { RuleIds.CredentialedWildcard, RuleIds.JsonpEndpoint, RuleIds.UntrustedMessageListener, RuleIds.MessageToAnyOrigin };

    private static readonly string[] FixedRules = { RuleIds.OriginReflection, RuleIds.AnyOriginWithCredentials, RuleIds.OriginSubstringMatch, RuleIds.NullOrigin, RuleIds.MissingVaryOrigin, RuleIds.UnmatchableOrigin, RuleIds.MisplacedCorsMiddleware, RuleIds.UndefinedPolicyName, RuleIds.RefusedPreflight, RuleIds.LongPreflightCache };

    private static readonly string[] AllRules = FixedRules.Concat(UnfixedRules).ToArray();

    /// <summary>
    /// Suggestions (Info): <c>-warnaserror</c> leaves them suggestions, which the build at minimal verbosity does not print,
    /// so the README's gate does not name them; its <c>.globalconfig</c> recipe makes them errors.
    /// </summary>
    private static readonly string[] Suggestions = { RuleIds.LongPreflightCache };

    private static readonly string[] GateRules = AllRules.Except(Suggestions).ToArray();

    [Theory]
    [InlineData("VulnerableApi")]
    [InlineData("ClassicAspNetSite")]
    [InlineData("FunctionsApp")]
    public async Task Readme_fix_command_run_once_leaves_only_findings_without_a_fix_and_the_readme_gate_fails_on_them(string sampleName)
    {
        var (fixCommand, gateCommand) = ReadmeBulkCommands();
        var codeMarkers = BuildDiagnostics.ReadExpectMarkers(RepositoryPaths.Sample(sampleName));
        // Findings in the app's JavaScript are, like configuration findings, outside C# files: dotnet format leaves them.
        var configMarkers = BuildDiagnostics.ReadConfigurationExpectMarkers(RepositoryPaths.Sample(sampleName))
            .Concat(BuildDiagnostics.ReadScriptExpectMarkers(RepositoryPaths.Sample(sampleName))).ToHashSet();
        var allMarkers = codeMarkers.Concat(configMarkers).ToHashSet();
        var expected = codeMarkers.Where(d => FixedRules.Contains(d.Id)).ToHashSet();

        // What no fix can change: the values in configuration files and the rules without a fixer. Their markers do not
        // move (no file with such a marker has a fixable finding above it).
        var unfixable = configMarkers.Concat(codeMarkers.Where(d => UnfixedRules.Contains(d.Id))).ToHashSet();

        var sample = await SampleBuild.CreateAsync(sampleName);
        var unrelated = AddUnrelatedWarning(sample, sampleName);
        var before = ReadSources(sample.ProjectDirectory);
        var runs = new List<DotNetRun>();
        string Report(string what) => string.Join(Environment.NewLine, new[] { what, $"Work folder: {sample.WorkDirectory}" }.Concat(runs.Select(r => r.Describe())));

        // The gate fails on the copy as the user has it (restoring it from the local folder), naming exactly the marked
        // findings, configuration findings included, each as an error; the unrelated warning stays a warning.
        var firstGate = await sample.RunDotNetAsync(ForCopy(gateCommand, sample, QuietBuildOptions));
        runs.Add(firstGate);
        Assert.True(sample.AssetsFileListsPackage(), Report("The copy did not restore the packed CorsAnalyzers package."));
        AssertGate(firstGate, sample, allMarkers, unrelated, "on the unfixed copy", Report);

        // One run of the fix command rewrites every finding that has a fix: no rule without a fixer, no fixer that fails.
        var fix = await sample.RunDotNetAsync(ForCopy(fixCommand, sample));
        runs.Add(fix);
        Assert.True(fix.ExitCode == 0, Report("The fix command failed."));
        var refusals = fix.Output.Split('\n').Select(l => l.Trim()).Where(l => FormatRefusal().IsMatch(l)).ToList();
        Assert.True(refusals.Count == 0, Report("dotnet format could not apply a fix:" + Environment.NewLine + string.Join(Environment.NewLine, refusals)));
        var after = ReadSources(sample.ProjectDirectory);
        var changes = string.Join(Environment.NewLine, before.Keys.Where(f => before[f] != after.GetValueOrDefault(f)).Select(f => $"--- {f}{Environment.NewLine}{TextDiff.Describe(before[f], after.GetValueOrDefault(f) ?? string.Empty)}"));

        // The rewrites are the allowlist code the fixes promise, where the markers were, and nothing else changed.
        var problems = CheckRewrites(expected, before, after);
        Assert.True(problems.Count == 0, Report(string.Join(Environment.NewLine, problems) + Environment.NewLine + "Changes:" + Environment.NewLine + changes));

        // The gate then fails on exactly the findings that have no automatic fix, and on nothing the fixes added (a new
        // finding of another rule, a compiler warning): one run is enough.
        var lastGate = await sample.RunDotNetAsync(ForCopy(gateCommand, sample, QuietBuildOptions));
        runs.Add(lastGate);
        AssertGate(lastGate, sample, unfixable, unrelated, "after one run of the fix command" + Environment.NewLine + "Changes:" + Environment.NewLine + changes, Report);

        sample.DeleteWorkDirectory();
    }

    /// <summary>
    /// The README's <c>.globalconfig</c> recipe ("Make CI fail on a finding") makes a plain build fail on every finding,
    /// configuration findings included; its near-twin, the same severities under <c>[*.cs]</c> in an <c>.editorconfig</c>,
    /// leaves the configuration findings warnings. With the package's opt-out (<c>CorsAnalyzersConfigFiles=false</c>)
    /// the configuration findings are gone and the findings in code stay. One copy, three builds.
    /// </summary>
    [Fact]
    public async Task Readme_globalconfig_recipe_fails_the_build_on_configuration_findings_where_cs_editorconfig_severities_do_not()
    {
        var globalConfig = ReadmeGlobalConfig();
        var codeMarkers = BuildDiagnostics.ReadExpectMarkers(RepositoryPaths.Sample("VulnerableApi"));
        var scriptMarkers = BuildDiagnostics.ReadScriptExpectMarkers(RepositoryPaths.Sample("VulnerableApi"));
        Assert.NotEmpty(scriptMarkers);

        // Script findings are located outside C# files as configuration findings are: the same severities reach them.
        var configMarkers = BuildDiagnostics.ReadConfigurationExpectMarkers(RepositoryPaths.Sample("VulnerableApi")).Concat(scriptMarkers).ToHashSet();
        Assert.NotEmpty(configMarkers);
        var sample = await SampleBuild.CreateAsync("VulnerableApi");
        var runs = new List<DotNetRun>();
        string Report(string what) => string.Join(Environment.NewLine, new[] { what, $"Work folder: {sample.WorkDirectory}" }.Concat(runs.Select(r => r.Describe())));
        async Task<(DotNetRun Run, Dictionary<LineDiagnostic, string> Severities)> BuildAsync()
        {
            var run = await sample.RunDotNetAsync(new[] { "build", sample.ProjectFile, "--no-incremental" }.Concat(QuietBuildOptions).ToList());
            runs.Add(run);
            return (run, CorsSeverities(run, sample));
        }

        var globalConfigPath = Path.Combine(sample.ProjectDirectory, ".globalconfig");
        File.WriteAllText(globalConfigPath, globalConfig);
        var (withGlobalConfig, globalSeverities) = await BuildAsync();
        Assert.True(withGlobalConfig.ExitCode != 0, Report("The build should fail with the README's .globalconfig."));
        Assert.True(globalSeverities.Keys.ToHashSet().SetEquals(codeMarkers.Concat(configMarkers)), Report("The build should report exactly the marked findings."));
        Assert.True(globalSeverities.Values.All(s => s == "error"), Report("Every finding, configuration findings included, should be an error with the README's .globalconfig."));

        // The near-twin: the same severities in a [*.cs] section reach the findings in C# files only.
        File.Delete(globalConfigPath);
        var editorConfig = "root = true" + Environment.NewLine + "[*.cs]" + Environment.NewLine
            + string.Join(Environment.NewLine, globalConfig.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l != "is_global = true")) + Environment.NewLine;
        File.WriteAllText(Path.Combine(sample.ProjectDirectory, ".editorconfig"), editorConfig);
        var (_, editorSeverities) = await BuildAsync();
        Assert.True(editorSeverities.Keys.ToHashSet().SetEquals(codeMarkers.Concat(configMarkers)), Report("The build should report exactly the marked findings."));
        Assert.True(codeMarkers.All(m => editorSeverities[m] == "error") && configMarkers.All(m => editorSeverities[m] == "warning"), Report("[*.cs] severities should make the findings in C# files errors and leave the configuration findings warnings."));
        File.Delete(Path.Combine(sample.ProjectDirectory, ".editorconfig"));

        // The opt-outs: the analyzers see no configuration file, so the findings in code and scripts are left; then no
        // script either, so only the findings in code are left.
        File.WriteAllText(globalConfigPath, globalConfig);
        sample.SetProjectProperty("CorsAnalyzersConfigFiles", "false");
        var (_, optOutSeverities) = await BuildAsync();
        Assert.True(optOutSeverities.Keys.ToHashSet().SetEquals(codeMarkers.Concat(scriptMarkers)), Report("With CorsAnalyzersConfigFiles=false the build should report exactly the findings in code and scripts."));
        sample.SetProjectProperty("CorsAnalyzersScriptFiles", "false");
        var (_, noScriptSeverities) = await BuildAsync();
        Assert.True(noScriptSeverities.Keys.ToHashSet().SetEquals(codeMarkers), Report("With CorsAnalyzersScriptFiles=false as well the build should report exactly the findings in code."));

        sample.DeleteWorkDirectory();
    }

    /// <summary>
    /// A gate run fails (and only then) while <paramref name="findings"/> is not empty, reports exactly those CORS findings,
    /// each as an error, and reports nothing else but the unrelated warning, still a warning.
    /// </summary>
    private static void AssertGate(DotNetRun gate, SampleBuild sample, IReadOnlySet<LineDiagnostic> allFindings, LineDiagnostic unrelated, string when, Func<string, string> report)
    {
        var findings = allFindings.Where(f => !Suggestions.Contains(f.Id)).ToHashSet();
        var severities = CorsSeverities(gate, sample);
        var reported = severities.Keys.ToHashSet();
        Assert.True(reported.SetEquals(findings), report(
            $"The gate {when} should report exactly these findings." + Environment.NewLine
            + "Expected, not reported: " + string.Join(", ", findings.Except(reported)) + Environment.NewLine
            + "Reported, not expected: " + string.Join(", ", reported.Except(findings))));
        Assert.True(severities.Values.All(s => s == "error"), report($"The gate {when} should report every CORS finding as an error."));
        Assert.True((gate.ExitCode != 0) == (findings.Count > 0), report($"The gate {when} should {(findings.Count > 0 ? "fail" : "pass")}."));

        var diagnostics = BuildDiagnostics.Parse(gate.Output);
        var others = diagnostics.Where(d => !d.Id.StartsWith("CORS", StringComparison.Ordinal)).Select(d => (new LineDiagnostic(BuildDiagnostics.Relative(sample.ProjectDirectory, d.File), d.Line, d.Id), d.Severity)).Distinct().ToList();
        Assert.True(others.Count == 1 && others[0] == (unrelated, "warning"), report($"The gate {when} should leave the unrelated {unrelated} a warning and report nothing else; it reports: " + string.Join(", ", others)));
        var unlocated = BuildDiagnostics.ProblemLines(gate.Output).Where(line => !diagnostics.Any(d => line.Contains($" {d.Id}:", StringComparison.Ordinal))).ToList();
        Assert.True(unlocated.Count == 0, report($"The gate {when} reported other problems:" + Environment.NewLine + string.Join(Environment.NewLine, unlocated)));
    }

    /// <summary>The CORS findings of a build, each with the severity it was printed with.</summary>
    private static Dictionary<LineDiagnostic, string> CorsSeverities(DotNetRun run, SampleBuild sample)
        => BuildDiagnostics.Parse(run.Output)
            .Where(d => d.Id.StartsWith("CORS", StringComparison.Ordinal))
            .GroupBy(d => new LineDiagnostic(BuildDiagnostics.Relative(sample.ProjectDirectory, d.File), d.Line, d.Id))
            .ToDictionary(g => g.Key, g => string.Join("+", g.Select(d => d.Severity).Distinct()));

    /// <summary>Writes <see cref="UnrelatedWarningFile"/> into the copy (C# 7.3, for the .NET Framework site) and says where its warning is.</summary>
    private static LineDiagnostic AddUnrelatedWarning(SampleBuild sample, string sampleName)
    {
        var lines = new[]
        {
            $"namespace {sampleName}",
            "{",
            "    internal static class UnrelatedWarning",
            "    {",
            "        internal static void Method() { int unused; }",
            "    }",
            "}",
        };
        File.WriteAllLines(Path.Combine(sample.ProjectDirectory, UnrelatedWarningFile), lines);
        return new LineDiagnostic(UnrelatedWarningFile, Array.FindIndex(lines, l => l.Contains("int unused;", StringComparison.Ordinal)) + 1, UnrelatedWarningId);
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
            if (Markers(RuleIds.OriginReflection) > 0 && !AllowlistDeclaration().IsMatch(fixedText))
            {
                problems.Add($"{file}: a CORS001 finding was fixed without an allowlist declaration ('{AllowlistDeclaration()}').");
            }

            // CORS002 on hand-written headers outside ASP.NET Core (System.Web, HttpHeaders) has one fix, the removal of the
            // Access-Control-Allow-Credentials write (the fix cannot read the request's Origin there): it counts instead of a lookup.
            var removedCredentialWrites = Math.Min(
                Count(original, CredentialsHeaderWrite()) - Count(fixedText, CredentialsHeaderWrite()),
                markers.Count(m => m.Id == RuleIds.AnyOriginWithCredentials && IsHeaderWrite(m)));
            var lookupFindings = Markers(RuleIds.OriginReflection) + Markers(RuleIds.AnyOriginWithCredentials) + Markers(RuleIds.OriginSubstringMatch) - Math.Max(0, removedCredentialWrites);
            var newLookups = Count(fixedText, AllowlistLookup()) - Count(original, AllowlistLookup());
            if (newLookups < lookupFindings)
            {
                problems.Add($"{file}: {lookupFindings} CORS001/CORS002/CORS003 finding(s) but only {newLookups} new '{AllowlistLookup()}'.");
            }

            // CORS002 on a policy: the any-origin part becomes the allowlist predicate.
            var anyOriginPolicies = markers.Count(m => m.Id == RuleIds.AnyOriginWithCredentials && !IsHeaderWrite(m));
            var newPredicates = Count(fixedText, AllowlistPredicate()) - Count(original, AllowlistPredicate());
            if (newPredicates < anyOriginPolicies)
            {
                problems.Add($"{file}: {anyOriginPolicies} any-origin-with-credentials policies but {newPredicates} new '{AllowlistPredicate()}'.");
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

            // CORS006, CORS008 and CORS010: the marked line is rewritten in place (the origin browsers send, the defined policy
            // name, the method list with what it left out).
            var fixedLines = fixedText.Split('\n');
            foreach (var marker in markers.Where(m => m.Id is RuleIds.UnmatchableOrigin or RuleIds.UndefinedPolicyName or RuleIds.RefusedPreflight))
            {
                var line = originalLines[marker.Line - 1];
                if (fixedLines.Contains(line))
                {
                    problems.Add($"{file}({marker.Line}): the {marker.Id} line was not rewritten: {line.Trim()}");
                }
            }

            // CORS011: the marked value becomes 7200 seconds in place (FromHours(2) for a TimeSpan of days, "7200" for a header).
            var newTwoHourCaches = Count(fixedText, TwoHourPreflightCache()) - Count(original, TwoHourPreflightCache());
            if (newTwoHourCaches < Markers(RuleIds.LongPreflightCache))
            {
                problems.Add($"{file}: {Markers(RuleIds.LongPreflightCache)} CORS011 finding(s) but {newTwoHourCaches} new 7200-second preflight cache(s) ('{TwoHourPreflightCache()}').");
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
    /// The two commands of the README's "Apply the fixes in bulk" section, without the leading <c>dotnet</c>: the fix
    /// (<c>dotnet format</c>, naming every rule that has a fix) and the gate (<c>dotnet build</c>, turning the warnings of
    /// every rule into errors with MSBuild's <c>-warnaserror:codes</c>, and only those).
    /// </summary>
    private static (IReadOnlyList<string> Fix, IReadOnlyList<string> Gate) ReadmeBulkCommands()
    {
        var commands = ReadmeSection("## Apply the fixes in bulk")
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("dotnet format ", StringComparison.Ordinal) || l.StartsWith("dotnet build ", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList())
            .ToList();
        var fix = commands.Where(c => c[0] == "format").ToList();
        var gate = commands.Where(c => c[0] == "build").ToList();
        Assert.True(fix.Count == 1 && gate.Count == 1, $"The README's bulk-fix section should hold one dotnet format command and one dotnet build command, found {fix.Count} and {gate.Count}.");

        Assert.Contains(ReadmeProjectPlaceholder, fix[0]);
        var ids = fix[0].SkipWhile(a => a != "--diagnostics").Skip(1).TakeWhile(a => !a.StartsWith('-')).ToList();
        Assert.True(FixedRules.All(ids.Contains), $"`dotnet {string.Join(' ', fix[0])}` should name every rule that has a fix after --diagnostics.");
        Assert.DoesNotContain("--verify-no-changes", fix[0]);

        Assert.Contains(ReadmeProjectPlaceholder, gate[0]);
        var errorIds = gate[0].Where(a => a.StartsWith("-warnaserror:", StringComparison.OrdinalIgnoreCase)).SelectMany(a => a.Substring("-warnaserror:".Length).Split(',', ';')).ToList();
        Assert.True(errorIds.Count == GateRules.Length && GateRules.All(errorIds.Contains), $"`dotnet {string.Join(' ', gate[0])}` should turn exactly the warnings of every rule into errors with -warnaserror:.");
        return (fix[0], gate[0]);
    }

    /// <summary>The <c>ini</c> block of the README's "Make CI fail on a finding" section: a .globalconfig with every rule at error.</summary>
    private static string ReadmeGlobalConfig()
    {
        var lines = ReadmeSection("## Make CI fail on a finding")
            .SkipWhile(l => l.Trim() != "```ini").Skip(1)
            .TakeWhile(l => l.Trim() != "```")
            .ToList();
        Assert.True(lines.Count > 0 && lines[0].Trim() == "is_global = true", "The README's 'Make CI fail on a finding' section should give a .globalconfig (an ini block starting with 'is_global = true').");
        foreach (var id in AllRules)
        {
            Assert.Contains($"dotnet_diagnostic.{id}.severity = error", lines.Select(l => l.Trim()));
        }

        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    private static IEnumerable<string> ReadmeSection(string heading)
    {
        var lines = File.ReadAllLines(RepositoryPaths.Readme);
        var start = Array.FindIndex(lines, l => l.TrimEnd() == heading);
        Assert.True(start >= 0, $"README.md has no '{heading}' section.");
        return lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)).ToList();
    }

    /// <summary>A README command pointed at the copy's project, with output-only options added.</summary>
    private static List<string> ForCopy(IReadOnlyList<string> command, SampleBuild sample, params string[] outputOptions)
        => command.Select(a => a == ReadmeProjectPlaceholder ? sample.ProjectFile : a).Concat(outputOptions).ToList();

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

    /// <summary>The declaration of an allowlist the fixes create: an ordinal HashSet, under the default name or a per-check one.</summary>
    [GeneratedRegex(@"private static readonly HashSet<string> " + AllowlistName + @" = new\s*(HashSet<string>)?\(StringComparer\.Ordinal\)")]
    private static partial Regex AllowlistDeclaration();

    /// <summary>A lookup in such an allowlist: a call, or the method group given to a predicate.</summary>
    [GeneratedRegex(@"\b" + AllowlistName + @"\.Contains\b")]
    private static partial Regex AllowlistLookup();

    /// <summary>The allowlist predicate that replaces the any-origin part of a policy.</summary>
    [GeneratedRegex(@"SetIsOriginAllowed\(" + AllowlistName + @"\.Contains\)")]
    private static partial Regex AllowlistPredicate();

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
    /// <summary>A preflight cache of 7200 seconds as the CORS011 fix writes it.</summary>
    [GeneratedRegex(@"FromHours\(2\)|FromMinutes\(120\)|FromSeconds\(7200\)|""7200""")]
    private static partial Regex TwoHourPreflightCache();

    [GeneratedRegex(@"Unable to fix|Failed to apply code fix", RegexOptions.IgnoreCase)]
    private static partial Regex FormatRefusal();
}
