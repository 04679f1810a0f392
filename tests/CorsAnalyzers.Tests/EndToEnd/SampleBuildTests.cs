using CorsAnalyzers.Tests.Harness;
using CorsAnalyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;

namespace CorsAnalyzers.Tests.EndToEnd;

/// <summary>
/// Builds the sample projects the way a user would consume CorsAnalyzers: from the packed .nupkg, with
/// <c>dotnet build -warnaserror</c>. Each vulnerable sample (ASP.NET Core, a .NET Framework System.Web site, an Azure
/// Functions worker) must fail with exactly the diagnostics its <c>// expect:</c> markers name, its clean twins
/// silent, on the console and in the SARIF log alike; VulnerableApi does the same under the oldest compiler package
/// served to us; the safe sample must build with no CORS diagnostic.
/// </summary>
public sealed class SampleBuildTests
{
    /// <summary>
    /// The oldest Microsoft.Net.Compilers.Toolset our package registry serves: Roslyn 4.14, the compiler of Visual Studio
    /// 17.14 and the .NET SDK 9.0.3xx. The shipped assemblies reference Roslyn 4.5, so any compiler from 4.5 on loads them.
    /// </summary>
    private const string OldestCompilerToolset = "4.14.0";

    /// <summary>The rules of hand-written header code: every sample shows each of them.</summary>
    private static readonly string[] HandWrittenRuleIds = { RuleIds.OriginReflection, RuleIds.AnyOriginWithCredentials, RuleIds.OriginSubstringMatch, RuleIds.NullOrigin, RuleIds.MissingVaryOrigin };

    /// <summary>Every rule: the ASP.NET Core sample, which has policies and a pipeline, shows each of them.</summary>
    private static readonly string[] AllRuleIds = { RuleIds.OriginReflection, RuleIds.AnyOriginWithCredentials, RuleIds.OriginSubstringMatch, RuleIds.NullOrigin, RuleIds.MissingVaryOrigin, RuleIds.UnmatchableOrigin, RuleIds.MisplacedCorsMiddleware, RuleIds.UndefinedPolicyName, RuleIds.CredentialedWildcard, RuleIds.RefusedPreflight, RuleIds.LongPreflightCache, RuleIds.JsonpEndpoint, RuleIds.UntrustedMessageListener, RuleIds.MessageToAnyOrigin };

    private static readonly IReadOnlyDictionary<string, DiagnosticDescriptor> s_descriptors = AnalyzerCatalog.CreateAnalyzers()
        .SelectMany(a => a.SupportedDiagnostics)
        .GroupBy(d => d.Id)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    [Theory]
    [InlineData("VulnerableApi")]
    [InlineData("ClassicAspNetSite")]
    [InlineData("FunctionsApp")]
    public Task Sample_fails_with_exactly_its_marked_CORS_diagnostics(string sampleName)
        => AssertMarkedFindingsAsync(sampleName, compilerToolsetVersion: null);

    [Fact]
    public Task VulnerableApi_compiled_by_the_oldest_compiler_package_reports_the_same_findings()
        => AssertMarkedFindingsAsync("VulnerableApi", OldestCompilerToolset);

    [Fact]
    public void VulnerableApi_marks_findings_in_its_appsettings_files()
    {
        var marked = BuildDiagnostics.ReadConfigurationExpectMarkers(RepositoryPaths.Sample("VulnerableApi"));
        Assert.Contains(marked, d => d.File == "appsettings.json" && d.Id == RuleIds.NullOrigin);
        Assert.Contains(marked, d => d.File == "appsettings.Development.json" && d.Id == RuleIds.AnyOriginWithCredentials);
    }

    [Fact]
    public void VulnerableApi_marks_findings_in_its_JavaScript_and_SafeApi_has_the_same_files_clean()
    {
        var marked = BuildDiagnostics.ReadScriptExpectMarkers(RepositoryPaths.Sample("VulnerableApi"));
        Assert.Contains(marked, d => d.File.StartsWith("wwwroot/js/", StringComparison.Ordinal) && d.File.EndsWith(".js", StringComparison.Ordinal) && d.Id == RuleIds.MessageToAnyOrigin);
        Assert.Contains(marked, d => d.File.EndsWith(".html", StringComparison.Ordinal) && d.Id == RuleIds.MessageToAnyOrigin);

        // The clean twin holds a script file of each kind too, so its silent build shows the files were read.
        var safe = RepositoryPaths.Sample("SafeApi");
        foreach (var file in marked.Select(d => d.File).Distinct())
        {
            Assert.True(File.Exists(Path.Combine(safe, file)), $"SafeApi should have the clean twin of VulnerableApi's {file}.");
        }
    }

