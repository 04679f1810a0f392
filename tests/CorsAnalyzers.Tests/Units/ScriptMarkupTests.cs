using CorsAnalyzers.Knowledge;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Tests.Units;

/// <summary>
/// The script reader on its own (<c>Knowledge/ScriptMarkup.cs</c>, <c>Knowledge/ScriptFiles.cs</c>): which inline scripts
/// of a page are JavaScript, Razor replaced character for character (so offsets stay the file's), minified code told
/// apart before parsing, the disable-next-line comment, and a file parsed at most once however many rules ask.
/// </summary>
public sealed class ScriptMarkupTests
{
    /// <summary>The text to parse, with everything outside the scripts shown as '·', so the test shows both at once.</summary>
    private static string Scripts(string text, ScriptFileKind kind, out List<string> razor)
    {
        var scripts = new List<ScriptRange>();
        var spans = new List<TextSpan>();
        var parsed = ScriptMarkup.Read(text, kind, scripts, spans);
        Assert.Equal(text.Length, parsed.Length);
        var shown = new char[parsed.Length];
        for (var i = 0; i < shown.Length; i++)
        {
            shown[i] = parsed[i] is '\n' or '\r' ? parsed[i] : '·';
        }

        foreach (var script in scripts)
        {
            parsed.CopyTo(script.Start, shown, script.Start, script.Length);
        }

        razor = spans.Select(s => text.Substring(s.Start, s.Length)).ToList();
        return new string(shown);
    }

