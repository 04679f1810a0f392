using System.Globalization;
using System.Text;

namespace CorsAnalyzers.Benchmarks;

/// <summary>What kind of project the generator writes.</summary>
public enum ProjectVariant
{
    /// <summary>An ASP.NET Core web project where about one file in fifty sets up CORS (policies or hand-written middleware).</summary>
    Cors,

    /// <summary>The same web project, same size, with every CORS file replaced by an ordinary middleware: no CORS code at all.</summary>
    NoCors,

    /// <summary>Plain console/library code that references only Microsoft.NETCore.App (no ASP.NET Core).</summary>
    Console,

    /// <summary>
    /// The <see cref="NoCors"/> project in which every file but Program.cs also reads the request's Origin: a log line, a
    /// metric tag chosen by <c>EndsWith</c>/<c>StartsWith</c> on it, an echo into a header that is not a CORS header, as an
    /// API gateway, a logging middleware or a multi-tenant app does. No CORS decision anywhere: any diagnostic is a false positive.
    /// </summary>
    OriginEverywhere,

    /// <summary>
    /// The <see cref="Cors"/> project with the app's JavaScript beside it, as AdditionalFiles the way the package's build
    /// targets pass them: <see cref="ProjectGenerator.ScriptFileCount"/> script files under wwwroot (a .js file, or a page
    /// with an inline script), one in ten with a window message listener, one in twenty posting data to any origin, plus
    /// one 2 MB minified bundle that the script reader must skip before parsing. For CORS013/CORS014's cost.
    /// </summary>
    JavaScript,

    /// The mix of <c>shared/bench/synth.py</c> (issue 22), reproduced file for file: each file a controller that writes two
    /// ordinary headers and reads User-Agent, a service with eight <c>EndsWith</c> string helpers, and a middleware that reads
    /// the Origin and writes <c>X-Seen-Origin</c> when it is present; one file in fifty has CORS code.
    /// Many small bodies, each doing string matching, in files that all say "origin".
    /// </summary>
    Synth,
}

/// <summary>One generated source file (or, in <see cref="GeneratedProject.AdditionalFiles"/>, one AdditionalFile).</summary>
public sealed record GeneratedFile(string Path, string Text);

/// <summary>A generated project: its files and what the generator put in them.</summary>
public sealed class GeneratedProject
{
    public GeneratedProject(ProjectVariant variant, IReadOnlyList<GeneratedFile> files, IReadOnlyList<string> corsShapes, IReadOnlyList<GeneratedFile>? additionalFiles = null)
    {
        Variant = variant;
        Files = files;
        CorsShapes = corsShapes;
        AdditionalFiles = additionalFiles ?? Array.Empty<GeneratedFile>();
    }

    /// <summary>The AdditionalFiles the package's build targets would pass (the JavaScript of <see cref="ProjectVariant.JavaScript"/>).</summary>
    public IReadOnlyList<GeneratedFile> AdditionalFiles { get; }

    public ProjectVariant Variant { get; }

    public IReadOnlyList<GeneratedFile> Files { get; }

    /// <summary>The CORS shape of each CORS file, in file order (empty for <see cref="ProjectVariant.NoCors"/> and <see cref="ProjectVariant.Console"/>).</summary>
    public IReadOnlyList<string> CorsShapes { get; }

    public int CorsFileCount => CorsShapes.Count;

    /// <summary>Whether the project compiles against ASP.NET Core (Microsoft.AspNetCore.App) or only Microsoft.NETCore.App.</summary>
    public bool UsesAspNetCore => Variant != ProjectVariant.Console;
}

/// <summary>
/// Writes realistic, compilable projects of any size, deterministically from a seed: each file's content depends only on
/// the seed and the file's index, so the first 100 files of the 1,000-file project are the 100-file project.
/// Files come in groups of four per feature (model, service, controller or endpoints, middleware); later files of a group
/// only use earlier ones, so any size compiles. About one file in fifty (at least one) is a CORS file in
/// <see cref="ProjectVariant.Cors"/>; it replaces a middleware file, which nothing else depends on.
/// </summary>
public static class ProjectGenerator
{
    /// <summary>One CORS file per this many files.</summary>
    public const int FilesPerCorsFile = 50;

    /// <summary>The CORS shapes, cycled through in order. Some are safe, most are what the rules look for.</summary>
    public static readonly IReadOnlyList<string> CorsShapeNames = new[]
    {
        "policy: exact WithOrigins + AllowCredentials (safe)",
        "policy: SetIsOriginAllowed(origin => origin.EndsWith(...)) + AllowCredentials",
        "policy: SetIsOriginAllowed(_ => true) + AllowCredentials",
        "policy: AllowAnyOrigin, and WithOrigins(\"null\")",
        "middleware: Origin reflected without check, no Vary",
        "middleware: exact allowlist check + Vary: Origin (safe)",
        "policy: UseCors inline, SetIsOriginAllowed with a HashSet lookup (safe)",
        "middleware: Origin accepted by StartsWith, with Vary",
        "policy: WithOrigins(\"*\") + AllowCredentials in AddDefaultPolicy",
    };

    public static GeneratedProject Generate(ProjectVariant variant, int fileCount, int seed)
    {
        if (fileCount < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(fileCount), fileCount, "A project has at least two files: Program.cs and one more.");
        }

        if (variant == ProjectVariant.Synth)
        {
            return SynthProject(fileCount);
        }

