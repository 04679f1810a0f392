using System.IO.Compression;
using System.Xml.Linq;

namespace CorsAnalyzers.Tests.EndToEnd;

/// <summary>
/// The CorsAnalyzers package, packed once per test run from src/CorsAnalyzers.Package into a fresh temporary folder
/// that serves as the only package source of the sample builds. Every test class shares this one pack.
/// </summary>
internal sealed class PackedPackage
{
    private static readonly Lazy<Task<PackedPackage>> s_instance = new(PackAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private PackedPackage(string feedDirectory, string nupkgPath, string id, string version, DotNetRun packRun)
    {
        FeedDirectory = feedDirectory;
        NupkgPath = nupkgPath;
        Id = id;
        Version = version;
        PackRun = packRun;
    }

    /// <summary>The folder that holds the .nupkg and nothing else: a local package source.</summary>
    public string FeedDirectory { get; }

    public string NupkgPath { get; }

    public string Id { get; }

    public string Version { get; }

    public DotNetRun PackRun { get; }

    public static Task<PackedPackage> GetAsync() => s_instance.Value;

    /// <summary>The configuration the tests were built in, so that packing reuses the analyzer builds already on disk.</summary>
    public static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private static async Task<PackedPackage> PackAsync()
    {
        var feed = Directory.CreateTempSubdirectory("corsanalyzers-feed-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(feed);

        var run = await DotNetCli.RunAsync(
            RepositoryPaths.Root,
            new[]
            {
                "pack", RepositoryPaths.PackageProject,
                "-c", Configuration,
                "-o", feed,
                "-nologo", "-tl:off", "--disable-build-servers",
                "-p:UseSharedCompilation=false",
            }).ConfigureAwait(false);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException("Packing CorsAnalyzers failed. " + run.Describe());
        }

        var files = Directory.GetFiles(feed);
        var nupkgs = files.Where(f => f.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (nupkgs.Length != 1)
        {
            throw new InvalidOperationException($"Expected exactly one .nupkg in '{feed}', found: {string.Join(", ", files.Select(Path.GetFileName))}. {run.Describe()}");
        }

        var metadata = ReadNuspec(nupkgs[0]).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value
            ?? throw new InvalidOperationException($"The nuspec of '{nupkgs[0]}' has no <{name}>.");

        return new PackedPackage(feed, nupkgs[0], Value("id"), Value("version"), run);
    }

    /// <summary>The .nuspec inside a package (the one .nuspec file at the root of the zip).</summary>
    public static XDocument ReadNuspec(string nupkgPath)
    {
        using var zip = ZipFile.OpenRead(nupkgPath);
        var entry = zip.Entries.Single(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