    [Fact]
    public async Task SafeApi_builds_with_no_CORS_diagnostic()
    {
        Assert.Empty(BuildDiagnostics.ReadExpectMarkers(RepositoryPaths.Sample("SafeApi")));
        Assert.Empty(BuildDiagnostics.ReadConfigurationExpectMarkers(RepositoryPaths.Sample("SafeApi")));
        Assert.Empty(BuildDiagnostics.ReadScriptExpectMarkers(RepositoryPaths.Sample("SafeApi")));

        var sample = await SampleBuild.CreateAsync("SafeApi");
        var run = await sample.BuildAsync();
        var report = $"Work folder: {sample.WorkDirectory}{Environment.NewLine}{run.Describe()}";

        // The analyzers really were handed to this build: restored from the local folder into the copy's own package folder.
        Assert.True(sample.AssetsFileListsPackage(), "The copy did not restore the packed CorsAnalyzers package. " + report);
        Assert.True(File.Exists(Path.Combine(sample.ExtractedPackageDirectory, "analyzers", "dotnet", "cs", "CorsAnalyzers.dll")), "The package was not extracted into the copy's NUGET_PACKAGES folder. " + report);

        var cors = BuildDiagnostics.Parse(run.Output).Where(d => IsCorsId(d.Id)).ToList();
        Assert.True(cors.Count == 0, $"SafeApi should raise no CORS diagnostic, got:{Environment.NewLine}{string.Join(Environment.NewLine, cors)}{Environment.NewLine}{report}");
        Assert.True(run.ExitCode == 0, "SafeApi should build cleanly under -warnaserror. " + report);

        sample.DeleteWorkDirectory();
    }