        var corsIndices = variant is ProjectVariant.Cors or ProjectVariant.JavaScript ? ChooseCorsFiles(fileCount) : new HashSet<int>();
        var files = new List<GeneratedFile>(fileCount);
        var shapes = new List<string>();
        files.Add(new GeneratedFile("Program.cs", variant == ProjectVariant.Console ? ConsoleProgram() : WebProgram()));
        for (var index = 1; index < fileCount; index++)
        {
            var rng = new Random(unchecked((seed * 1_000_003) + index));
            var feature = (index - 1) / 4;
            var kind = (index - 1) % 4;
            var ns = "Generated.Feature" + feature.ToString(CultureInfo.InvariantCulture);
            if (corsIndices.Contains(index))
            {
                var shape = shapes.Count % CorsShapeNames.Count;
                shapes.Add(CorsShapeNames[shape]);
                files.Add(new GeneratedFile($"Cors/CorsSetup{feature}.cs", CorsFile(shape, feature, ns, rng)));
                continue;
            }

            var (path, text) = (variant, kind) switch
            {
                (ProjectVariant.Console, 0) => ($"Models/Item{feature}.cs", Model(feature, ns, rng)),
                (ProjectVariant.Console, 1) => ($"Services/Item{feature}Repository.cs", ConsoleService(feature, ns, rng)),
                (ProjectVariant.Console, 2) => ($"Commands/Item{feature}Command.cs", ConsoleCommand(feature, ns, rng)),
                (ProjectVariant.Console, _) => ($"Http/Item{feature}Client.cs", ConsoleHttpClient(feature, ns, rng)),
                (_, 0) => ($"Models/Item{feature}.cs", Model(feature, ns, rng)),
                (_, 1) => ($"Services/Item{feature}Service.cs", WebService(feature, ns, rng)),
                (_, 2) when feature % 3 == 2 => ($"Endpoints/Item{feature}Endpoints.cs", Endpoints(feature, ns, rng)),
                (_, 2) => ($"Controllers/Items{feature}Controller.cs", Controller(feature, ns, rng)),
                _ => ($"Middleware/Headers{feature}Middleware.cs", Middleware(feature, ns, rng)),
            };
            if (variant == ProjectVariant.OriginEverywhere)
            {
                text += OriginNotes(feature, kind, rng);
            }

            files.Add(new GeneratedFile(path, text));
        }

