using System.Text.Json;
using System.Xml.Linq;

namespace CorsAnalyzers.Tests.EndToEnd;

/// <summary>
/// A sample web project of tests/samples copied to a temporary folder and turned into a user's project: its
/// ProjectReferences to the analyzers are replaced by a PackageReference to the packed CorsAnalyzers package,
/// restored from a NuGet.config whose only source is the folder holding that package, into an empty
/// NUGET_PACKAGES folder (so no cached copy and no network is involved).
/// </summary>
internal sealed class SampleBuild
{
    private SampleBuild(string workDirectory, string projectDirectory, string projectFile, string packagesDirectory, PackedPackage package)
    {
        WorkDirectory = workDirectory;
        ProjectDirectory = projectDirectory;
        ProjectFile = projectFile;
        PackagesDirectory = packagesDirectory;
        Package = package;
    }

    /// <summary>The temporary folder owned by this copy only: project, NuGet.config, package folder.</summary>
    public string WorkDirectory { get; }

    public string ProjectDirectory { get; }

    public string ProjectFile { get; }

    public string PackagesDirectory { get; }

    public PackedPackage Package { get; }

    public static async Task<SampleBuild> CreateAsync(string sampleName)
    {
        var package = await PackedPackage.GetAsync().ConfigureAwait(false);
        var source = RepositoryPaths.Sample(sampleName);
        var work = Directory.CreateTempSubdirectory($"corsanalyzers-{sampleName}-").FullName;
        var projectDirectory = Path.Combine(work, sampleName);
        CopySources(source, projectDirectory);

        // Stop MSBuild's upward search for Directory.*.props/targets at the work folder, whatever lies above it.
        File.WriteAllText(Path.Combine(work, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(work, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(work, "Directory.Packages.props"), "<Project />");

        var packages = Path.Combine(work, "packages");
        Directory.CreateDirectory(packages);
        new XDocument(
            new XElement("configuration",
                new XElement("packageSources",
                    new XElement("clear"),
                    new XElement("add", new XAttribute("key", "local"), new XAttribute("value", package.FeedDirectory))),
                new XElement("fallbackPackageFolders", new XElement("clear")),
                new XElement("config", new XElement("add", new XAttribute("key", "globalPackagesFolder"), new XAttribute("value", packages)))))
            .Save(Path.Combine(work, "NuGet.config"));

        var projectFile = Path.Combine(projectDirectory, sampleName + ".csproj");
        RewriteProject(projectFile, package);
        return new SampleBuild(work, projectDirectory, projectFile, packages, package);
    }

    /// <summary><c>dotnet build -warnaserror</c> of the copy.</summary>
    public Task<DotNetRun> BuildAsync()
        => DotNetCli.RunAsync(
            WorkDirectory,
            new[]
            {
                "build", ProjectFile,
                "-warnaserror",
                "-nologo", "-tl:off", "-v:minimal", "--disable-build-servers",
                "-p:UseSharedCompilation=false",
            },
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = PackagesDirectory });

    /// <summary>The package's files as restore extracted them into this copy's own package folder.</summary>
    public string ExtractedPackageDirectory => Path.Combine(PackagesDirectory, Package.Id.ToLowerInvariant(), Package.Version.ToLowerInvariant());

    /// <summary>Whether restore recorded the CorsAnalyzers package (at the packed version) in the project's assets file.</summary>
    public bool AssetsFileListsPackage()
    {
        var assets = Path.Combine(ProjectDirectory, "obj", "project.assets.json");
        if (!File.Exists(assets))
        {
            return false;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(assets));
        return document.RootElement.GetProperty("libraries").EnumerateObject()
            .Any(library => string.Equals(library.Name, $"{Package.Id}/{Package.Version}", StringComparison.OrdinalIgnoreCase));
    }

    public void DeleteWorkDirectory()
    {
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void CopySources(string source, string destination)
    {
        if (!Directory.Exists(source))
        {
            throw new DirectoryNotFoundException($"Sample folder '{source}' not found.");
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = BuildDiagnostics.Relative(source, file);
            if (relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static void RewriteProject(string projectFile, PackedPackage package)
    {
        var document = XDocument.Load(projectFile);
        var project = document.Root!;
        var references = project.Descendants().Where(e => e.Name.LocalName == "ProjectReference").ToList();
        if (references.Count == 0)
        {
            throw new InvalidOperationException($"'{projectFile}' has no ProjectReference to replace with the package.");
        }

        var group = references[0].Parent!;
        foreach (var reference in references)
        {
            reference.Remove();
        }

        group.Add(new XElement("PackageReference",
            new XAttribute("Include", package.Id),
            new XAttribute("Version", package.Version),
            new XAttribute("PrivateAssets", "all")));

        document.Save(projectFile);
    }
}
