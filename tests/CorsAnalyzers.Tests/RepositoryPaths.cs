namespace CorsAnalyzers.Tests;

/// <summary>Folders of the repository under test (for the meta and end-to-end tests), found by walking up from the test assembly to CorsAnalyzers.sln.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    public static string PackageProject => Path.Combine(Root, "src", "CorsAnalyzers.Package", "CorsAnalyzers.Package.csproj");

    public static string Readme => Path.Combine(Root, "README.md");

    public static string License => Path.Combine(Root, "LICENSE");

    public static string RulesDocs => Path.Combine(Root, "rules-docs");

    public static string AnalyzerProject => Path.Combine(Root, "src", "CorsAnalyzers");

    public static string Sample(string name) => Path.Combine(Root, "tests", "samples", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CorsAnalyzers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"CorsAnalyzers.sln not found in '{AppContext.BaseDirectory}' or any folder above it.");
    }
}
