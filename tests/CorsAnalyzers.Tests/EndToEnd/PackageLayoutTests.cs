using CorsAnalyzers.Tests.Harness;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace CorsAnalyzers.Tests.EndToEnd;

/// <summary>Packs src/CorsAnalyzers.Package (once per run, shared with the sample builds) and checks what a user downloads.</summary>
public sealed class PackageLayoutTests
{
    private const string AnalyzerFolder = "analyzers/dotnet/cs/";

    [Fact]
    public async Task Pack_produces_one_package_named_after_its_id_and_version()
    {
        var package = await PackedPackage.GetAsync();

        Assert.Equal("CorsAnalyzers", package.Id);
        var files = Directory.GetFiles(package.FeedDirectory).Select(Path.GetFileName).ToList();
        Assert.Equal(new[] { $"{package.Id}.{package.Version}.nupkg" }, files);
    }

    [Fact]
    public async Task Package_holds_the_two_analyzer_assemblies_the_config_files_targets_and_the_readme_only()
    {
        var package = await PackedPackage.GetAsync();
        using var zip = ZipFile.OpenRead(package.NupkgPath);
        var content = zip.Entries.Select(e => e.FullName).Where(name => !IsPackagingMetadata(name)).OrderBy(n => n, StringComparer.Ordinal).ToList();

        Assert.DoesNotContain(content, name => name.StartsWith("lib/", StringComparison.OrdinalIgnoreCase) || name.StartsWith("ref/", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(
            new[] { "README.md", AnalyzerFolder + "CorsAnalyzers.CodeFixes.dll", AnalyzerFolder + "CorsAnalyzers.dll", "build/CorsAnalyzers.targets" }.OrderBy(n => n, StringComparer.Ordinal),
            content);
    }

    [Fact]
    public async Task Packed_assemblies_are_the_analyzer_and_the_fixer_built_against_Roslyn_4_5()
    {
        var package = await PackedPackage.GetAsync();
        using var zip = ZipFile.OpenRead(package.NupkgPath);

        foreach (var name in new[] { "CorsAnalyzers", "CorsAnalyzers.CodeFixes" })
        {
            var entry = zip.GetEntry(AnalyzerFolder + name + ".dll");
            Assert.NotNull(entry);
            using var buffer = new MemoryStream();
            using (var stream = entry.Open())
            {
                await stream.CopyToAsync(buffer);
            }

            buffer.Position = 0;
            using var pe = new PEReader(buffer);
            var reader = pe.GetMetadataReader();
            Assert.Equal(name, reader.GetString(reader.GetAssemblyDefinition().Name));

            var roslyn = reader.AssemblyReferences.Select(reader.GetAssemblyReference)
                .Select(r => (Name: reader.GetString(r.Name), r.Version))
                .Where(r => r.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
                .ToList();

            // The lowest Roslyn we support (Directory.Packages.props); a newer reference would not load in older compilers.
            Assert.All(roslyn, r => Assert.Equal(new Version(4, 5, 0, 0), r.Version));
            if (name == "CorsAnalyzers")
            {
                // The analyzers need the compiler and nothing from Workspaces, which a command-line build does not load (RS1038).
                Assert.Contains(roslyn, r => r.Name == "Microsoft.CodeAnalysis");
                Assert.DoesNotContain(roslyn, r => r.Name.StartsWith("Microsoft.CodeAnalysis.Workspaces", StringComparison.Ordinal) || r.Name == "Microsoft.CodeAnalysis.CSharp.Workspaces");
            }
        }
    }

    [Fact]
    public async Task Nuspec_is_a_development_dependency_without_dependencies_and_with_full_metadata()
    {
        var package = await PackedPackage.GetAsync();
        var metadata = PackedPackage.ReadNuspec(package.NupkgPath).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        XElement? Element(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name);

        Assert.Equal("true", Element("developmentDependency")?.Value);
        Assert.True(Element("dependencies") is null || !Element("dependencies")!.Descendants().Any(e => e.Name.LocalName == "dependency"), "The package must have no dependencies: " + Element("dependencies"));

        var license = Element("license");
        Assert.NotNull(license);
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("MIT", license.Value);

        Assert.False(string.IsNullOrWhiteSpace(Element("description")?.Value), "The package needs a description.");
        var tags = (Element("tags")?.Value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Subset(tags.ToHashSet(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal) { "cors", "security", "roslyn", "analyzers", "aspnetcore" });

        var repository = Element("repository");
        Assert.NotNull(repository);
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.True(Uri.TryCreate(repository.Attribute("url")?.Value, UriKind.Absolute, out _), "The repository element needs an absolute url: " + repository);

        // The readme element names a file inside the package, and that file is the repository's README.
        var readme = Element("readme")?.Value;
        Assert.False(string.IsNullOrEmpty(readme), "The nuspec names no readme.");
        using var zip = ZipFile.OpenRead(package.NupkgPath);
        var entry = zip.GetEntry(readme);
        Assert.NotNull(entry);
        using var reader = new StreamReader(entry.Open());
        Assert.Equal(await File.ReadAllTextAsync(RepositoryPaths.Readme), await reader.ReadToEndAsync());
    }

    private static bool IsPackagingMetadata(string entry)
        => entry.StartsWith("_rels/", StringComparison.Ordinal)
            || entry.StartsWith("package/", StringComparison.Ordinal)
            || entry == "[Content_Types].xml"
            || (!entry.Contains('/') && entry.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
}