        return new GeneratedProject(variant, files, shapes, variant == ProjectVariant.JavaScript ? Scripts(seed) : null);
    }

    /// <summary>How many script files <see cref="ProjectVariant.JavaScript"/> has, whatever the C# size (plus the bundle).</summary>
    public const int ScriptFileCount = 200;

    /// <summary>The size of the minified bundle of <see cref="ProjectVariant.JavaScript"/>.</summary>
    public const int BundleBytes = 2 * 1024 * 1024;

    /// <summary>
    /// The wwwroot of <see cref="ProjectVariant.JavaScript"/>: module files (one in four an .html page with the code in an
    /// inline script), each about a hundred lines of ordinary front-end code (fetch, DOM updates, event handlers,
    /// workers), one in ten with a window message listener (half of them checking the origin exactly), one in twenty
    /// posting session data to the parent with "*"; and one minified bundle of <see cref="BundleBytes"/> (long lines).
    /// </summary>
    private static IReadOnlyList<GeneratedFile> Scripts(int seed)
    {
        var files = new List<GeneratedFile>(ScriptFileCount + 1);
        for (var i = 0; i < ScriptFileCount; i++)
        {
            var rng = new Random(unchecked((seed * 7_919) + i));
            var code = new StringBuilder();
            code.Append(CultureInfo.InvariantCulture, $"// Module {i}: the page's behaviour for feature {i}.\n");
            code.Append(CultureInfo.InvariantCulture, $"const api{i} = \"/api/items{i}\";\n");
            for (var f = 0; f < 8; f++)
            {
                code.Append(CultureInfo.InvariantCulture, $$"""
                    async function load{{i}}_{{f}}(id) {
                        const response = await fetch(`${api{{i}}}/${id}?page={{rng.Next(1, 9)}}`, { headers: { "Accept": "application/json" } });
                        if (!response.ok) {
                            document.getElementById("error{{i}}").textContent = "Could not load item " + id;
                            return null;
                        }

                        const item = await response.json();
                        const row = document.createElement("tr");
                        row.innerHTML = `<td>${item.name}</td><td>${item.price.toFixed(2)}</td>`;
                        document.querySelector("#table{{i}} tbody").appendChild(row);
                        return item.tags.filter(t => t.startsWith("{{Pick(rng, "a", "b", "c")}}")).map(t => t.toUpperCase());
                    }

                    """);
            }

            code.Append(CultureInfo.InvariantCulture, $$"""
                document.getElementById("refresh{{i}}").addEventListener("click", () => load{{i}}_0(1));
                const worker{{i}} = new Worker("/js/worker{{i}}.js");
                worker{{i}}.postMessage({ start: Date.now() }, "*");

                """);
            if (i % 10 == 3)
            {
                code.Append(i % 20 == 3
                    ? """
                      window.addEventListener("message", (event) => {
                          document.getElementById("status").innerHTML = event.data.html;
                      });

                      """
                    : """
                      const allowedMessageOrigins = new Set(["https://partner.example"]);
                      window.addEventListener("message", (event) => {
                          if (!allowedMessageOrigins.has(event.origin)) {
                              return;
                          }

                          document.getElementById("status").textContent = event.data.status;
                      });

                      """);
            }

            if (i % 20 == 7)
            {
                code.Append("window.parent.postMessage({ token: sessionStorage.getItem(\"token\") }, \"*\");\n");
            }

            files.Add(i % 4 == 1
                ? new GeneratedFile($"wwwroot/pages/page{i}.html", $"<!DOCTYPE html>\n<html>\n<body>\n<table id=\"table{i}\"><tbody></tbody></table>\n<script>\n{code}</script>\n</body>\n</html>\n")
                : new GeneratedFile($"wwwroot/js/module{i}.js", code.ToString()));
        }

        // A vendor bundle as minifiers write it: statements run together on lines of thousands of characters.
        var bundle = new StringBuilder(BundleBytes + 4096);
        var n = 0;
        while (bundle.Length < BundleBytes)
        {
            for (var k = 0; k < 60 && bundle.Length < BundleBytes; k++, n++)
            {
                bundle.Append(CultureInfo.InvariantCulture, $"function f{n}(a,b){{return a.postMessage(b,\"*\"),window.addEventListener(\"message\",function(e){{g{n}(e.data)}}),b}};");
            }

            bundle.Append('\n');
        }

        files.Add(new GeneratedFile("wwwroot/js/vendor.js", bundle.ToString()));
        return files;
    }

    /// <summary>
    /// The shapes of synth.py's CORS code, chosen as synth.py does by i % 4 for file i; as only files whose i is a multiple
    /// of 50 have CORS code, only the first and the third occur (AllowAnyOrigin, the Origin reflected by hand), in turn.
    /// </summary>
    public static readonly IReadOnlyList<string> SynthCorsShapeNames = new[]
    {
        "policy: AllowAnyOrigin + AllowCredentials",
        "policy: SetIsOriginAllowed(origin => origin.EndsWith(...)) + AllowCredentials",
        "hand-written: Access-Control-Allow-Origin = the request's Origin",
        "policy: WithOrigins(..., \"null\") + AllowCredentials",
    };

    /// <summary>
    /// Program.cs (the implicit usings of the Web SDK, which synth.py's project turns on, and a Main), then synth.py's files
    /// 0 to <paramref name="fileCount"/> − 2 with the same text: file i is <c>File{i:D5}.cs</c>, a CORS file when i % 50 == 0.
    /// </summary>
    private static GeneratedProject SynthProject(int fileCount)
    {
        var files = new List<GeneratedFile>(fileCount) { new("Program.cs", SynthProgram) };
        var shapes = new List<string>();
        for (var i = 0; i < fileCount - 1; i++)
        {
            var text = new StringBuilder()
                .Append(Inv($"namespace Synth.N{i};\n")).Append('\n')
                .Append(SynthController(i)).Append('\n')
                .Append(SynthService(i)).Append('\n')
                .Append(SynthMiddleware(i));
            if (i % FilesPerCorsFile == 0)
            {
                text.Append('\n').Append(SynthCors(i));
                shapes.Add(SynthCorsShapeNames[i % 4]);
            }

            files.Add(new GeneratedFile(Inv($"File{i:D5}.cs"), text.ToString()));
        }

        return new GeneratedProject(ProjectVariant.Synth, files, shapes);
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private const string SynthProgram = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;

        namespace Synth;

        public static class Program
        {
            public static void Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddControllers();
                var app = builder.Build();
                app.MapControllers();
                app.Run();
            }
        }

        """;

    private static string SynthController(int i) => Inv($$"""

        [Microsoft.AspNetCore.Mvc.ApiController]
        [Microsoft.AspNetCore.Mvc.Route("api/items{{i}}")]
        public sealed class Items{{i}}Controller : Microsoft.AspNetCore.Mvc.ControllerBase
        {
            private readonly Dictionary<string, int> _store = new();

            [Microsoft.AspNetCore.Mvc.HttpGet("{id}")]
            public Microsoft.AspNetCore.Mvc.IActionResult Get(string id)
            {
                if (id.EndsWith(".json") || id.Contains("..")) return BadRequest();
                Response.Headers["X-Item-Id"] = id;
                Response.Headers.Append("Cache-Control", "no-store");
                var total = 0;
                foreach (var (k, v) in _store)
                {
                    if (k.StartsWith(id, StringComparison.Ordinal)) total += v;
                }
                return Ok(new { id, total, name = string.Concat("item-", id.ToUpperInvariant()) });
            }

            [Microsoft.AspNetCore.Mvc.HttpPost]
            public Microsoft.AspNetCore.Mvc.IActionResult Post(string name, int count)
            {
                var key = name.Trim().ToLowerInvariant();
                _store[key] = _store.TryGetValue(key, out var c) ? c + count : count;
                var ua = Request.Headers["User-Agent"].ToString();
                if (ua.IndexOf("bot", StringComparison.OrdinalIgnoreCase) >= 0) return Forbid();
                return Created($"/api/items{{i}}/{key}", null);
            }
        }

        """);

    private static string SynthService(int i)
    {
        var text = new StringBuilder().Append(Inv($"public sealed class Service{i}\n{{\n"));
        for (var m = 0; m < 8; m++)
        {
            text.Append(Inv($$"""
                    public string Format{{m}}(string input, int n)
                    {
                        var sb = new System.Text.StringBuilder();
                        for (var k = 0; k < n; k++) sb.Append(input).Append(k);
                        if (input.EndsWith("{{m}}")) sb.Append("-tail");
                        return sb.ToString().Replace("a", "b").Substring(0, Math.Min(sb.Length, 40));
                    }

                """));
        }

        return text.Append("}\n").ToString();
    }

    private static string SynthMiddleware(int i) => Inv($$"""

        public sealed class Header{{i}}Middleware
        {
            private readonly RequestDelegate _next;
            public Header{{i}}Middleware(RequestDelegate next) => _next = next;
            public async Task InvokeAsync(HttpContext context)
            {
                var origin = context.Request.Headers.Origin.ToString();
                context.Response.Headers["X-Frame-Options"] = "DENY";
                if (origin.Length > 0) context.Response.Headers.Append("X-Seen-Origin", "1");
                await _next(context);
            }
        }

        """);

    private static string SynthCors(int i) => (i % 4) switch
    {
        0 => Inv($$"""

            public static class Cors{{i}}
            {
                public static void Configure(IServiceCollection services) =>
                    services.AddCors(o => o.AddPolicy("p{{i}}", p => p.AllowAnyOrigin().AllowAnyHeader().AllowCredentials()));
            }

            """),
        1 => Inv($$"""

            public static class Cors{{i}}
            {
                public static void Configure(IServiceCollection services) =>
                    services.AddCors(o => o.AddPolicy("p{{i}}", p => p.SetIsOriginAllowed(origin => origin.EndsWith("contoso.com")).AllowCredentials()));
            }

            """),
        2 => Inv($$"""

            public static class Cors{{i}}
            {
                public static void Apply(HttpContext context) =>
                    context.Response.Headers["Access-Control-Allow-Origin"] = context.Request.Headers["Origin"];
            }

            """),
        _ => Inv($$"""

            public static class Cors{{i}}
            {
                public static void Configure(IServiceCollection services) =>
                    services.AddCors(o => o.AddPolicy("p{{i}}", p => p.WithOrigins("https://a.contoso.com", "null").AllowCredentials()));
            }

            """),
    };

    /// <summary>About one file in fifty, at least one, spread evenly over the middleware files.</summary>
    private static HashSet<int> ChooseCorsFiles(int fileCount)
    {
        var middleware = Enumerable.Range(1, fileCount - 1).Where(i => (i - 1) % 4 == 3).ToList();
        if (middleware.Count == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fileCount), fileCount, "A CORS project needs at least five files (the CORS file replaces a middleware file).");
        }

        var count = Math.Min(middleware.Count, Math.Max(1, fileCount / FilesPerCorsFile));
        var chosen = new HashSet<int>();
        for (var k = 0; k < count; k++)
        {
            chosen.Add(middleware[(int)(((long)k * middleware.Count + (middleware.Count / 2)) / count)]);
        }

        return chosen;
    }

    private static string Pick(Random rng, params string[] options) => options[rng.Next(options.Length)];

    private static string WebProgram() => """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;

        namespace Generated;

        public static class Program
        {
            public static void Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddControllers();
                builder.Services.AddProblemDetails();
                builder.Logging.AddConsole();
                var app = builder.Build();
                if (!app.Environment.IsDevelopment())
                {
                    app.UseExceptionHandler("/error");
                    app.UseHsts();
                }

                app.UseHttpsRedirection();
                app.Use(async (context, next) =>
                {
                    context.Response.Headers["X-Frame-Options"] = "DENY";
                    context.Response.Headers.Append("X-Content-Type-Options", "nosniff");
                    await next(context);
                });
                app.MapControllers();
                app.MapGet("/health", () => Results.Ok(new { Status = "ok", Time = DateTimeOffset.UtcNow }));
                app.Run();
            }
        }
        """;

    private static string ConsoleProgram() => """
        using System;
        using System.Collections.Generic;
        using System.Linq;

        namespace Generated;

        public static class Program
        {
            public static int Main(string[] args)
            {
                var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var arg in args.Where(a => a.StartsWith("--", StringComparison.Ordinal)))
                {
                    var parts = arg.Substring(2).Split('=', 2);
                    options[parts[0]] = parts.Length > 1 ? parts[1] : "true";
                }

                if (options.TryGetValue("verbose", out var verbose) && verbose.EndsWith("true", StringComparison.OrdinalIgnoreCase))
                {
                    Console.WriteLine("Options: " + string.Join(", ", options.Select(o => o.Key + "=" + o.Value)));
                }

                return options.ContainsKey("fail") ? 1 : 0;
            }
        }
        """;

    private static string Model(int f, string ns, Random rng)
    {
        var extra = Pick(rng, "string? Description", "int Quantity", "bool IsActive", "Guid ExternalId");
        return $$"""
            using System;
            using System.Collections.Generic;

            namespace {{ns}};

            public sealed record Item{{f}}(int Id, string Name, decimal Price, DateTime CreatedAt, IReadOnlyList<string> Tags, {{extra}});

            public sealed class Item{{f}}Query
            {
                public string? Search { get; set; }

                public int Page { get; set; } = 1;

                public int PageSize { get; set; } = {{10 + rng.Next(5) * 10}};

                public string? SortBy { get; set; }

                public bool Descending { get; set; }
            }
            """;
    }

    // The model's last record parameter differs per feature; the service seeds it with default! so it needs not know which.
    private static string ServiceCore(int f, Random rng, string log) => $$"""
            private readonly List<Item{{f}}> _items = new();

            private void Seed()
            {
                for (var n = 0; n < {{20 + rng.Next(80)}}; n++)
                {
                    _items.Add(new Item{{f}}(n, "item-" + n, n * 1.5m, new DateTime(2024, 1, 1).AddDays(n), new[] { "tag" + (n % 3), "group" + (n % 5) }, default!));
                }
            }

            public Task<IReadOnlyList<Item{{f}}>> SearchAsync(Item{{f}}Query query, CancellationToken cancellationToken)
            {
                cancellationToken.ThrowIfCancellationRequested();
                IEnumerable<Item{{f}}> result = _items;
                if (!string.IsNullOrWhiteSpace(query.Search))
                {
                    var term = query.Search.Trim();
                    result = result.Where(x => x.Name.Contains(term, StringComparison.OrdinalIgnoreCase)
                        || x.Tags.Any(t => t.StartsWith(term, StringComparison.Ordinal)));
                }

                result = query.SortBy switch
                {
                    "price" => query.Descending ? result.OrderByDescending(x => x.Price) : result.OrderBy(x => x.Price),
                    "name" => result.OrderBy(x => x.Name, StringComparer.Ordinal),
                    _ => result.OrderByDescending(x => x.CreatedAt),
                };

                var page = result.Skip((Math.Max(query.Page, 1) - 1) * query.PageSize).Take(query.PageSize).ToList();
                {{log}}
                return Task.FromResult<IReadOnlyList<Item{{f}}>>(page);
            }

            public Item{{f}}? Find(int id) => _items.FirstOrDefault(x => x.Id == id);

            public IReadOnlyDictionary<string, decimal> TotalsByTag()
                => _items.SelectMany(x => x.Tags.Select(t => (Tag: t, x.Price)))
                    .GroupBy(x => x.Tag, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Sum(x => x.Price), StringComparer.Ordinal);

            public static bool IsImage(string fileName)
                => fileName.EndsWith(".png", StringComparison.OrdinalIgnoreCase)
                    || fileName.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase)
                    || fileName.EndsWith(".{{Pick(rng, "gif", "webp", "svg")}}", StringComparison.OrdinalIgnoreCase);

            public static string Slug(string name)
            {
                var builder = new StringBuilder(name.Length);
                foreach (var c in name.Trim().ToLowerInvariant())
                {
                    builder.Append(char.IsLetterOrDigit(c) ? c : '-');
                }

                var slug = builder.ToString();
                return slug.StartsWith("-", StringComparison.Ordinal) ? slug.TrimStart('-') : slug;
            }
        """;

    private static string WebService(int f, string ns, Random rng)
    {
        var log = Pick(rng,
            "_logger.LogInformation(\"Search {Term} returned {Count} items\", query.Search, page.Count);",
            "_logger.LogDebug(\"Page {Page} of {Feature}: {Count}\", query.Page, \"feature" + f + "\", page.Count);",
            "if (page.Count == 0) { _logger.LogWarning(\"Nothing found for {Term}\", query.Search); }");
        return $$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Logging;

            namespace {{ns}};

            public interface IItem{{f}}Service
            {
                Task<IReadOnlyList<Item{{f}}>> SearchAsync(Item{{f}}Query query, CancellationToken cancellationToken);

                Item{{f}}? Find(int id);
            }

            public sealed class Item{{f}}Service : IItem{{f}}Service
            {
                private readonly ILogger<Item{{f}}Service> _logger;

                public Item{{f}}Service(ILogger<Item{{f}}Service> logger)
                {
                    _logger = logger;
                    Seed();
                }

            {{ServiceCore(f, rng, log)}}
            }

            public static class Item{{f}}Registration
            {
                public static IServiceCollection AddItem{{f}}(this IServiceCollection services)
                    => services.AddScoped<IItem{{f}}Service, Item{{f}}Service>();
            }
            """;
    }

    private static string ConsoleService(int f, string ns, Random rng)
    {
        var log = Pick(rng,
            "Console.WriteLine($\"Search {query.Search} returned {page.Count} items\");",
            "Trace.WriteLine(\"Page \" + query.Page + \": \" + page.Count);",
            "if (page.Count == 0) { Console.Error.WriteLine(\"Nothing found for \" + query.Search); }");
        return $$"""
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using System.Linq;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;

            namespace {{ns}};

            public interface IItem{{f}}Service
            {
                Task<IReadOnlyList<Item{{f}}>> SearchAsync(Item{{f}}Query query, CancellationToken cancellationToken);

                Item{{f}}? Find(int id);
            }

            public sealed class Item{{f}}Repository : IItem{{f}}Service
            {
                public Item{{f}}Repository()
                {
                    Seed();
                }

            {{ServiceCore(f, rng, log)}}
            }
            """;
    }

    private static string Controller(int f, string ns, Random rng)
    {
        var header = Pick(rng, "X-Total-Count", "X-Page-Count", "X-Result-Count");
        var cache = Pick(rng, "no-store", "private, max-age=60", "public, max-age=300");
        return $$"""
            using System;
            using System.Collections.Generic;
            using System.Globalization;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.Logging;

            namespace {{ns}};

            [ApiController]
            [Route("api/items{{f}}")]
            public sealed class Items{{f}}Controller : ControllerBase
            {
                private readonly IItem{{f}}Service _service;
                private readonly ILogger<Items{{f}}Controller> _logger;

                public Items{{f}}Controller(IItem{{f}}Service service, ILogger<Items{{f}}Controller> logger)
                {
                    _service = service;
                    _logger = logger;
                }

                [HttpGet]
                public async Task<ActionResult<IReadOnlyList<Item{{f}}>>> Get([FromQuery] Item{{f}}Query query, CancellationToken cancellationToken)
                {
                    var items = await _service.SearchAsync(query, cancellationToken);
                    Response.Headers["{{header}}"] = items.Count.ToString(CultureInfo.InvariantCulture);
                    Response.Headers.Append("Cache-Control", "{{cache}}");
                    return Ok(items);
                }

                [HttpGet("{id:int}")]
                public ActionResult<Item{{f}}> GetById(int id)
                {
                    var item = _service.Find(id);
                    if (item is null)
                    {
                        _logger.LogWarning("Item {Id} not found", id);
                        return NotFound();
                    }

                    Response.Headers.ETag = "\"" + item.Id.ToString(CultureInfo.InvariantCulture) + "\"";
                    return item;
                }

                [HttpGet("by-name/{name}")]
                public async Task<IActionResult> ByName(string name, CancellationToken cancellationToken)
                {
                    if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                    {
                        name = name.Substring(0, name.Length - 5);
                    }

                    var referer = Request.Headers.Referer.ToString();
                    if (referer.Contains("/admin/", StringComparison.Ordinal))
                    {
                        _logger.LogInformation("Admin lookup of {Name}", name);
                    }

                    var all = await _service.SearchAsync(new Item{{f}}Query { Search = name, PageSize = 100 }, cancellationToken);
                    var ids = all.Where(x => x.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase)).Select(x => x.Id).ToArray();
                    return ids.Length == 0 ? NotFound() : Ok(ids);
                }
            }
            """;
    }

    private static string Endpoints(int f, string ns, Random rng)
    {
        var prefix = Pick(rng, "/api/v2/items", "/v2/catalog", "/api/public/items");
        return $$"""
            using System;
            using System.Globalization;
            using System.Linq;
            using System.Threading;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Routing;
            using Microsoft.Extensions.Logging;

            namespace {{ns}};

            public static class Item{{f}}Endpoints
            {
                public static IEndpointRouteBuilder MapItem{{f}}(this IEndpointRouteBuilder app)
                {
                    var group = app.MapGroup("{{prefix}}{{f}}");
                    group.MapGet("/{id:int}", (int id, IItem{{f}}Service service, HttpContext http) =>
                    {
                        var item = service.Find(id);
                        http.Response.Headers["X-Item-Id"] = id.ToString(CultureInfo.InvariantCulture);
                        return item is null ? Results.NotFound() : Results.Ok(item);
                    });
                    group.MapGet("/", async (string? q, IItem{{f}}Service service, ILoggerFactory loggers, CancellationToken ct) =>
                    {
                        var items = await service.SearchAsync(new Item{{f}}Query { Search = q }, ct);
                        loggers.CreateLogger("Item{{f}}").LogInformation("Listed {Count}", items.Count);
                        return Results.Ok(items.Select(x => new { x.Id, x.Name, Cheap = x.Price < 10m }));
                    });
                    return app;
                }
            }
            """;
    }

    private static string Middleware(int f, string ns, Random rng)
    {
        var staticSuffix = Pick(rng, ".css", ".js", ".woff2");
        var policy = Pick(rng, "no-referrer", "strict-origin-when-cross-origin", "same-origin");
        return $$"""
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Logging;

            namespace {{ns}};

            public sealed class Headers{{f}}Middleware
            {
                private readonly RequestDelegate _next;
                private readonly ILogger<Headers{{f}}Middleware> _logger;

                public Headers{{f}}Middleware(RequestDelegate next, ILogger<Headers{{f}}Middleware> logger)
                {
                    _next = next;
                    _logger = logger;
                }

                public async Task InvokeAsync(HttpContext context)
                {
                    var path = context.Request.Path.Value ?? string.Empty;
                    if (path.StartsWith("/static/", StringComparison.OrdinalIgnoreCase) || path.EndsWith("{{staticSuffix}}", StringComparison.OrdinalIgnoreCase))
                    {
                        context.Response.Headers["Cache-Control"] = "public, max-age=3600";
                    }

                    context.Response.Headers["X-Frame-Options"] = "DENY";
                    context.Response.Headers.Append("X-Content-Type-Options", "nosniff");
                    context.Response.Headers.Append("Referrer-Policy", "{{policy}}");
                    var userAgent = context.Request.Headers.UserAgent.ToString();
                    if (userAgent.Contains("bot", StringComparison.OrdinalIgnoreCase))
                    {
                        _logger.LogDebug("Bot request to {Path}", path);
                    }

                    var host = context.Request.Host.Host;
                    if (host.EndsWith(".internal", StringComparison.Ordinal))
                    {
                        context.Response.Headers.Append("X-Internal", "1");
                    }

                    context.Response.OnStarting(() =>
                    {
                        context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;
                        return Task.CompletedTask;
                    });
                    await _next(context);
                }
            }
            """;
    }

    /// <summary>
    /// What every file of <see cref="ProjectVariant.OriginEverywhere"/> adds: code that reads the request's Origin and
    /// matches strings (on the path and on the origin) without deciding any CORS answer: a log line, a metric tag, an echo
    /// into a header that is not a CORS header. Fully qualified names, so that it can follow any file's usings.
    /// </summary>
    private static string OriginNotes(int f, int kind, Random rng)
    {
        var read = Pick(rng,
            "http.Request.Headers.Origin.ToString()",
            "http.Request.Headers[\"Origin\"].ToString()",
            "((string?)http.Request.Headers[global::Microsoft.Net.Http.Headers.HeaderNames.Origin]) ?? string.Empty");
        var partner = Pick(rng, ".partner.example", ".contoso.com", ".tenants.example.net");
        var echo = Pick(rng, "X-Request-Origin", "X-Seen-Origin", "X-Tenant-Origin");
        var id = f.ToString(CultureInfo.InvariantCulture) + "_" + kind.ToString(CultureInfo.InvariantCulture);
        return $$"""


            public static class OriginNotes{{id}}
            {
                private static readonly global::System.Diagnostics.Metrics.Meter s_meter = new("Generated.Feature{{f}}");
                private static readonly global::System.Diagnostics.Metrics.Counter<long> s_requests = s_meter.CreateCounter<long>("requests_{{id}}");

                public static void Note(global::Microsoft.AspNetCore.Http.HttpContext http, global::Microsoft.Extensions.Logging.ILogger logger, string id)
                {
                    var origin = {{read}};
                    var path = http.Request.Path.Value ?? string.Empty;
                    if (path.EndsWith(".json", global::System.StringComparison.OrdinalIgnoreCase) || path.StartsWith(id, global::System.StringComparison.Ordinal))
                    {
                        global::Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "Request {Path} from {Origin}", path, origin);
                    }

                    var source = origin.EndsWith("{{partner}}", global::System.StringComparison.OrdinalIgnoreCase) ? "partner"
                        : origin.StartsWith("http://localhost", global::System.StringComparison.Ordinal) ? "local"
                        : "other";
                    s_requests.Add(1, new global::System.Collections.Generic.KeyValuePair<string, object?>("origin.source", source));
                    if (origin.Contains("staging", global::System.StringComparison.OrdinalIgnoreCase))
                    {
                        global::Microsoft.Extensions.Logging.LoggerExtensions.LogDebug(logger, "Staging caller {Origin}", origin);
                    }

                    http.Response.Headers["{{echo}}"] = origin;
                }
            }
            """;
    }

    private static string ConsoleCommand(int f, string ns, Random rng)
    {
        var verb = Pick(rng, "list", "show", "export");
        return $$"""
            using System;
            using System.Collections.Generic;
            using System.Globalization;
            using System.IO;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;

            namespace {{ns}};

            public sealed class Item{{f}}Command
            {
                private readonly IItem{{f}}Service _service;
                private readonly TextWriter _output;

                public Item{{f}}Command(IItem{{f}}Service service, TextWriter output)
                {
                    _service = service;
                    _output = output;
                }

                public bool Matches(string commandLine) => commandLine.StartsWith("{{verb}}-items{{f}}", StringComparison.OrdinalIgnoreCase);

                public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
                {
                    var search = args.FirstOrDefault(a => !a.StartsWith("-", StringComparison.Ordinal));
                    var items = await _service.SearchAsync(new Item{{f}}Query { Search = search }, cancellationToken);
                    var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    headers["X-Frame-Options"] = "DENY";
                    headers["Content-Type"] = args.Any(a => a.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) ? "application/json" : "text/plain";
                    foreach (var item in items.Where(x => x.Name.Contains(search ?? string.Empty, StringComparison.Ordinal)))
                    {
                        _output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,6} {1,-30} {2,10:0.00}", item.Id, item.Name, item.Price));
                    }

                    _output.WriteLine(string.Join("; ", headers.Select(h => h.Key + ": " + h.Value)));
                    return items.Count == 0 ? 1 : 0;
                }
            }
            """;
    }

    private static string ConsoleHttpClient(int f, string ns, Random rng)
    {
        var host = Pick(rng, "https://api.example.com", "https://catalog.example.org", "http://localhost:5000");
        return $$"""
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading;
            using System.Threading.Tasks;

            namespace {{ns}};

            public sealed class Item{{f}}Client : IDisposable
            {
                private readonly HttpClient _http = new() { BaseAddress = new Uri("{{host}}") };

                public async Task<string?> GetAsync(int id, CancellationToken cancellationToken)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "items{{f}}/" + id);
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    request.Headers.Add("X-Client", "generated");
                    using var response = await _http.SendAsync(request, cancellationToken);
                    var type = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
                    if (!response.IsSuccessStatusCode || !type.EndsWith("json", StringComparison.OrdinalIgnoreCase))
                    {
                        return null;
                    }

                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    return body.StartsWith("{", StringComparison.Ordinal) ? body : null;
                }

                public void Dispose() => _http.Dispose();
            }
            """;
    }

    private static string CorsFile(int shape, int f, string ns, Random rng)
    {
        var site = Pick(rng, "contoso", "fabrikam", "example", "northwind") + f.ToString(CultureInfo.InvariantCulture);
        const string policyUsings = """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Cors.Infrastructure;
            using Microsoft.Extensions.DependencyInjection;
            """;
        const string middlewareUsings = """
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Logging;
            """;
        var body = shape switch
        {
            0 => $$"""
                public static class CorsSetup{{f}}
                {
                    public const string PolicyName = "Site{{f}}";

                    public static IServiceCollection AddCorsPolicies{{f}}(this IServiceCollection services)
                        => services.AddCors(options =>
                        {
                            options.AddPolicy(PolicyName, policy => policy
                                .WithOrigins("https://app.{{site}}.com", "https://admin.{{site}}.com")
                                .WithMethods("GET", "POST")
                                .AllowAnyHeader()
                                .AllowCredentials()
                                .SetPreflightMaxAge(TimeSpan.FromMinutes(10)));
                        });
                }
                """,
            1 => $$"""
                public static class CorsSetup{{f}}
                {
                    public static IServiceCollection AddCorsPolicies{{f}}(this IServiceCollection services)
                    {
                        services.AddCors(options => options.AddPolicy("Partners{{f}}", policy =>
                        {
                            policy.SetIsOriginAllowed(origin => origin.EndsWith("{{site}}.com", StringComparison.OrdinalIgnoreCase))
                                .AllowAnyMethod()
                                .AllowAnyHeader()
                                .AllowCredentials();
                        }));
                        return services;
                    }
                }
                """,
            2 => $$"""
                public static class CorsSetup{{f}}
                {
                    public static IServiceCollection AddCorsPolicies{{f}}(this IServiceCollection services)
                        => services.AddCors(options =>
                        {
                            options.AddPolicy("Everyone{{f}}", builder => builder
                                .SetIsOriginAllowed(_ => true)
                                .AllowAnyHeader()
                                .AllowAnyMethod()
                                .AllowCredentials());
                        });
                }
                """,
            3 => $$"""
                public static class CorsSetup{{f}}
                {
                    public static IServiceCollection AddCorsPolicies{{f}}(this IServiceCollection services)
                        => services.AddCors(options =>
                        {
                            options.AddPolicy("Public{{f}}", policy => policy.AllowAnyOrigin().WithMethods("GET"));
                            options.AddPolicy("Local{{f}}", policy => policy.WithOrigins("https://{{site}}.com", "null").AllowAnyHeader());
                        });
                }
                """,
            4 => $$"""
                public sealed class Cors{{f}}Middleware
                {
                    private readonly RequestDelegate _next;

                    public Cors{{f}}Middleware(RequestDelegate next) => _next = next;

                    public Task InvokeAsync(HttpContext context)
                    {
                        var origin = context.Request.Headers.Origin.ToString();
                        if (!string.IsNullOrEmpty(origin))
                        {
                            context.Response.Headers["Access-Control-Allow-Origin"] = origin;
                            context.Response.Headers["Access-Control-Allow-Credentials"] = "true";
                        }

                        return _next(context);
                    }
                }
                """,
            5 => $$"""
                public sealed class Cors{{f}}Middleware
                {
                    private static readonly HashSet<string> AllowedOrigins = new(StringComparer.OrdinalIgnoreCase)
                    {
                        "https://app.{{site}}.com",
                        "https://www.{{site}}.com",
                    };

                    private readonly RequestDelegate _next;
                    private readonly ILogger<Cors{{f}}Middleware> _logger;

                    public Cors{{f}}Middleware(RequestDelegate next, ILogger<Cors{{f}}Middleware> logger)
                    {
                        _next = next;
                        _logger = logger;
                    }

                    public async Task InvokeAsync(HttpContext context)
                    {
                        var origin = context.Request.Headers.Origin.ToString();
                        context.Response.Headers.Append("Vary", "Origin");
                        if (AllowedOrigins.Contains(origin))
                        {
                            context.Response.Headers["Access-Control-Allow-Origin"] = origin;
                        }
                        else if (origin.Length > 0)
                        {
                            _logger.LogInformation("Rejected origin {Origin}", origin);
                        }

                        await _next(context);
                    }
                }
                """,
            6 => $$"""
                public static class CorsSetup{{f}}
                {
                    private static readonly HashSet<string> Trusted = new(StringComparer.OrdinalIgnoreCase)
                    {
                        "https://{{site}}.com",
                        "https://portal.{{site}}.com",
                    };

                    public static IApplicationBuilder UseSiteCors{{f}}(this IApplicationBuilder app)
                        => app.UseCors(policy => policy
                            .SetIsOriginAllowed(origin => Trusted.Contains(origin))
                            .WithHeaders("Content-Type", "Authorization")
                            .WithExposedHeaders("X-Total-Count")
                            .AllowCredentials());
                }
                """,
            7 => $$"""
                public sealed class Cors{{f}}Middleware
                {
                    private readonly RequestDelegate _next;

                    public Cors{{f}}Middleware(RequestDelegate next) => _next = next;

                    public async Task InvokeAsync(HttpContext context)
                    {
                        string origin = context.Request.Headers.Origin!;
                        if (origin != null && origin.StartsWith("https://{{site}}", StringComparison.Ordinal))
                        {
                            context.Response.Headers.Append("Access-Control-Allow-Origin", origin);
                            context.Response.Headers.Append("Vary", "Origin");
                        }

                        await _next(context);
                    }
                }
                """,
            _ => $$"""
                public static class CorsSetup{{f}}
                {
                    public static IServiceCollection AddCorsPolicies{{f}}(this IServiceCollection services)
                    {
                        services.AddCors(options => options.AddDefaultPolicy(policy => policy
                            .WithOrigins("*")
                            .AllowAnyMethod()
                            .AllowCredentials()));
                        return services;
                    }
                }
                """,
        };
        var isPolicy = body.Contains("IServiceCollection", StringComparison.Ordinal) || body.Contains("IApplicationBuilder", StringComparison.Ordinal);
        var sb = new StringBuilder();
        sb.Append(isPolicy ? policyUsings : middlewareUsings).Append("\n\nnamespace ").Append(ns).Append(";\n\n").Append(body).Append('\n');
        return sb.ToString();
    }
}
