using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

/// <summary>
/// CORS014 in the project's JavaScript: each reporting script beside its near-twin, in a .js file, a Razor view with
/// Razor inside the script, a Razor component and an HTML page; scripts that do not parse are skipped silently.
/// </summary>
public sealed class MessageToAnyOriginTests
{
    private static string Message(string callee, string message)
        => $"'{callee}' posts '{message}' with target origin \"*\", so whatever page is in the target window at that moment receives it; name the receiver's origin";

    private static ProjectBuilder Build(string path, string script) => ProjectBuilder.Create()
        .WithAnalyzer<MessageToAnyOriginRule>()
        .WithSource("class Program { static void Main() { } }")
        .WithAdditionalFile(path, script);

    // ---------------------------------------------------------------- .js

    [Fact]
    public Task Data_posted_to_the_parent_with_any_origin()
        => Build("wwwroot/js/embed.js", """
                const token = sessionStorage.getItem("token");
                window.parent.postMessage({ type: "auth", token }, [|"*"|]);
                """)
            .ShouldReportMessages(Message("window.parent.postMessage", "{ type: \"auth\", token }"))
            .ValidateAsync();

    [Fact]
    public Task Data_posted_to_the_parent_with_its_origin_is_fine()
        => Build("wwwroot/js/embed.js", """
                const token = sessionStorage.getItem("token");
                window.parent.postMessage({ type: "auth", token }, "https://partner.example");
                """)
            .ValidateAsync();

    [Fact]
    public Task Each_window_receiver_and_the_options_form()
        => Build("wwwroot/js/windows.js", """
                function send(user, frame, event) {
                    parent.postMessage(user.email, [|"*"|]);
                    top.postMessage(user, [|'*'|]);
                    window.opener.postMessage(`hello ${user.name}`, [|`*`|]);
                    frame.contentWindow.postMessage(user.id, { targetOrigin: [|"*"|] });
                    event.source.postMessage(document.cookie, [|"*"|]);
                    const popup = window.open("https://partner.example/");
                    popup.postMessage(location.href, [|"*"|]);
                }
                """)
            .ShouldReportMessages(
                Message("parent.postMessage", "user.email"),
                Message("top.postMessage", "user"),
                Message("window.opener.postMessage", "`hello ${user.name}`"),
                Message("frame.contentWindow.postMessage", "user.id"),
                Message("event.source.postMessage", "document.cookie"),
                Message("popup.postMessage", "location.href"))
            .ValidateAsync();

