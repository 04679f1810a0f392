using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

/// <summary>
/// CORS013 as the package runs it on the project's JavaScript: the rule reads every script file the reader parses and
/// stays silent, without an exception, where nothing parses or the listener checks its origin exactly. (The shapes the
/// engine reports, each with its near-twin, belong with the engine, <c>Rules/UntrustedMessageListener/MessageListeners.cs</c>.)
/// </summary>
public sealed class UntrustedMessageListenerTests
{
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
}
