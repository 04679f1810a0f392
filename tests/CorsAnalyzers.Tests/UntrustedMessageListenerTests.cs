using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

/// <summary>
/// CORS013 as the package runs it on the project's JavaScript: each reporting listener beside its near-twin, in a .js
/// file, a Razor view with Razor inside the script, a Razor component and an HTML page, reported at the handler's event
/// parameter with the exact line and column; silent, without an exception, where nothing parses. The engine's shapes are
/// tested one by one, each with its near-twin, in <c>Units/MessageListenersTests</c>.
/// </summary>
public sealed class UntrustedMessageListenerTests
{
    private const string NoCheck = "it checks no origin";

    private static string Message(string reason) => $"Message listener acts on a message from any origin: {reason}";

    private static ProjectBuilder Build(string path, string script) => ProjectBuilder.Create()
        .WithAnalyzer<UntrustedMessageListenerRule>()
        .WithSource("class Program { static void Main() { } }")
        .WithAdditionalFile(path, script);

    [Fact]
    public Task A_script_that_does_not_parse_gives_no_diagnostic_and_no_exception()
        => Build("wwwroot/js/broken.js", """
                window.addEventListener("message", (event) => {
                    document.body.innerHTML = event.data;
                """)
            .WithAdditionalFile("wwwroot/js/half.js", "window.onmessage = function (e) { eval(e.data")
            .ValidateAsync();

    [Fact]
    public Task Malformed_pages_give_no_diagnostic_and_no_exception()
        => Build("Views/Home/Index.cshtml", """
                <script>
                    window.addEventListener("message", e => { @(Model.Handler( e.data });
                """)
            .WithAdditionalFile("Components/App.razor", "<script>@if (x) { window.onmessage = e => run(e.data);")
            .WithAdditionalFile("wwwroot/index.html", "<script type=\"module\">window.onmessage = e => run(e.data)</scr")
            .ValidateAsync();

    [Fact]
    public Task A_minified_script_is_not_read()
        => Build("wwwroot/js/vendor.js", "window.addEventListener(\"message\",function(e){document.body.innerHTML=e.data});" + new string(';', 1200))
            .ValidateAsync();

    [Fact]
    public Task A_listener_with_an_exact_origin_check_is_fine()
        => Build("wwwroot/js/embed.js", """
                const allowedMessageOrigins = new Set(["https://partner.example"]);
                window.addEventListener("message", (event) => {
                    if (!allowedMessageOrigins.has(event.origin)) {
                        return;
                    }

                    document.getElementById("status").textContent = event.data.status;
                });
                """)
            .ValidateAsync();

    [Fact]
    public Task A_workers_own_message_handler_is_fine()
        => Build("wwwroot/js/worker.js", """
                self.onmessage = (event) => {
                    self.postMessage(event.data.a + event.data.b);
                };
                """)
            .ValidateAsync();

    [Fact]
    public Task A_pages_own_script_is_never_a_worker()
        => Build("wwwroot/embed.html", """
                <script>
                    self.onmessage = ([|event|]) => {
                        render(event.data);
                    };
                </script>
                """)
            .ShouldReportMessages(Message(NoCheck))
            .ValidateAsync();

    [Fact]
    public Task The_same_handler_in_a_script_file_is_a_workers()
        => Build("wwwroot/js/embed.js", """
                self.onmessage = (event) => {
                    render(event.data);
                };
                """)
            .ValidateAsync();

    [Fact]
    public Task A_weak_check_in_a_view_is_quoted_as_the_view_writes_it()
        => Build("Views/Home/Embed.cshtml", """
                <script>
                    window.addEventListener("message", ([|e|]) => {
                        if (!e.origin.endsWith("contoso.com")) return;
                        show(e.data, "@Model.Title");
                    });
                </script>
                """)
            .ShouldReportMessages(Message("'e.origin.endsWith(\"contoso.com\")' also accepts https://evilcontoso.com"))
            .ValidateAsync();

    [Fact]
    public Task A_suffix_the_server_renders_is_still_a_suffix_check_with_no_example()
        => Build("Views/Home/Embed.cshtml", """
                <script>
                    window.addEventListener("message", ([|e|]) => {
                        if (!e.origin.endsWith("@Model.Domain")) return;
                        show(e.data);
                    });
                </script>
                """)
            .ShouldReportMessages(Message("'e.origin.endsWith(\"@Model.Domain\")' also accepts any origin that only ends with the compared text, such as a look-alike domain an attacker registers"))
            .ValidateAsync();

    [Fact]
    public Task An_exact_comparison_with_a_value_the_server_renders_is_fine()
        => Build("Views/Home/Embed.cshtml", """
                <script>
                    window.addEventListener("message", (e) => {
                        if (e.origin !== "@Model.PartnerOrigin") return;
                        show(e.data);
                    });
                </script>
                """)
            .ValidateAsync();

    // ---------------------------------------------------------------- .js

    [Fact]
    public Task Js_listener_that_checks_no_origin()
        => Build("wwwroot/js/embed.js", """
                window.addEventListener("message", onMessage);
                function onMessage([|event|]) {
                    document.getElementById("out").innerHTML = event.data;
                }
                """)
            .ShouldReportMessages(Message(NoCheck))
            .ValidateAsync();

