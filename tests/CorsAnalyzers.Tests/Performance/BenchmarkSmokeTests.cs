extern alias Benchmarks;

using Benchmarks::CorsAnalyzers.Benchmarks;
using Microsoft.CodeAnalysis;

namespace CorsAnalyzers.Tests.Performance;

/// <summary>
/// Runs the benchmark's generator and measurement at a tiny size so that they keep working as the rules change.
/// Never asserts timings: performance is shown by the benchmark's own report (tests/CorsAnalyzers.Benchmarks).
/// </summary>
public sealed class BenchmarkSmokeTests
{
    private const int TinySize = 10;
    private const int Seed = 7;

    [Theory]
    [InlineData(ProjectVariant.Cors)]
    [InlineData(ProjectVariant.NoCors)]
    [InlineData(ProjectVariant.OriginEverywhere)]
    [InlineData(ProjectVariant.Synth)]
    [InlineData(ProjectVariant.Console)]
    [InlineData(ProjectVariant.JavaScript)]
    public void Generated_project_compiles_without_errors(ProjectVariant variant)
    {
        var project = ProjectGenerator.Generate(variant, TinySize, Seed);

        var (_, diagnostics) = Measurement.Compile(project);

        Assert.Equal(TinySize, project.Files.Count);
        Assert.Empty(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
    }

    [Fact]
    public void Every_cors_shape_compiles_without_errors()
    {
        // Enough files for every shape to appear once.
        var size = ProjectGenerator.CorsShapeNames.Count * ProjectGenerator.FilesPerCorsFile;
        var project = ProjectGenerator.Generate(ProjectVariant.Cors, size, Seed);

        var (_, diagnostics) = Measurement.Compile(project);

        Assert.Equal(ProjectGenerator.CorsShapeNames, project.CorsShapes);
        Assert.Empty(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
    }

    [Fact]
    public void Cors_variant_contains_cors_code_and_the_others_none()
    {
        var cors = ProjectGenerator.Generate(ProjectVariant.Cors, TinySize, Seed);
        var noCors = ProjectGenerator.Generate(ProjectVariant.NoCors, TinySize, Seed);
        var console = ProjectGenerator.Generate(ProjectVariant.Console, TinySize, Seed);

        Assert.True(cors.CorsFileCount > 0);
        Assert.Contains(cors.Files, f => f.Text.Contains("AddCors", StringComparison.Ordinal) || f.Text.Contains("Access-Control-Allow-Origin", StringComparison.Ordinal));
        Assert.Equal(0, noCors.CorsFileCount);
        Assert.DoesNotContain(noCors.Files, f => f.Text.Contains("Cors", StringComparison.Ordinal) || f.Text.Contains("Access-Control", StringComparison.Ordinal));
        Assert.False(console.UsesAspNetCore);
        Assert.DoesNotContain(console.Files, f => f.Text.Contains("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void Origin_everywhere_variant_reads_the_origin_in_every_file_and_has_no_cors_code()
    {
        var project = ProjectGenerator.Generate(ProjectVariant.OriginEverywhere, TinySize, Seed);

        Assert.Equal(0, project.CorsFileCount);
        Assert.All(project.Files.Skip(1), f => Assert.Contains("Origin", f.Text, StringComparison.Ordinal));
        Assert.All(project.Files.Skip(1), f => Assert.Contains("origin.EndsWith(", f.Text, StringComparison.Ordinal));
        Assert.DoesNotContain(project.Files, f => f.Text.Contains("Cors", StringComparison.Ordinal) || f.Text.Contains("Access-Control", StringComparison.Ordinal));
    }

    [Fact]
    public void JavaScript_variant_reads_its_scripts_once_skips_the_bundle_and_finds_the_posts_to_any_origin()
    {
        var project = ProjectGenerator.Generate(ProjectVariant.JavaScript, TinySize, Seed);
        var scripts = project.AdditionalFiles;
        Assert.Equal(ProjectGenerator.ScriptFileCount + 1, scripts.Count);
        Assert.Contains(scripts, f => f.Path.EndsWith(".html", StringComparison.Ordinal));
        Assert.Contains(scripts, f => f.Text.Contains("addEventListener(\"message\"", StringComparison.Ordinal));

        // The bundle is minified (lines of thousands of characters) and over 2 MB: the reader skips it before parsing.
        var bundle = scripts[^1];
        Assert.True(bundle.Text.Length >= ProjectGenerator.BundleBytes);
        Assert.Null(CorsAnalyzers.Knowledge.ScriptFile.Read(bundle.Path, Microsoft.CodeAnalysis.Text.SourceText.From(bundle.Text), CorsAnalyzers.Knowledge.ScriptFileKind.JavaScript));

        // Every other script parses, and CORS014 reports exactly the posts of session data to any origin.
        Assert.All(scripts.Take(ProjectGenerator.ScriptFileCount), f => Assert.NotNull(CorsAnalyzers.Knowledge.ScriptFile.Read(f.Path, Microsoft.CodeAnalysis.Text.SourceText.From(f.Text), CorsAnalyzers.Knowledge.ScriptMarkup.KindOf(f.Path))));
        var (compilation, _) = Measurement.Compile(project);
        var exceptions = new System.Collections.Concurrent.ConcurrentBag<string>();
        var (_, diagnostics, _) = Measurement.Analyze(compilation, System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new CorsAnalyzer(new CorsAnalyzers.Rules.MessageToAnyOriginRule())), logTime: false, exceptions, Measurement.AdditionalTexts(project));
        Assert.Empty(exceptions);
        Assert.Equal(
            scripts.Where(f => f.Text.Contains("window.parent.postMessage({ token", StringComparison.Ordinal)).Select(f => "/generated/" + f.Path).OrderBy(p => p, StringComparer.Ordinal),
            diagnostics.Where(d => d.Id == RuleIds.MessageToAnyOrigin).Select(d => d.Location.GetLineSpan().Path).OrderBy(p => p, StringComparer.Ordinal));
    }

    [Fact]
    public void Synth_variant_has_synth_py_s_mix_and_compiles()
    {
        // synth.py's files 0, 50, 100 and 150 carry CORS code, its shape chosen by i % 4 (so only shapes 0 and 2 occur);
        // Program.cs comes first.
        var size = 1 + (4 * ProjectGenerator.FilesPerCorsFile);
        var project = ProjectGenerator.Generate(ProjectVariant.Synth, size, Seed);

        var (_, diagnostics) = Measurement.Compile(project);

        Assert.Empty(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        Assert.Equal(new[] { 0, 50, 100, 150 }.Select(i => ProjectGenerator.SynthCorsShapeNames[i % 4]), project.CorsShapes);
        Assert.Equal("File00000.cs", project.Files[1].Path);
        Assert.All(project.Files.Skip(1), f =>
        {
            Assert.Equal(8, f.Text.Split("if (input.EndsWith(\"").Length - 1);
            Assert.Contains("var origin = context.Request.Headers.Origin.ToString();", f.Text, StringComparison.Ordinal);
            Assert.Contains("context.Response.Headers.Append(\"X-Seen-Origin\", \"1\");", f.Text, StringComparison.Ordinal);
        });
        Assert.Equal(4, project.Files.Count(f => f.Text.Contains("public static class Cors", StringComparison.Ordinal)));
    }

    [Fact]
    public void Generator_is_deterministic_and_sizes_share_their_first_files()
    {
        var first = ProjectGenerator.Generate(ProjectVariant.NoCors, 40, Seed);
        var again = ProjectGenerator.Generate(ProjectVariant.NoCors, 40, Seed);
        var larger = ProjectGenerator.Generate(ProjectVariant.NoCors, 80, Seed);

        Assert.Equal(first.Files, again.Files);
        Assert.Equal(first.Files, larger.Files.Take(40));
    }

    [Fact]
    public void Measurement_runs_every_configuration_at_a_tiny_size()
    {
        var ours = AnalyzerDiscovery.CreateAll();
        var settings = new BenchmarkSettings { Sizes = new[] { TinySize }, Repeats = 1, TelemetryRepeats = 1, Seed = Seed, WarmupSize = 0 };

        var results = Measurement.Run(settings);

        Assert.Equal(5, results.Count);
        foreach (var result in results)
        {
            Assert.Empty(result.CompilerErrors);
            Assert.Empty(result.AnalyzerExceptions);
            Assert.Single(result.Baseline.Samples);
            Assert.Equal(1 + ours.Length, result.Telemetry.Count);
            Assert.Equal(ours.IsEmpty, result.Ours is null);
            if (result.CorsFiles == 0 && result.Ours is not null)
            {
                // No CORS code: any finding is a false positive (in the origin-everywhere variant, of a match that decides nothing).
                Assert.Empty(result.Ours.DiagnosticsById);
            }

            if (result.Variant == ProjectVariant.Cors && ours.Length > 1)
            {
                Assert.Equal(ours.Select(AnalyzerDiscovery.Name), result.PerRule.Select(r => r.Name));
            }
        }

        var markdown = Report.ToMarkdown(results, settings);
        Assert.Contains("| Web, with CORS | 10 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Web, Origin read everywhere | 10 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Web, synth.py mix | 10 |", markdown, StringComparison.Ordinal);
    }
}