    [Fact]
    public void Razor_expressions_become_identifiers_of_their_length_and_blocks_become_spaces()
    {
        var expressions = new[] { "@Model.User.Name", "@Model.Token", "@Json.Serialize(Model.Items[0])", "@(Model.Count + 1)", "@await Component.InvokeAsync(\"X\")" };
        var blocks = new[] { "@{ var x = \"}\"; }", "@if (Model.On) { <text>f();</text> } else { g(); }", "@@", "@* note *@" };
        var text = $"<script>\nvar a = {expressions[0]};\nvar b = \"{expressions[1]}\";\nvar c = {expressions[2]};\nvar d = {expressions[3]};\n{blocks[0]}\n{blocks[1]}\nvar e = 'x{blocks[2]}y';\n{blocks[3]}\nmail('me@contoso.com');\nvar f = {expressions[4]};\n</script>";

        // What the browser would run with a value in each expression's place: the same text, Razor blanked out.
        var expected = "········" + text.Substring(8, text.Length - 17) + "·········";
        expected = expressions.Aggregate(expected, (t, e) => t.Replace(e, new string('_', e.Length), StringComparison.Ordinal));
        expected = blocks.Aggregate(expected, (t, b) => t.Replace(b, new string(' ', b.Length), StringComparison.Ordinal));

        Assert.Equal(expected, Scripts(text, ScriptFileKind.Razor, out var razor));
        Assert.Equal(expressions, razor);
        Assert.Contains("mail('me@contoso.com');", expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_is_read_as_written_with_no_Razor_replaced()
        => Assert.Equal(
            "········var a = \"@Model.X\";·········",
            Scripts("<script>var a = \"@Model.X\";</script>", ScriptFileKind.Html, out _));

    [Fact]
    public void Only_inline_JavaScript_elements_are_scripts()
    {
        var text = "<script type=\"text/javascript\">a();</script>\n<SCRIPT type='module' defer>b();</SCRIPT>\n<script>\nc();</script >"
                   + "<script src=\"/js/site.js\">d();</script>\n<script type=\"text/template\">e();</script>\n<script type=\"importmap\">{}</script>\n"
                   + "<!-- <script>f();</script> -->\n@* <script>g();</script> *@\n<scripts>h();</scripts><script data-x=\"a>b\">i();</script>";
        var scripts = new List<ScriptRange>();
        ScriptMarkup.Read(text, ScriptFileKind.Razor, scripts, new List<TextSpan>());

        Assert.Equal(
            new[] { "a(); classic", "b(); module", "\nc(); classic", "i(); classic" },
            scripts.Select(s => text.Substring(s.Start, s.Length) + (s.IsModule ? " module" : " classic")));
    }

    [Fact]
    public void An_unclosed_script_runs_to_the_end_of_the_file()
        => Assert.Equal("········a();\nb(", Scripts("<script>a();\nb(", ScriptFileKind.Html, out _));

    [Fact]
    public void A_JavaScript_file_is_one_script()
        => Assert.Equal("x = \"@Model.X\";", Scripts("x = \"@Model.X\";", ScriptFileKind.JavaScript, out _));

    [Theory]
    [InlineData("wwwroot/js/site.js", "JavaScript")]
    [InlineData("wwwroot/js/site.min.js", "None")]
    [InlineData("wwwroot/js/main.bundle.js", "None")]
    [InlineData("wwwroot/js/12.chunk.js", "None")]
    [InlineData("Views/Home/Index.cshtml", "Razor")]
    [InlineData("Components/App.razor", "Razor")]
    [InlineData("wwwroot/index.html", "Html")]
    [InlineData("appsettings.json", "None")]
    public void Kind_by_extension(string path, string kind) => Assert.Equal(kind, ScriptMarkup.KindOf(path).ToString());

    [Fact]
    public void Minified_means_a_line_over_1000_characters_or_over_a_megabyte()
    {
        var line = new string('a', ScriptMarkup.LongestWrittenLine);
        Assert.False(ScriptMarkup.LooksMinified(line + "\n" + line, 0, 2 * line.Length + 1));
        Assert.True(ScriptMarkup.LooksMinified(line + "a", 0, line.Length + 1));
        Assert.False(ScriptMarkup.LooksMinified("<p>" + line + "a</p><script>x();</script>", 1010, 4));

        var large = string.Concat(Enumerable.Repeat("var a = 1;\n", (ScriptMarkup.LargestWrittenScript / 11) + 1));
        Assert.True(ScriptMarkup.LooksMinified(large, 0, large.Length));
        Assert.False(ScriptMarkup.LooksMinified(large, 0, ScriptMarkup.LargestWrittenScript));
    }

    [Fact]
    public void A_minified_file_is_not_parsed()
    {
        Assert.Null(ScriptFile.Read("/p/a.js", SourceText.From("var a=1;" + new string(' ', 1000) + "var b=2;"), ScriptFileKind.JavaScript));
        Assert.NotNull(ScriptFile.Read("/p/a.js", SourceText.From("var a=1;\n" + new string(' ', 990) + "var b=2;"), ScriptFileKind.JavaScript));
    }

    [Theory]
    [InlineData("")]
    [InlineData("function (")]
    [InlineData("<script>")]
    [InlineData("<script type=")]
    [InlineData("<script>@(</script>")]
    [InlineData("<script>@if (x) {</script>")]
    [InlineData("<script>@{ \"</script>")]
    [InlineData("<script>var a = @</script>")]
    [InlineData("<script>@*</script>")]
    [InlineData("<!--")]
    [InlineData("<script>((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((</script>")]
    public void Malformed_text_gives_nothing_to_read_and_no_exception(string text)
    {
        foreach (var kind in new[] { ScriptFileKind.JavaScript, ScriptFileKind.Html, ScriptFileKind.Razor })
        {
            // Either nothing parses, or what parses holds no call (a script left blank, or only the identifier that
            // stands for an unclosed Razor expression).
            var file = ScriptFile.Read("/p/f", SourceText.From(text), kind);
            var calls = file?.Programs.Sum(p => Acornima.Ast.NodeExtensions.DescendantNodes(p).OfType<Acornima.Ast.CallExpression>().Count()) ?? 0;
            Assert.True(calls == 0, $"{kind}: {calls} call(s) read from '{text}'.");
        }
    }

    /// <summary>Half-typed files are normal: every prefix of a page (a cut at each character) reads, and CORS014's engine runs on it, without an exception.</summary>
    [Fact]
    public void Every_prefix_of_a_page_reads_and_is_searched_without_an_exception()
    {
        const string page = """
            @model EmbedModel
            @* the widget *@
            <script type="module">
                const user = @Json.Serialize(Model.User);
                @if (Model.Debug) { <text>console.log("@Model.Id");</text> } else { @:var quiet = true; }
                window.addEventListener("message", ({ data, origin }) => { if (origin !== "https://a.example") return; run(data); });
                parent.postMessage({ user, token: "@Model.Token", n: @(Model.Count + 1) }, { targetOrigin: `*` });
                const w = new Worker("/w.js"); w.postMessage(user, "*");
            </script>
            <!-- <script>x()</script> -->
            <script src="/a.js"></script><script>top.postMessage(document.cookie, '*')</script>
            """;
        foreach (var kind in new[] { ScriptFileKind.Razor, ScriptFileKind.Html, ScriptFileKind.JavaScript })
        {
            for (var length = 0; length <= page.Length; length++)
            {
                var file = ScriptFile.Read("/p/Embed.cshtml", SourceText.From(page.Substring(0, length)), kind);
                foreach (var program in file is null ? Array.Empty<Acornima.Ast.Program>() : file.Programs)
                {
                    _ = CorsAnalyzers.Rules.PostMessages.Find(file!, program, CancellationToken.None);
                }
            }
        }

        // The whole page, read as Razor, gives both posts to another window (the worker's is not one).
        var whole = ScriptFile.Read("/p/Embed.cshtml", SourceText.From(page), ScriptFileKind.Razor)!;
        Assert.Equal(
            new[] { "parent.postMessage", "top.postMessage" },
            whole.Programs.SelectMany(p => CorsAnalyzers.Rules.PostMessages.Find(whole, p, CancellationToken.None)).Select(f => whole.TextOf(f.Callee)));
    }

    [Fact]
    public void Deep_nesting_is_skipped_not_thrown()
        => Assert.Null(ScriptFile.Read("/p/a.js", SourceText.From(string.Concat(Enumerable.Repeat("[", 100_000))), ScriptFileKind.JavaScript));

    [Fact]
    public void Each_script_of_a_page_parses_on_its_own_and_offsets_are_the_files()
    {
        var text = "<script>broken(</script>\n<script>\n  @Model.X; ok();\n</script>";
        var file = ScriptFile.Read("/p/Index.cshtml", SourceText.From(text), ScriptFileKind.Razor)!;
        var program = Assert.Single(file.Programs);
        var statement = program.Body[1];
        Assert.Equal("ok();", text.Substring(statement.Start, statement.End - statement.Start));
        var span = file.LocationOf(statement.Start, statement.End).GetLineSpan();
        Assert.Equal("/p/Index.cshtml@2:12-2:17", $"{span.Path}@{span.StartLinePosition.Line}:{span.StartLinePosition.Character}-{span.EndLinePosition.Line}:{span.EndLinePosition.Character}");
        Assert.Equal("@Model.X", file.TextOf(((Acornima.Ast.ExpressionStatement)program.Body[0]).Expression));
        Assert.True(file.HoldsRazor(program.Body[0]));
        Assert.False(file.HoldsRazor(statement));
    }

    [Theory]
    [InlineData("// cors-analyzers-disable-next-line CORS014", true)]
    [InlineData("  // cors-analyzers-disable-next-line CORS013, CORS014", true)]
    [InlineData("// cors-analyzers-disable-next-line", true)]
    [InlineData("/* cors-analyzers-disable-next-line */", true)]
    [InlineData("@* cors-analyzers-disable-next-line CORS014 *@", true)]
    [InlineData("<!-- cors-analyzers-disable-next-line CORS014 -->", true)]
    [InlineData("// cors-analyzers-disable-next-line CORS013", false)]
    [InlineData("var s = 'cors-analyzers-disable-next-line';", false)]
    [InlineData("// disable CORS014", false)]
    public void The_disable_comment_names_the_rule_or_none(string previousLine, bool disabled)
    {
        var text = "<script>\n" + previousLine + "\nf();\n</script>";
        var file = ScriptFile.Read("/p/Index.cshtml", SourceText.From(text), ScriptFileKind.Razor)!;
        Assert.Equal(disabled, file.IsDisabledAt(text.IndexOf("f();", StringComparison.Ordinal), "CORS014"));
        Assert.False(file.IsDisabledAt(text.IndexOf("f();", StringComparison.Ordinal) - 1, "CORS014"));
    }

    [Fact]
    public async Task A_file_is_read_and_parsed_once_however_many_ask()
    {
        var files = new ScriptFiles();
        var text = new CountingText("/p/wwwroot/js/site.js", "parent.postMessage(document.cookie, '*');");
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => files.Get(text))));

        Assert.All(results, r => Assert.Same(results[0], r));
        Assert.Equal(1, files.ReadCount);
        Assert.Equal(1, text.Reads);
        Assert.Null(files.Get(new CountingText("/p/appsettings.json", "{}")));
        Assert.Equal(1, files.ReadCount);
    }

    private sealed class CountingText : AdditionalText
    {
        private readonly string _text;
        private int _reads;

        public CountingText(string path, string text) => (Path, _text) = (path, text);

        public override string Path { get; }

        public int Reads => _reads;

        public override SourceText GetText(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            return SourceText.From(_text);
        }
    }
}
