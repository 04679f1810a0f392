using CorsAnalyzers.Tests.Harness;
namespace CorsAnalyzers.Tests.EndToEnd;

/// <summary>
/// Builds the sample web projects the way a user would consume CorsAnalyzers: from the packed .nupkg, with
/// <c>dotnet build -warnaserror</c>. The vulnerable sample must fail with exactly the diagnostics its
/// <c>// expect:</c> markers name; the safe sample must build with no CORS diagnostic.
/// </summary>
public sealed class SampleBuildTests
{
    private static readonly string[] AllRuleIds = { RuleIds.OriginReflection, RuleIds.AnyOriginWithCredentials, RuleIds.OriginSubstringMatch, RuleIds.NullOrigin, RuleIds.MissingVaryOrigin, RuleIds.UnmatchableOrigin, RuleIds.MisplacedCorsMiddleware, RuleIds.UndefinedPolicyName, RuleIds.CredentialedWildcard };

    [Fact]
    public async Task VulnerableApi_fails_with_exactly_the_expected_CORS_diagnostics()
    {
        var expected = BuildDiagnostics.ReadExpectMarkers(RepositoryPaths.Sample("VulnerableApi"));
        var missingRules = AllRuleIds.Where(id => !expected.Any(e => e.Id == id)).ToList();
        Assert.True(missingRules.Count == 0, $"VulnerableApi should show every rule at least once; no '// expect:' marker for {string.Join(", ", missingRules)}.");

        var sample = await SampleBuild.CreateAsync("VulnerableApi");
        var run = await sample.BuildAsync();
        var diagnostics = BuildDiagnostics.Parse(run.Output);
        var actual = diagnostics
            .Where(d => IsCorsId(d.Id))
            .Select(d => new LineDiagnostic(BuildDiagnostics.Relative(sample.ProjectDirectory, d.File), d.Line, d.Id))
            .ToHashSet();
        var otherProblems = BuildDiagnostics.ProblemLines(run.Output).Where(line => !diagnostics.Any(d => IsCorsId(d.Id) && line.Contains($" {d.Id}:", StringComparison.Ordinal))).ToList();

        var missing = expected.Except(actual).OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ToList();
        var unexpected = actual.Except(expected).OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ToList();
        var report = string.Join(Environment.NewLine,
            $"Missing (marked but not reported): {missing.Count}", string.Join(Environment.NewLine, missing.Select(d => "  " + d)),
            $"Unexpected (reported but not marked): {unexpected.Count}", string.Join(Environment.NewLine, unexpected.Select(d => "  " + d)),
            $"Other warnings and errors: {otherProblems.Count}", string.Join(Environment.NewLine, otherProblems.Select(l => "  " + l)),
            $"Work folder: {sample.WorkDirectory}",
            run.Describe());

        Assert.True(sample.AssetsFileListsPackage(), "The copy did not restore the packed CorsAnalyzers package." + Environment.NewLine + report);
        Assert.True(otherProblems.Count == 0, "The build reported problems other than CORS diagnostics." + Environment.NewLine + report);
        Assert.True(missing.Count == 0 && unexpected.Count == 0, "The CORS diagnostics differ from the '// expect:' markers." + Environment.NewLine + report);
        Assert.True(run.ExitCode != 0, "The build should fail under -warnaserror." + Environment.NewLine + report);

        // The console logger prints each diagnostic's help link after its message: it must lead to the rule's page.
        foreach (var diagnostic in diagnostics.Where(d => IsCorsId(d.Id)))
        {
            Assert.True(
                Uri.TryCreate(diagnostic.HelpLink, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.AbsolutePath.EndsWith($"/rules-docs/{diagnostic.Id}.md", StringComparison.Ordinal),
                $"{diagnostic.File}({diagnostic.Line}): {diagnostic.Id} has the help link '{diagnostic.HelpLink}', expected an https address of rules-docs/{diagnostic.Id}.md.");
        }

        sample.DeleteWorkDirectory();
    }

    [Fact]
    public async Task SafeApi_builds_with_no_CORS_diagnostic()
    {
        Assert.Empty(BuildDiagnostics.ReadExpectMarkers(RepositoryPaths.Sample("SafeApi")));

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

    private static bool IsCorsId(string id) => id.StartsWith("CORS", StringComparison.Ordinal);
}