    [Fact]
    public Task Constant_messages_and_other_targets_are_fine()
        => Build("wwwroot/js/windows.js", """
                const READY = { type: "ready", version: 2 };
                function send(user, frame) {
                    parent.postMessage("ready", "*");
                    parent.postMessage({ type: "resize", height: 400, tags: ["a", `b`], ok: !false }, "*");
                    parent.postMessage(READY, "*");
                    parent.postMessage(undefined, "*");
                    parent.postMessage(user, "/");
                    frame.contentWindow.postMessage(user, { targetOrigin: "https://partner.example" });
                    parent.postMessage(user);
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task A_name_declared_twice_or_not_const_is_not_a_constant()
        => Build("wwwroot/js/state.js", """
                let state = "ready";
                parent.postMessage(state, [|"*"|]);
                const ANY = "*";
                function f(ANY) { parent.postMessage(document.title, ANY); }
                const message = "ready";
                parent.postMessage(message, "*");
                """)
            .ShouldReportMessages(Message("parent.postMessage", "state"))
            .ValidateAsync();

    [Fact]
    public Task Ports_workers_channels_and_the_scripts_own_window_are_fine()
        => Build("wwwroot/js/workers.js", """
                const worker = new Worker("/js/worker.js");
                const calc = new Worker("/js/calc.js");
                const channel = new MessageChannel();
                const out = channel.port1;
                const shared = new SharedWorker("/js/shared.js").port;
                function send(data, port) {
                    worker.postMessage(data, "*");
                    calc.postMessage(data, "*");
                    port.postMessage(data, "*");
                    channel.port2.postMessage(data, "*");
                    out.postMessage(data, "*");
                    shared.postMessage(data, "*");
                    this.myWorker.postMessage(data, "*");
                    navigator.serviceWorker.controller.postMessage(data, "*");
                    new Worker("/js/w.js").postMessage(data, "*");
                    window.postMessage(data, "*");
                    self.postMessage(data, "*");
                    postMessage(data, "*");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task A_module_script_is_read_too()
        => Build("wwwroot/js/app.js", """
                import { session } from "./session.js";
                export function share() {
                    window.opener?.postMessage(session.token, [|"*"|]);
                }
                """)
            .ShouldReportMessages(Message("window.opener?.postMessage", "session.token"))
            .ValidateAsync();

    [Fact]
    public Task A_disable_next_line_comment_silences_the_next_line_only()
        => Build("wwwroot/js/embed.js", """
                // cors-analyzers-disable-next-line CORS014
                parent.postMessage(document.title, "*");
                parent.postMessage(document.title, [|"*"|]);
                // cors-analyzers-disable-next-line CORS013
                parent.postMessage(location.hash, [|"*"|]);
                /* cors-analyzers-disable-next-line */
                parent.postMessage(location.hash, "*");
                """)
            .ShouldReportMessages(Message("parent.postMessage", "document.title"), Message("parent.postMessage", "location.hash"))
            .ValidateAsync();

    [Fact]
    public Task Minified_and_bundled_files_are_skipped()
        => Build("wwwroot/js/vendor.js", "parent.postMessage(document.cookie, \"*\");" + new string(' ', 1200) + "var x = 1;")
            .WithAdditionalFile("wwwroot/js/app.min.js", "parent.postMessage(document.cookie, \"*\");")
            .WithAdditionalFile("wwwroot/js/main.bundle.js", "parent.postMessage(document.cookie, \"*\");")
            .ValidateAsync();

    [Fact]
    public Task A_script_that_does_not_parse_is_skipped_and_the_others_still_read()
        => Build("wwwroot/js/broken.js", """
                parent.postMessage(document.cookie, "*");
                function (
                """)
            .WithAdditionalFile("wwwroot/js/fine.js", """
                parent.postMessage(document.cookie, [|"*"|]);
                """)
            .ShouldReportMessages(Message("parent.postMessage", "document.cookie"))
            .ValidateAsync();

    [Fact]
    public Task A_rule_set_to_none_in_a_globalconfig_is_silent()
        => Build("wwwroot/js/embed.js", "parent.postMessage(document.title, \"*\");")
            .WithGlobalConfig("dotnet_diagnostic.CORS014.severity = none")
            .ValidateAsync();

    [Fact]
    public Task Files_that_are_not_scripts_are_not_read()
        => Build("wwwroot/js/notes.txt", "parent.postMessage(document.cookie, \"*\");")
            .WithAdditionalFile("wwwroot/js/data.json", "parent.postMessage(document.cookie, \"*\");")
            .ValidateAsync();

    // ---------------------------------------------------------------- .cshtml, with Razor inside the script

    [Fact]
    public Task Razor_view_script_with_Razor_expressions_and_blocks()
        => Build("Views/Home/Embed.cshtml", """
                @model EmbedModel
                <h1>@Model.Title</h1>
                <script>
                    const user = @Json.Serialize(Model.User);
                    @if (Model.Debug) { <text>console.log("debug");</text> }
                    parent.postMessage({ user, id: @Model.Id }, [|"*"|]);
                    parent.postMessage("@Model.Token", [|"*"|]);
                    parent.postMessage(@(Model.Count + 1), [|"*"|]);
                </script>
                """)
            .ShouldReportMessages(
                Message("parent.postMessage", "{ user, id: @Model.Id }"),
                Message("parent.postMessage", "\"@Model.Token\""),
                Message("parent.postMessage", "@(Model.Count + 1)"))
            .ValidateAsync();

    [Fact]
    public Task Razor_view_script_posting_to_a_named_origin_or_constants_is_fine()
        => Build("Views/Home/Embed.cshtml", """
                @model EmbedModel
                <script>
                    const user = @Json.Serialize(Model.User);
                    @{ var origin = "https://partner.example"; }
                    parent.postMessage({ user, id: @Model.Id }, "@origin");
                    parent.postMessage("ready", "*");
                    parent.postMessage({ email: "support@contoso.com" }, "*");
                </script>
                <script src="~/js/site.js"></script>
                <script type="text/template">parent.postMessage(user, "*");</script>
                <script type="application/json">{ "x": 1 }</script>
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
                        window.addEventListener("load", () => window.parent.postMessage(document.body.innerText, [|"*"|]));
                    </script>
                </body>
                </html>
                """)
            .ShouldReportMessages(Message("window.parent.postMessage", "document.body.innerText"))
            .ValidateAsync();

    [Fact]
    public Task Razor_component_script_with_the_origin_is_fine()
        => Build("Components/App.razor", """
                <!DOCTYPE html>
                <html>
                <body>
                    <Routes />
                    <script>
                        window.addEventListener("load", () => window.parent.postMessage(document.body.innerText, "https://partner.example"));
                    </script>
                </body>
                </html>
                """)
            .ValidateAsync();

    // ---------------------------------------------------------------- .html

    [Fact]
    public Task Html_page_scripts_each_read_on_their_own()
        => Build("wwwroot/widget.html", """
                <html>
                <head><script>this is not JavaScript</script></head>
                <body>
                <!-- <script>parent.postMessage(document.cookie, "*");</script> -->
                <script type="module">
                    parent.postMessage(document.cookie, [|"*"|]);
                </script>
                </body>
                </html>
                """)
            .ShouldReportMessages(Message("parent.postMessage", "document.cookie"))
            .ValidateAsync();

    [Fact]
    public Task Html_page_script_with_the_origin_is_fine()
        => Build("wwwroot/widget.html", """
                <html>
                <body>
                <script type="module">
                    parent.postMessage(document.cookie, "https://partner.example");
                </script>
                </body>
                </html>
                """)
            .ValidateAsync();
}
