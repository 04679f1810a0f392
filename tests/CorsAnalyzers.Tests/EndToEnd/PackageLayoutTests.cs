using CorsAnalyzers.Tests.Harness;
using CorsAnalyzers.Tests.Robustness;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CorsAnalyzers.Tests.EndToEnd;

/// <summary>Packs src/CorsAnalyzers.Package (once per run, shared with the sample builds) and checks what a user downloads.</summary>
public sealed partial class PackageLayoutTests
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
    public async Task Package_holds_the_two_analyzer_assemblies_the_JavaScript_parser_the_build_targets_the_readme_and_the_licenses_only()
    {
        var package = await PackedPackage.GetAsync();
        using var zip = ZipFile.OpenRead(package.NupkgPath);
        var content = zip.Entries.Select(e => e.FullName).Where(name => !IsPackagingMetadata(name)).OrderBy(n => n, StringComparer.Ordinal).ToList();

        Assert.DoesNotContain(content, name => name.StartsWith("lib/", StringComparison.OrdinalIgnoreCase) || name.StartsWith("ref/", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(
            new[] { "LICENSE", "README.md", "THIRD-PARTY-NOTICES.txt", AnalyzerFolder + "Acornima.dll", AnalyzerFolder + "CorsAnalyzers.CodeFixes.dll", AnalyzerFolder + "CorsAnalyzers.dll", "build/CorsAnalyzers.targets" }.OrderBy(n => n, StringComparer.Ordinal),
            content);
    }

    [Fact]
    public async Task Packed_JavaScript_parser_is_the_netstandard2_0_Acornima_the_analyzer_references_and_needs_only_what_Roslyn_4_5_brings()
    {
        var package = await PackedPackage.GetAsync();
        using var zip = ZipFile.OpenRead(package.NupkgPath);

        var analyzer = ReadReferences(zip, AnalyzerFolder + "CorsAnalyzers.dll", out _);
        var parser = ReadReferences(zip, AnalyzerFolder + "Acornima.dll", out var parserVersion);

        // The analyzer loads the very assembly packed beside it (same name and version), built for netstandard2.0.
        Assert.Contains(analyzer, r => r.Name == "Acornima" && r.Version == parserVersion);
        // Acornima 1.9.2 (Directory.Packages.props) carries the assembly version 1.9.0.0.
        Assert.Equal(new Version(1, 9, 0, 0), parserVersion);
        Assert.Contains(parser, r => r.Name == "netstandard" && r.Version == new Version(2, 0, 0, 0));

        // Its other references are assemblies the compiler itself depends on at Roslyn 4.5 (System.Memory 4.5.5 is
        // assembly 4.0.1.2; System.Runtime.CompilerServices.Unsafe 6.0.0 is 6.0.0.0), so no copy of them is packed.
        Assert.Equal(
            new[] { "System.Memory 4.0.1.2", "System.Runtime.CompilerServices.Unsafe 6.0.0.0" },
            parser.Where(r => r.Name != "netstandard").Select(r => $"{r.Name} {r.Version}").OrderBy(n => n, StringComparer.Ordinal));
        Assert.DoesNotContain(zip.Entries, e => e.FullName.StartsWith(AnalyzerFolder + "System.", StringComparison.Ordinal));

        // Its BSD-3-Clause notice travels with it.
        var notices = await ReadEntryAsync(zip, "THIRD-PARTY-NOTICES.txt");
        Assert.Contains("Acornima", notices, StringComparison.Ordinal);
        Assert.Contains("Copyright (c) Adam Simon", notices, StringComparison.Ordinal);
    }

    private static List<(string Name, Version Version)> ReadReferences(ZipArchive zip, string entryName, out Version version)
    {
        var entry = zip.GetEntry(entryName);
        Assert.True(entry is not null, $"The package has no '{entryName}'.");
        using var buffer = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(buffer);
        }

        buffer.Position = 0;
        using var pe = new PEReader(buffer);
        var reader = pe.GetMetadataReader();
        version = reader.GetAssemblyDefinition().Version;
        return reader.AssemblyReferences.Select(reader.GetAssemblyReference).Select(r => (reader.GetString(r.Name), r.Version)).ToList();
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

        // The description names every rule.
        var description = Element("description")!.Value;
        var missing = AnalyzerCatalog.CreateAnalyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().Where(id => !description.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "The package description should name every rule; it misses " + string.Join(", ", missing) + ": " + description);

        // The license file in the package is the repository's, and it is the MIT license the license expression names.
        using var zip = ZipFile.OpenRead(package.NupkgPath);
        var packedLicense = await ReadEntryAsync(zip, "LICENSE");
        Assert.Equal(await File.ReadAllTextAsync(RepositoryPaths.License), packedLicense);
        Assert.Equal("MIT License", packedLicense.Split('\n')[0].Trim());
    }

    [Fact]
    public async Task Packed_readme_is_the_repository_readme_with_every_relative_link_made_absolute_under_the_repository_url()
    {
        var package = await PackedPackage.GetAsync();
        var metadata = PackedPackage.ReadNuspec(package.NupkgPath).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        var readmeName = metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "readme")?.Value;
        Assert.False(string.IsNullOrEmpty(readmeName), "The nuspec names no readme.");
        var repositoryUrl = metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("url")!.Value;
        var webUrl = Regex.Replace(repositoryUrl, @"(\.git)?/*$", string.Empty) + "/blob/";

        using var zip = ZipFile.OpenRead(package.NupkgPath);
        var packed = await ReadEntryAsync(zip, readmeName);
        var source = await File.ReadAllTextAsync(RepositoryPaths.Readme);

        // The same text but for the link targets, link for link.
        Assert.Equal(MarkdownLink().Replace(source, "]()"), MarkdownLink().Replace(packed, "]()"));
        var sourceTargets = MarkdownLink().Matches(source).Select(m => m.Groups["target"].Value).ToList();
        var packedTargets = MarkdownLink().Matches(packed).Select(m => m.Groups["target"].Value).ToList();
        Assert.Equal(sourceTargets.Count, packedTargets.Count);

        // The repository's README has relative links (a package page cannot resolve them); the packed one has none.
        var relative = sourceTargets.Where(IsRelative).ToList();
        Assert.NotEmpty(relative);
        Assert.DoesNotContain(packedTargets, IsRelative);
        for (var i = 0; i < sourceTargets.Count; i++)
        {
            if (!IsRelative(sourceTargets[i]))
            {
                Assert.Equal(sourceTargets[i], packedTargets[i]);
                continue;
            }

            // A relative link becomes <repository>/blob/<ref>/<the same path>, and that path exists in the repository.
            var target = packedTargets[i];
            Assert.True(target.StartsWith(webUrl, StringComparison.Ordinal) && target.EndsWith("/" + sourceTargets[i], StringComparison.Ordinal), $"'{sourceTargets[i]}' became '{target}', not {webUrl}<ref>/{sourceTargets[i]}.");
            var refAndPath = target.Substring(webUrl.Length);
            Assert.Equal(sourceTargets[i], refAndPath.Substring(refAndPath.IndexOf('/', StringComparison.Ordinal) + 1));
            Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, sourceTargets[i])), $"The README links to '{sourceTargets[i]}', which is not a file of the repository.");
        }
    }

    private static bool IsRelative(string target) => !LinkWithScheme().IsMatch(target) && !target.StartsWith('#');

    private static async Task<string> ReadEntryAsync(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name);
        Assert.True(entry is not null, $"The package has no '{name}'.");
        using var reader = new StreamReader(entry.Open());
        return await reader.ReadToEndAsync();
    }

    /// <summary>The target of an inline Markdown link or image: <c>](target)</c>.</summary>
    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex LinkWithScheme();

    private static bool IsPackagingMetadata(string entry)
        => entry.StartsWith("_rels/", StringComparison.Ordinal)
            || entry.StartsWith("package/", StringComparison.Ordinal)
            || entry == "[Content_Types].xml"
            || (!entry.Contains('/') && entry.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
}