    private static async Task AssertMarkedFindingsAsync(string sampleName, string? compilerToolsetVersion)
    {
        // Findings in appsettings*.json, web.config and the app's JavaScript too: the packed package passes them to the
        // analyzers with no setup (and loads the JavaScript parser packed beside it, in the oldest compiler as well).
        var expected = BuildDiagnostics.ReadExpectMarkers(RepositoryPaths.Sample(sampleName))
            .Concat(BuildDiagnostics.ReadConfigurationExpectMarkers(RepositoryPaths.Sample(sampleName)))
            .Concat(BuildDiagnostics.ReadScriptExpectMarkers(RepositoryPaths.Sample(sampleName)))
            .ToHashSet();
        var missingRules = (sampleName == "VulnerableApi" ? AllRuleIds : HandWrittenRuleIds).Where(id => !expected.Any(e => e.Id == id)).ToList();
        Assert.True(missingRules.Count == 0, $"{sampleName} should show every rule at least once; no '// expect:' marker for {string.Join(", ", missingRules)}.");

        var sample = await SampleBuild.CreateAsync(sampleName, compilerToolsetVersion);
        var sarifPath = Path.Combine(sample.WorkDirectory, "build.sarif");
        var run = await sample.BuildAsync($"-p:ErrorLog={sarifPath}%2Cversion=2.1");
        var diagnostics = BuildDiagnostics.Parse(run.Output);
        var actual = diagnostics
            .Where(d => IsCorsId(d.Id))
            .Select(d => new LineDiagnostic(BuildDiagnostics.Relative(sample.ProjectDirectory, d.File), d.Line, d.Id))
            .ToHashSet();
        var otherProblems = BuildDiagnostics.ProblemLines(run.Output).Where(line => !diagnostics.Any(d => IsCorsId(d.Id) && line.Contains($" {d.Id}:", StringComparison.Ordinal))).ToList();

        // A suggestion (Info) stays one under -warnaserror, and MSBuild's console at minimal verbosity prints no suggestion:
        // the SARIF log below holds it, as it holds every finding.
        var printed = expected.Where(e => s_descriptors[e.Id].DefaultSeverity != DiagnosticSeverity.Info).ToHashSet();
        var missing = printed.Except(actual).OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ToList();
        var unexpected = actual.Except(printed).OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ToList();
        var report = string.Join(Environment.NewLine,
            $"Missing (marked but not reported): {missing.Count}", string.Join(Environment.NewLine, missing.Select(d => "  " + d)),
            $"Unexpected (reported but not marked): {unexpected.Count}", string.Join(Environment.NewLine, unexpected.Select(d => "  " + d)),
            $"Other warnings and errors: {otherProblems.Count}", string.Join(Environment.NewLine, otherProblems.Select(l => "  " + l)),
            $"Work folder: {sample.WorkDirectory}",
            run.Describe());

        Assert.True(sample.AssetsFileListsPackage(), "The copy did not restore the packed CorsAnalyzers package." + Environment.NewLine + report);
        Assert.True(sample.ExtractedPackageIsThePackedOne(), "The CorsAnalyzers package restored is not the one packed by this run." + Environment.NewLine + report);
        Assert.True(otherProblems.Count == 0, "The build reported problems other than CORS diagnostics." + Environment.NewLine + report);
        Assert.True(missing.Count == 0 && unexpected.Count == 0, "The CORS diagnostics differ from the '// expect:' markers." + Environment.NewLine + report);
        Assert.True(run.ExitCode != 0, "The build should fail under -warnaserror." + Environment.NewLine + report);

        // The console logger prints each diagnostic's help link after its message: it is the descriptor's link to the rule's page.
        foreach (var diagnostic in diagnostics.Where(d => IsCorsId(d.Id)))
        {
            Assert.True(
                diagnostic.HelpLink == s_descriptors[diagnostic.Id].HelpLinkUri && diagnostic.HelpLink!.EndsWith($"/rules-docs/{diagnostic.Id}.md", StringComparison.Ordinal),
                $"{diagnostic.File}({diagnostic.Line}): {diagnostic.Id} has the help link '{diagnostic.HelpLink}', expected '{s_descriptors[diagnostic.Id].HelpLinkUri}'.");
        }

        // The SARIF log names the compiler that really ran, holds the same findings, and describes each rule fully.
        Assert.True(File.Exists(sarifPath), "The build wrote no SARIF log." + Environment.NewLine + report);
        var sarif = SarifLog.Read(sarifPath, sample.ProjectDirectory);
        Assert.Equal("2.1.0", sarif.Version);
        if (compilerToolsetVersion is not null)
        {
            Assert.True(
                sarif.DriverVersion.StartsWith(compilerToolsetVersion.Substring(0, compilerToolsetVersion.LastIndexOf('.')) + ".", StringComparison.Ordinal),
                $"The build should have run the compiler of {SampleBuild.CompilerToolsetPackage} {compilerToolsetVersion}; the SARIF log names {sarif.DriverName} {sarif.DriverVersion}.");
        }

        var sarifFindings = sarif.Results.Where(r => IsCorsId(r.Id)).ToHashSet();
        Assert.True(expected.SetEquals(sarifFindings), "The SARIF results differ from the '// expect:' markers:" + Environment.NewLine
            + "Marked, not in the log: " + string.Join(", ", expected.Except(sarifFindings)) + Environment.NewLine
            + "In the log, not marked: " + string.Join(", ", sarifFindings.Except(expected)));
        foreach (var id in expected.Select(e => e.Id).Distinct())
        {
            Assert.True(sarif.Rules.TryGetValue(id, out var rule), $"The SARIF log has no rule entry for {id}.");
            var descriptor = s_descriptors[id];
            Assert.Equal(descriptor.Title.ToString(), rule.ShortDescription);
            Assert.Equal(descriptor.Description.ToString(), rule.FullDescription);
            Assert.Equal(descriptor.Category, rule.Category);
            Assert.Equal(descriptor.HelpLinkUri, rule.HelpUri);
        }

        sample.DeleteWorkDirectory();
    }

    private static bool IsCorsId(string id) => id.StartsWith("CORS", StringComparison.Ordinal);
}