    [Fact]
    public Task Js_listener_with_an_exact_early_return_is_fine()
        => Build("wwwroot/js/embed.js", """
                window.addEventListener("message", onMessage);
                function onMessage(event) {
                    if (event.origin !== "https://partner.example") return;
                    document.getElementById("out").innerHTML = event.data;
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Js_listener_with_a_suffix_check()
        => Build("wwwroot/js/embed.js", """
                window.onmessage = ([|e|]) => {
                    if (e.origin.endsWith("contoso.com")) { document.title = e.data; }
                };
                """)
            .ShouldReportMessages(Message("'e.origin.endsWith(\"contoso.com\")' also accepts https://evilcontoso.com"))
            .ValidateAsync();

    [Fact]
    public Task Js_listener_with_a_dotted_suffix_of_its_own_domain_is_fine()
        => Build("wwwroot/js/embed.js", """
                window.onmessage = (e) => {
                    if (e.origin.endsWith(".contoso.com")) { document.title = e.data; }
                };
                """)
            .ValidateAsync();

    [Fact]
    public Task Js_worker_and_socket_listeners_are_fine()
        => Build("wwwroot/js/worker.js", """
                importScripts("/js/lib.js");
                self.onmessage = (e) => postMessage(compute(e.data));
                """)
            .WithAdditionalFile("wwwroot/js/live.js", """
                const socket = new WebSocket("wss://" + location.host + "/live");
                socket.addEventListener("message", (e) => { document.getElementById("feed").innerHTML = e.data; });
                """)
            .ValidateAsync();

    [Fact]
    public Task A_disable_next_line_comment_silences_the_listener()
        => Build("wwwroot/js/embed.js", """
                window.addEventListener("message", onLegacyMessage);
                window.addEventListener("message", onMessage);
                // cors-analyzers-disable-next-line CORS013
                function onLegacyMessage(e) { document.title = e.data; }
                function onMessage([|m|]) { document.title = m.data; }
                """)
            .ShouldReportMessages(Message(NoCheck))
            .ValidateAsync();

    // ---------------------------------------------------------------- .cshtml, with Razor inside the script

    [Fact]
    public Task Razor_view_script_with_Razor_expressions_and_blocks()
        => Build("Views/Home/Embed.cshtml", """
                @model EmbedModel
                <div id="out"></div>
                <script>
                    const user = @Json.Serialize(Model.User);
                    @if (Model.Debug) { <text>console.log("debug");</text> }
                    window.addEventListener("message", ([|e|]) => {
                        if (e.origin.indexOf("contoso.com") > -1) {
                            document.getElementById("out").innerHTML = e.data + user.name;
                        }
                    });
                </script>
                """)
            .ShouldReportMessages(Message("'e.origin.indexOf(\"contoso.com\")' also accepts https://contoso.com.evil.net"))
            .ValidateAsync();

    [Fact]
    public Task Razor_view_script_checking_the_origin_the_server_renders_is_fine()
        => Build("Views/Home/Embed.cshtml", """
                @model EmbedModel
                <div id="out"></div>
                <script>
                    const user = @Json.Serialize(Model.User);
                    @if (Model.Debug) { <text>console.log("debug");</text> }
                    window.addEventListener("message", (e) => {
                        if (e.origin !== "@Model.PartnerOrigin") return;
                        document.getElementById("out").innerHTML = e.data + user.name;
                    });
                </script>
                """)
            .ValidateAsync();

    // ---------------------------------------------------------------- .razor

    [Fact]
    public Task Razor_component_script()
        => Build("Components/App.razor", """
                <!DOCTYPE html>
                <html>
                <body>
                    <Routes />
                    <script>
                        window.addEventListener("message", ([|{ data }|]) => Blazor.navigateTo(data.path));
                    </script>
                </body>
                </html>
                """)
            .ShouldReportMessages(Message(NoCheck))
            .ValidateAsync();

    [Fact]
    public Task Razor_component_script_checking_its_own_origin_is_fine()
        => Build("Components/App.razor", """
                <!DOCTYPE html>
                <html>
                <body>
                    <Routes />
                    <script>
                        window.addEventListener("message", ({ data, origin }) => origin === location.origin && Blazor.navigateTo(data.path));
                    </script>
                </body>
                </html>
                """)
            .ValidateAsync();

    // ---------------------------------------------------------------- .html

    [Fact]
    public Task Html_page_jQuery_listener()
        => Build("wwwroot/widget.html", """
                <html>
                <body>
                <div id="out"></div>
                <script>
                    $(window).on("message", function ([|e|]) {
                        $("#out").html(e.originalEvent.data);
                        if (e.originalEvent.origin !== "https://partner.example") return;
                    });
                </script>
                </body>
                </html>
                """)
            .ShouldReportMessages(Message("it reads 'e.originalEvent.data' before it checks the origin"))
            .ValidateAsync();

    [Fact]
    public Task Html_page_jQuery_listener_checking_first_is_fine()
        => Build("wwwroot/widget.html", """
                <html>
                <body>
                <div id="out"></div>
                <script>
                    $(window).on("message", function (e) {
                        if (e.originalEvent.origin !== "https://partner.example") return;
                        $("#out").html(e.originalEvent.data);
                    });
                </script>
                </body>
                </html>
                """)
            .ValidateAsync();
}
