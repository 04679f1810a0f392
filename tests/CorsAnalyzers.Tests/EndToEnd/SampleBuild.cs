using CorsAnalyzers.Tests.Harness;
using System.Text.Json;
using System.Xml.Linq;

namespace CorsAnalyzers.Tests.EndToEnd;

/// <summary>
/// A sample web project of tests/samples copied to a temporary folder and turned into a user's project: its
/// ProjectReferences to the analyzers are replaced by a PackageReference to the packed CorsAnalyzers package,
/// restored from a NuGet.config whose only source is the folder holding that package, into an empty
/// NUGET_PACKAGES folder (so no cached copy and no network is involved). A sample that needs packages of its own
/// (the net48 reference assemblies, the Functions worker) or a compiler package keeps the machine's package
/// sources beside the local folder; the package restored is still checked to be the packed one, byte for byte.
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

    /// <summary>The package that replaces the SDK's compiler in a project that references it.</summary>
    public const string CompilerToolsetPackage = "Microsoft.Net.Compilers.Toolset";

    /// <summary>The temporary folder owned by this copy only: project, NuGet.config, package folder.</summary>
    public string WorkDirectory { get; }

    public string ProjectDirectory { get; }

    public string ProjectFile { get; }

    public string PackagesDirectory { get; }

    public PackedPackage Package { get; }

    /// <param name="sampleName">The folder under tests/samples, which holds <c>{sampleName}.csproj</c>.</param>
    /// <param name="compilerToolsetVersion">
    /// When set, the copy also references Microsoft.Net.Compilers.Toolset at this version, so that it is compiled by that
    /// compiler instead of the SDK's own (the way a user's older Visual Studio or SDK would compile it).
    /// </param>
    public static async Task<SampleBuild> CreateAsync(string sampleName, string? compilerToolsetVersion = null)
    {
        var package = await PackedPackage.GetAsync().ConfigureAwait(false);
        var source = RepositoryPaths.Sample(sampleName);
        var work = Directory.CreateTempSubdirectory($"corsanalyzers-{sampleName}-").FullName;
        var projectDirectory = Path.Combine(work, sampleName);
        CopySources(source, projectDirectory);
        var projectFile = Path.Combine(projectDirectory, sampleName + ".csproj");
        var needsRegistry = compilerToolsetVersion is not null || HasPackageReferences(projectFile);

        // Stop MSBuild's upward search for Directory.*.props/targets at the work folder, whatever lies above it.
        File.WriteAllText(Path.Combine(work, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(work, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(work, "Directory.Packages.props"), "<Project />");

        var packages = Path.Combine(work, "packages");
        Directory.CreateDirectory(packages);
        new XDocument(
            new XElement("configuration",
                // Without <clear/>, the sources of the machine's own NuGet configuration stay in force as well.
                new XElement("packageSources",
                    needsRegistry ? null : new XElement("clear"),
                    new XElement("add", new XAttribute("key", "local"), new XAttribute("value", package.FeedDirectory))),
                new XElement("fallbackPackageFolders", new XElement("clear")),
                new XElement("config", new XElement("add", new XAttribute("key", "globalPackagesFolder"), new XAttribute("value", packages)))))
            .Save(Path.Combine(work, "NuGet.config"));

        RewriteProject(projectFile, package, compilerToolsetVersion);
        return new SampleBuild(work, projectDirectory, projectFile, packages, package);
    }

    /// <summary><c>dotnet build -warnaserror</c> of the copy, with any further arguments (properties, loggers).</summary>
    public Task<DotNetRun> BuildAsync(params string[] arguments)
        => RunDotNetAsync(new[]
        {
            "build", ProjectFile,
            "-warnaserror",
            "-nologo", "-tl:off", "-v:minimal", "--disable-build-servers",
            "-p:UseSharedCompilation=false",
        }.Concat(arguments).ToList());

    /// <summary>
    /// Any <c>dotnet</c> command in the copy's work folder, so that it sees the copy's NuGet.config (the local package
    /// folder as its only source) and restores into the copy's own package folder: no cache, no network.
    /// </summary>
    public Task<DotNetRun> RunDotNetAsync(IReadOnlyList<string> arguments)
        => DotNetCli.RunAsync(WorkDirectory, arguments, new Dictionary<string, string> { ["NUGET_PACKAGES"] = PackagesDirectory });

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

    /// <summary>
    /// Whether the package restore extracted into this copy's package folder is the packed one, byte for byte (NuGet
    /// keeps the SHA-512 of the .nupkg it extracted beside it): with the machine's sources in force, a package of the
    /// same id and version from a registry would otherwise go unnoticed.
    /// </summary>
    public bool ExtractedPackageIsThePackedOne()
    {
        var hashFile = Path.Combine(ExtractedPackageDirectory, $"{Package.Id.ToLowerInvariant()}.{Package.Version.ToLowerInvariant()}.nupkg.sha512");
        if (!File.Exists(hashFile))
        {
            return false;
        }

        using var stream = File.OpenRead(Package.NupkgPath);
        var packed = Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData(stream));
        return string.Equals(File.ReadAllText(hashFile).Trim(), packed, StringComparison.Ordinal);
    }

    /// <summary>Sets an MSBuild property in the copy's project file (for example an opt-out of the package).</summary>
    public void SetProjectProperty(string name, string value)
    {
        var document = XDocument.Load(ProjectFile);
        document.Root!.Add(new XElement("PropertyGroup", new XElement(name, value)));
        document.Save(ProjectFile);
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

    private static bool HasPackageReferences(string projectFile)
        => XDocument.Load(projectFile).Descendants().Any(e => e.Name.LocalName == "PackageReference");

    private static void RewriteProject(string projectFile, PackedPackage package, string? compilerToolsetVersion)
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

        // The repository's copy of the package's build targets goes too: the packed package must bring its own.
        foreach (var import in project.Elements().Where(e => e.Name.LocalName == "Import" && ((string?)e.Attribute("Project") ?? string.Empty).Contains("CorsAnalyzers.Package", StringComparison.Ordinal)).ToList())
        {
            import.Remove();
        }

        group.Add(new XElement("PackageReference",
            new XAttribute("Include", package.Id),
            new XAttribute("Version", package.Version),
            new XAttribute("PrivateAssets", "all")));
        if (compilerToolsetVersion is not null)
        {
            group.Add(new XElement("PackageReference",
                new XAttribute("Include", CompilerToolsetPackage),
                new XAttribute("Version", compilerToolsetVersion),
                new XAttribute("PrivateAssets", "all")));

            // The .NET 10 SDK puts its own compiler back unless RoslynCompilerType says a package brings one (toolset
            // packages from Roslyn 5 on say so themselves; 4.x ones predate the property). The SDK's Razor source
            // generator is built for the SDK's compiler and cannot load in an older one (CS9057); a user of that older
            // compiler has the Razor generator of the same SDK, and the samples have no Razor files.
            project.Add(new XElement("PropertyGroup",
                new XElement("RoslynCompilerType", "Package"),
                new XElement("UseRazorSourceGenerator", "false")));
        }

        document.Save(projectFile);
    }
}
