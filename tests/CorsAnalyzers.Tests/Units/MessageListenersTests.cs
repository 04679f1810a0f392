using Acornima;
using CorsAnalyzers.Knowledge;
using CorsAnalyzers.Rules;

namespace CorsAnalyzers.Tests.Units;

/// <summary>
/// CORS013's engine on its own (<c>Rules/UntrustedMessageListener/</c>, through <see cref="MessageListeners.Find(Acornima.Ast.Program, bool, OriginPatterns, Func{Acornima.Ast.Node, string}?, CancellationToken)"/>):
/// scripts parsed with Acornima, each finding as its exact place (marked <c>[|…|]</c> in the script) and reason, each
/// reporting shape beside its near-twin that stays silent.
/// </summary>
public sealed class MessageListenersTests
{
    private const string NoCheck = "it checks no origin";

    private static readonly OriginPatterns s_patterns = new(Array.Empty<string>(), reportSubdomainWildcards: false);

    private static string Unmark(string markup) => markup.Replace("[|", string.Empty).Replace("|]", string.Empty);

    /// <summary>Each finding of the script as "start-end: reason".</summary>
    private static string[] Find(string script, bool inPage = false)
    {
        var program = new Parser(new ParserOptions { Tolerant = true }).ParseScript(script);
        return MessageListeners.Find(program, inPage, s_patterns, written: null, CancellationToken.None).Select(f => $"{f.Start}-{f.End}: {f.Reason}").ToArray();
    }

    /// <summary>The marked places of <paramref name="markup"/>, in order, with the reasons given.</summary>
    private static string[] Marked(string markup, params string[] reasons)
    {
        var places = new List<string>();
        var removed = 0;
        for (var open = markup.IndexOf("[|", StringComparison.Ordinal); open >= 0; open = markup.IndexOf("[|", open + 2, StringComparison.Ordinal))
        {
            var close = markup.IndexOf("|]", open, StringComparison.Ordinal);
            var start = open - removed;
            var end = close - removed - 2;
            places.Add($"{start}-{end}: {reasons[places.Count]}");
            removed += 4;
        }

        Assert.Equal(reasons.Length, places.Count);
        return places.ToArray();
    }

    private static void Reports(string markup, params string[] reasons) => Assert.Equal(Marked(markup, reasons), Find(Unmark(markup)));

    private static void Silent(string script, bool inPage = false) => Assert.Empty(Find(Unmark(script), inPage));

    /// <summary>A page script (it touches the document) whose window listener has <paramref name="body"/>.</summary>
    private static string Listener(string body) => $$"""
        const output = document.getElementById("out");
        window.addEventListener("message", ([|e|]) => {
            {{body}}
        });
        """;

    // ------------------------------------------------------------------ registrations

    [Fact]
    public void An_arrow_listener_on_window_that_checks_nothing_is_reported_at_its_event_parameter()
        => Reports(Listener("output.innerHTML = e.data;"), NoCheck);

    [Fact]
    public void The_same_listener_with_an_exact_early_return_is_silent()
        => Silent(Listener("if (e.origin !== \"https://app.contoso.com\") return;\n    output.innerHTML = e.data;"));

    [Fact]
    public void A_bare_addEventListener_with_a_capture_flag_in_a_page_is_reported()
        => Reports("""
            addEventListener('message', function ([|event|]) { document.title = event.data; }, false);
            """, NoCheck);

    [Fact]
    public void A_bare_addEventListener_in_a_worker_is_silent()
        => Silent("""
            importScripts("lib.js");
            addEventListener('message', function (event) { postMessage(work(event.data)); }, false);
            """);

    [Fact]
    public void Window_onmessage_is_reported()
        => Reports("""
            window.onmessage = function ([|msg|]) { eval(msg.data); };
            """, NoCheck);

    [Fact]
    public void Window_onmessage_with_an_exact_check_around_the_read_is_silent()
        => Silent("""
            window.onmessage = function (msg) { if (msg.origin === "https://app.contoso.com") { eval(msg.data); } };
            """);

    [Theory]
    [InlineData("self.onmessage")]
    [InlineData("globalThis.onmessage")]
    [InlineData("onmessage")]
    public void Self_globalThis_or_the_bare_global_in_a_page_are_the_window(string target)
        => Reports($$"""
            document.body.dataset.ready = "1";
            {{target}} = ([|e|]) => { document.body.textContent = e.data; };
            """, NoCheck);

    [Theory]
    [InlineData("self.onmessage = (e) => { postMessage(run(e.data)); };")]
    [InlineData("importScripts('a.js'); self.onmessage = (e) => { run(e.data); }; const w = window;")]
    [InlineData("onmessage = (e) => { postMessage(run(e.data)); };")]
    [InlineData("self.addEventListener('message', (e) => run(e.data)); self.addEventListener('install', () => self.skipWaiting());")]
    public void A_worker_own_listener_is_silent(string script) => Silent(script);

    [Fact]
    public void A_script_block_of_a_page_is_never_a_worker()
        => Assert.Equal(
            Marked("self.onmessage = ([|e|]) => { run(e.data); };", NoCheck),
            Find("self.onmessage = (e) => { run(e.data); };", inPage: true));

    [Fact]
    public void A_local_named_self_is_not_the_window()
        => Silent("""
            document.title = "x";
            var self = this;
            self.onmessage = function (e) { render(e.data); };
            """);

    [Fact]
    public void JQuery_on_window_reads_the_message_through_originalEvent()
        => Reports("""
            $(window).on("message", function ([|e|]) { $("#out").html(e.originalEvent.data); });
            """, NoCheck);

    [Fact]
    public void JQuery_on_window_with_an_exact_check_of_originalEvent_origin_is_silent()
        => Silent("""
            $(window).off("message").on("message.app", function (e) {
                if (e.originalEvent.origin !== "https://app.contoso.com") { return; }
                $("#out").html(e.originalEvent.data);
            });
            """);

    [Fact]
    public void JQuery_event_data_is_jQuery_own_handler_data_not_the_message()
        => Silent("""$(window).on("message", function (e) { $("#out").html(e.data); });""");

    [Fact]
    public void JQuery_on_for_something_else_than_the_window_is_silent()
        => Silent("""socket.on("message", function (e) { $("#out").html(e.data); });""");

    [Fact]
    public void AttachEvent_onmessage_is_reported()
        => Reports("""
            window.attachEvent("onmessage", function ([|e|]) { document.body.innerHTML = e.data; });
            """, NoCheck);

    [Fact]
    public void AttachEvent_onmessage_with_an_exact_check_is_silent()
        => Silent("""
            window.attachEvent("onmessage", function (e) { if (e.origin == "https://app.contoso.com") document.body.innerHTML = e.data; });
            """);

    [Fact]
    public void A_window_taken_as_a_parameter_is_the_window()
        => Reports("""
            (function (window, $) {
                window.addEventListener("message", function ([|e|]) { $("#x").html(e.data); });
            })(window, jQuery);
            """, NoCheck);

    // ------------------------------------------------------------------ handlers

    [Fact]
    public void A_named_function_declared_later_is_followed_and_reported_at_its_parameter()
        => Reports("""
            window.addEventListener("message", onMessage);
            function onMessage([|event|]) { document.getElementById("x").innerHTML = event.data; }
            """, NoCheck);

    [Fact]
    public void A_named_function_with_an_exact_check_is_silent()
        => Silent("""
            window.addEventListener("message", onMessage);
            function onMessage(event) {
                if (event.origin !== window.location.origin) return;
                document.getElementById("x").innerHTML = event.data;
            }
            """);

    [Fact]
    public void A_variable_holding_a_function_is_followed()
        => Reports("""
            const handler = ([|e|]) => { document.title = e.data; };
            window.addEventListener("message", handler);
            """, NoCheck);

    [Fact]
    public void A_method_of_an_object_literal_is_followed()
        => Reports("""
            const app = {
                onMessage([|e|]) { this.show(e.data); },
                show(text) { document.title = text; },
            };
            window.addEventListener("message", app.onMessage);
            """, NoCheck);

    [Fact]
    public void A_class_method_bound_to_this_is_followed()
        => Reports("""
            class Widget {
                start() { window.addEventListener("message", this.onMessage.bind(this)); }
                onMessage([|event|]) { this.render(event.data); }
                render(text) { document.title = text; }
            }
            """, NoCheck);

    [Fact]
    public void A_class_method_with_an_exact_check_is_silent()
        => Silent("""
            class Widget {
                start() { window.addEventListener("message", this.onMessage.bind(this)); }
                onMessage(event) { if (event.origin === "https://app.contoso.com") this.render(event.data); }
                render(text) { document.title = text; }
            }
            """);

    [Fact]
    public void A_prototype_method_bound_to_this_is_followed()
        => Reports("""
            function Widget(el) { this.el = el; }
            Widget.prototype.start = function () { window.addEventListener("message", this.onMessage.bind(this), false); };
            Widget.prototype.onMessage = function ([|e|]) { this.el.innerHTML = e.data; };
            new Widget(document.body).start();
            """, NoCheck);

    [Fact]
    public void A_prototype_method_with_an_exact_check_through_another_prototype_method_is_silent()
        => Silent("""
            function Widget(el) { this.el = el; }
            Widget.prototype.start = function () { window.addEventListener("message", this.onMessage.bind(this), false); };
            Widget.prototype.onMessage = function (e) { if (!this.trusted(e.origin)) return; this.el.innerHTML = e.data; };
            Widget.prototype.trusted = function (origin) { return origin === "https://app.contoso.com"; };
            new Widget(document.body).start();
            """);

    [Fact]
    public void A_prototype_method_with_a_weak_check_through_another_prototype_method_names_it()
        => Reports("""
            function Widget(el) { this.el = el; }
            Widget.prototype.start = function () { window.addEventListener("message", this.onMessage.bind(this), false); };
            Widget.prototype.onMessage = function ([|e|]) { if (!this.trusted(e.origin)) return; this.el.innerHTML = e.data; };
            Widget.prototype.trusted = function (origin) { return origin.endsWith("contoso.com"); };
            """, "'origin.endsWith(\"contoso.com\")' also accepts https://evilcontoso.com");

    [Fact]
    public void An_object_with_handleEvent_is_followed()
        => Reports("""
            window.addEventListener("message", { handleEvent([|e|]) { document.title = e.data; } });
            """, NoCheck);

    [Fact]
    public void A_handler_with_bound_arguments_gets_the_event_after_them()
        => Reports("""
            function onMessage(options, [|event|], extra) { document.write(options.data + extra.data + event.data); }
            window.addEventListener("message", onMessage.bind(null, { data: "items" }));
            """, NoCheck);

    [Fact]
    public void A_handler_with_bound_arguments_that_reads_only_them_is_silent()
        => Silent("""
            function onMessage(options, event) { document.write(options.data + event.origin); }
            window.addEventListener("message", onMessage.bind(null, { data: "items" }));
            """);

    [Fact]
    public void This_at_the_top_of_a_classic_script_is_the_window()
        => Reports("""
            this.addEventListener('message', function ([|event|]) { document.write(event.data); });
            """, NoCheck);

    [Fact]
    public void This_inside_a_function_is_not_known_to_be_the_window()
        => Silent("""
            function Panel() { this.addEventListener('message', function (event) { document.write(event.data); }); }
            """);

    [Fact]
    public void A_registration_through_a_bindEvent_wrapper_is_followed()
        => Reports("""
            function bindEvent(element, eventName, eventHandler) {
                if (element.addEventListener) {
                    element.addEventListener(eventName, eventHandler, false);
                } else if (element.attachEvent) {
                    element.attachEvent('on' + eventName, eventHandler);
                }
            }
            var results = document.getElementById('results');
            bindEvent(window, 'message', function ([|e|]) { results.innerHTML = e.data; });
            bindEvent(results, 'message', function (e) { results.innerHTML = e.data; });
            bindEvent(window, 'click', function (e) { results.innerHTML = e.data; });
            """, NoCheck);

    [Fact]
    public void A_registration_through_a_bindEvent_wrapper_with_an_exact_check_is_silent()
        => Silent("""
            function bindEvent(element, eventName, eventHandler) { element.attachEvent('on' + eventName, eventHandler); }
            bindEvent(window, 'message', function (e) { if (e.origin !== 'https://app.contoso.com') return; document.body.innerHTML = e.data; });
            """);

    [Fact]
    public void A_handler_imported_from_elsewhere_is_silent()
        => Silent("""
            document.title = "x";
            window.addEventListener("message", handlers.onMessage);
            """);

    [Fact]
    public void A_Vue_component_method_is_followed()
        => Reports("""
            new Vue({
                el: "#app",
                mounted() { window.addEventListener("message", this.onMessage); },
                methods: { onMessage([|e|]) { this.text = e.data; } },
            });
            """, NoCheck);

    [Fact]
    public void A_Vue_component_method_with_an_exact_check_is_silent()
        => Silent("""
            new Vue({
                el: "#app",
                mounted() { window.addEventListener("message", this.onMessage); },
                methods: { onMessage(e) { if (e.origin !== this.partnerOrigin) return; this.text = e.data; } },
            });
            """);

    [Fact]
    public void A_jQuery_list_of_events_with_message_in_it_is_a_listener()
        => Reports("""
            jQuery(window).bind("load message.app", function ([|e|]) { $("#x").text(e.originalEvent.data); });
            """, NoCheck);

    [Fact]
    public void One_handler_registered_twice_is_one_finding()
        => Reports("""
            function onMessage([|e|]) { document.title = e.data; }
            window.addEventListener("message", onMessage);
            window.onmessage = onMessage;
            """, NoCheck);

    // ------------------------------------------------------------------ receivers that are not windows

    [Theory]
    [InlineData("const ws = new WebSocket('wss://a.com'); ws.addEventListener('message', (e) => { document.title = e.data; });")]
    [InlineData("const ws = new WebSocket('wss://a.com'); ws.onmessage = (e) => { document.title = e.data; };")]
    [InlineData("const worker = new Worker('w.js'); worker.onmessage = (e) => { document.title = e.data; };")]
    [InlineData("const shared = new SharedWorker('w.js'); shared.port.onmessage = (e) => { document.title = e.data; };")]
    [InlineData("const channel = new MessageChannel(); channel.port1.onmessage = (e) => { document.title = e.data; };")]
    [InlineData("const channel = new MessageChannel(); const port = channel.port1; port.addEventListener('message', (e) => { document.title = e.data; });")]
    [InlineData("const bc = new BroadcastChannel('app'); bc.onmessage = (e) => { document.title = e.data; };")]
    [InlineData("const source = new EventSource('/events'); source.addEventListener('message', (e) => { document.title = e.data; });")]
    [InlineData("navigator.serviceWorker.addEventListener('message', (e) => { document.title = e.data; });")]
    [InlineData("this.socket = new WebSocket(url); this.socket.onmessage = (e) => { document.title = e.data; };")]
    [InlineData("window.addEventListener('click', (e) => { document.title = e.data; });")]
    [InlineData("document.addEventListener('message', (e) => { document.title = e.data; });")]
    public void A_message_of_something_else_than_a_window_is_silent(string script) => Silent(script);

    // ------------------------------------------------------------------ reads of the message

    [Fact]
    public void A_destructured_data_parameter_is_a_read_where_it_is_used()
        => Reports("""
            window.addEventListener("message", ([|{ data }|]) => { document.title = data.title; });
            """, NoCheck);

    [Fact]
    public void A_destructured_data_used_after_an_exact_check_of_the_destructured_origin_is_silent()
        => Silent("""
            window.addEventListener("message", ({ data, origin }) => {
                if (origin !== "https://app.contoso.com") return;
                document.title = data.title;
            });
            """);

    [Fact]
    public void A_copy_of_the_data_used_after_the_check_is_silent()
        => Silent(Listener("const { data } = e;\n    const msg = e.data;\n    if (e.origin !== \"https://app.contoso.com\") return;\n    output.innerHTML = data + msg;"));

    [Fact]
    public void A_copy_of_the_data_used_before_the_check_is_reported_as_read_before_it()
        => Reports(Listener("const { data } = e;\n    output.innerHTML = data;\n    if (e.origin !== \"https://app.contoso.com\") return;"), "it reads 'data' before it checks the origin");

    [Fact]
    public void A_read_before_the_early_return_is_reported()
        => Reports(Listener("output.innerHTML = e.data;\n    if (e.origin !== \"https://app.contoso.com\") return;"), "it reads 'e.data' before it checks the origin");

    [Fact]
    public void A_test_of_the_data_that_only_decides_to_leave_before_the_check_is_not_a_read()
        => Silent(Listener("if (!e.data || typeof e.data.type !== 'string') return;\n    if (e.origin !== \"https://app.contoso.com\") return;\n    output.innerHTML = e.data.type;"));

    [Fact]
    public void A_call_on_the_data_in_a_test_that_leaves_before_the_check_is_a_read()
        => Reports(Listener("if (!handle(e.data)) return;\n    if (e.origin !== \"https://app.contoso.com\") return;"), "it reads 'e.data' before it checks the origin");

    [Fact]
    public void A_read_beside_the_check_not_under_it_is_reported()
        => Reports(Listener("if (e.origin === \"https://app.contoso.com\") { output.className = \"ok\"; }\n    output.innerHTML = e.data;"), "it reads 'e.data' where no origin check guards it");

    [Fact]
    public void A_handler_that_reads_no_data_is_silent()
        => Silent(Listener("console.log('message from', e.origin);"));

    [Fact]
    public void The_event_handed_to_a_function_of_the_file_that_reads_it_is_a_read()
        => Reports("""
            window.addEventListener("message", ([|e|]) => handle(e));
            function handle(event) { render(event.data); }
            function render(x) { document.body.innerHTML = x; }
            """, NoCheck);

    [Fact]
    public void The_event_handed_to_a_function_that_checks_the_origin_first_is_silent()
        => Silent("""
            window.addEventListener("message", (e) => handle(e));
            function handle(event) {
                if (event.origin !== "https://app.contoso.com") return;
                document.body.innerHTML = event.data;
            }
            """);

    [Fact]
    public void The_event_handed_two_functions_deep_is_followed()
        => Reports("""
            window.addEventListener("message", ([|e|]) => first(e));
            function first(ev) { second(ev); }
            function second(ev) { document.body.innerHTML = ev.data; }
            """, NoCheck);

    [Fact]
    public void The_event_handed_to_a_function_of_another_file_is_silent()
        => Silent(Listener("dispatcher.handle(e);"));

    [Fact]
    public void OriginalEvent_or_the_event_itself_is_the_event()
        => Reports(Listener("const ev = e.originalEvent || e;\n    output.innerHTML = ev.data;"), NoCheck);

    // ------------------------------------------------------------------ exact checks (the near-twins of NoCheck)

    [Theory]
    [InlineData("if (e.origin !== \"https://app.contoso.com\") return;\n use(e.data);")]
    [InlineData("if (e.origin != 'https://app.contoso.com') { return; }\n use(e.data);")]
    [InlineData("if (\"https://app.contoso.com\" !== e.origin) throw new Error('origin');\n use(e.data);")]
    [InlineData("if (e.origin === \"http://localhost:5001\") { use(e.data); }")]
    [InlineData("e.origin === \"https://app.contoso.com\" && use(e.data);")]
    [InlineData("if (e.data && e.data.type === 'resize' && e.origin === 'https://app.contoso.com') use(e.data);")]
    [InlineData("if (e.origin !== 'https://a.contoso.com' && e.origin !== 'https://b.contoso.com') return;\n use(e.data);")]
    [InlineData("if (e.origin !== 'https://a.contoso.com' || !e.data) return;\n use(e.data);")]
    [InlineData("if (!ALLOWED.has(e.origin)) return;\n use(e.data);")]
    [InlineData("if (['https://a.contoso.com', 'https://b.contoso.com:8443'].includes(e.origin)) use(e.data);")]
    [InlineData("if (LIST.indexOf(e.origin) === -1) return;\n use(e.data);")]
    [InlineData("switch (e.origin) { case 'https://a.contoso.com': case 'https://b.contoso.com': use(e.data); break; default: return; }")]
    [InlineData("if (e.origin !== window.location.origin) return;\n use(e.data);")]
    [InlineData("if (e.origin !== location.origin) return;\n use(e.data);")]
    [InlineData("if (e.origin.toLowerCase() !== TRUSTED) return;\n use(e.data);")]
    [InlineData("if (!isTrusted(e.origin)) return;\n use(e.data);")]
    [InlineData("if (isTrustedEvent(e)) { use(e.data); }")]
    [InlineData("assertOrigin(e);\n use(e.data);")]
    [InlineData("const trusted = e.origin === 'https://app.contoso.com';\n if (!trusted) return;\n use(e.data);")]
    [InlineData("if (!/^https:\\/\\/app\\.contoso\\.com$/.test(e.origin)) return;\n use(e.data);")]
    [InlineData("if (!e.origin.endsWith('.contoso.com')) return;\n use(e.data);")]
    [InlineData("if (!settings.isAllowed(e.origin)) return;\n use(e.data);")]
    [InlineData("if (new URL(e.origin).hostname !== 'app.contoso.com') return;\n use(e.data);")]
    [InlineData("if (e.origin === \"https://app.contoso.com\") { setTimeout(() => use(e.data)); }")]
    [InlineData("if (e.source !== window || typeof e.data !== 'string') return;\n use(e.data);")]
    [InlineData("let origin = e.origin || e.originalEvent.origin;\n if (origin !== TRUSTED) return;\n use(e.data);")]
    [InlineData("if (e.origin.startsWith('http://127.0.0.1:5500/')) use(e.data);")]
    [InlineData("if (e.origin === 'https://app.contoso.com/') use(e.data);")]
    public void An_exact_check_guards_the_read(string body)
        => Silent($$"""
            const ALLOWED = new Set(["https://a.contoso.com", "https://b.contoso.com"]);
            const LIST = ["https://a.contoso.com"];
            const TRUSTED = "https://app.contoso.com";
            function isTrusted(origin) { return ALLOWED.has(origin); }
            function isTrustedEvent(ev) { if (ev.origin === TRUSTED) return true; return false; }
            function assertOrigin(ev) { if (ev.origin !== TRUSTED) throw new Error("untrusted"); }
            function use(x) { document.body.innerHTML = x; }
            window.addEventListener("message", (e) => {
                {{body}}
            });
            """);

    // ------------------------------------------------------------------ weak checks

    [Theory]
    [InlineData("if (e.origin.indexOf(\"contoso.com\") !== -1) use(e.data);", "'e.origin.indexOf(\"contoso.com\")' also accepts https://contoso.com.evil.net")]
    [InlineData("if (e.origin.indexOf('contoso.com') < 0) return;\n use(e.data);", "'e.origin.indexOf('contoso.com')' also accepts https://contoso.com.evil.net")]
    [InlineData("if (e.origin.indexOf('https://app.contoso.com') === 0) use(e.data);", "'e.origin.indexOf('https://app.contoso.com')' also accepts https://app.contoso.com.evil.net")]
    [InlineData("if (!e.origin.includes('contoso.com')) return;\n use(e.data);", "'e.origin.includes('contoso.com')' also accepts https://contoso.com.evil.net")]
    [InlineData("if (e.origin.startsWith('https://app.contoso.com')) use(e.data);", "'e.origin.startsWith('https://app.contoso.com')' also accepts https://app.contoso.com.evil.net")]
    [InlineData("if (!e.origin.endsWith('contoso.com')) return;\n use(e.data);", "'e.origin.endsWith('contoso.com')' also accepts https://evilcontoso.com")]
    [InlineData("if (e.origin.endsWith('.azurewebsites.net')) use(e.data);", "'e.origin.endsWith('.azurewebsites.net')' also accepts https://attacker.azurewebsites.net")]
    [InlineData("if (e.origin.search(/contoso\\.com/) > -1) use(e.data);", "'e.origin.search(/contoso\\.com/)' also accepts https://contoso.com.evil.net")]
    [InlineData("if (e.origin.match(/contoso\\.com$/)) use(e.data);", "'e.origin.match(/contoso\\.com$/)' also accepts https://evilcontoso.com")]
    [InlineData("if (!/^https:\\/\\/app.contoso\\.com$/.test(e.origin)) return;\n use(e.data);", "'/^https:\\/\\/app.contoso\\.com$/.test(e.origin)' also accepts https://appxcontoso.com")]
    [InlineData("if (new RegExp('contoso\\\\.com$').test(e.origin)) use(e.data);", "'new RegExp('contoso\\\\.com$').test(e.origin)' also accepts https://evilcontoso.com")]
    [InlineData("if (e.origin.includes(trustedHost)) use(e.data);", "'e.origin.includes(trustedHost)' also accepts any origin that contains the compared text anywhere, such as a domain an attacker registers with it as a subdomain")]
    [InlineData("if (new URL(e.origin).hostname.endsWith('contoso.com')) use(e.data);", "'new URL(e.origin).hostname.endsWith('contoso.com')' also accepts https://evilcontoso.com")]
    [InlineData("if (e.origin === 'null') use(e.data);", "'e.origin === 'null'' accepts the 'null' origin, which any page can send from a sandboxed iframe, a data: URL or a file")]
    [InlineData("if (['https://app.contoso.com', 'null'].includes(e.origin)) use(e.data);", "'['https://app.contoso.com', 'null'].includes(e.origin)' accepts the 'null' origin, which any page can send from a sandboxed iframe, a data: URL or a file")]
    [InlineData("if ('https://app.contoso.com https://b.contoso.com'.includes(e.origin)) use(e.data);", "''https://app.contoso.com https://b.contoso.com'.includes(e.origin)' also accepts https://app.contoso.co")]
    [InlineData("let origin = e.origin || e.originalEvent.origin;\n if (!origin.includes('contoso.com')) return;\n use(e.data);", "'origin.includes('contoso.com')' also accepts https://contoso.com.evil.net")]
    [InlineData("if (e.source !== window.parent) return;\n use(e.data);", "'e.source !== window.parent' checks which window sent the message, not its origin, and that window can hold any site")]
    [InlineData("if (e.source === frame.contentWindow) use(e.data);", "'e.source === frame.contentWindow' checks which window sent the message, not its origin, and that window can hold any site")]
    [InlineData("switch (e.origin) { case 'https://app.contoso.com': case 'null': use(e.data); }", "'case 'null'' accepts the 'null' origin, which any page can send from a sandboxed iframe, a data: URL or a file")]
    [InlineData("switch (e.origin) { case 'https://app.contoso.com': break; default: use(e.data); }", "it reads 'e.data' where no origin check guards it")]
    [InlineData("if (!looksTrusted(e.origin)) return;\n use(e.data);", "'o.endsWith(\"contoso.com\")' also accepts https://evilcontoso.com")]
    [InlineData("if (ALLOWED.some(a => e.origin.endsWith(a))) use(e.data);", "'e.origin.endsWith(a)' also accepts any origin that only ends with the compared text, such as a look-alike domain an attacker registers")]
    public void A_weak_check_is_reported_with_an_origin_that_gets_through(string body, string reason)
        => Reports($$"""
            const ALLOWED = ["contoso.com", "fabrikam.com"];
            function looksTrusted(o) { return o.endsWith("contoso.com"); }
            function use(x) { document.body.innerHTML = x; }
            window.addEventListener("message", ([|e|]) => {
                {{body}}
            });
            """, reason);

    [Fact]
    public void A_source_check_beside_an_exact_origin_check_is_silent()
        => Silent(Listener("if (e.source !== frame.contentWindow || e.origin !== 'https://app.contoso.com') return;\n    output.innerHTML = e.data;"));

    [Theory]
    [InlineData("if (e.origin !== e.data.origin) return;")]
    [InlineData("if (!e.origin) return;")]
    [InlineData("if (typeof e.origin !== 'string') return;")]
    [InlineData("if (e.origin === undefined) return;")]
    public void A_comparison_the_sender_decides_or_that_tests_only_presence_checks_nothing(string check)
        => Reports(Listener(check + "\n    output.innerHTML = e.data;"), NoCheck);

    [Fact]
    public void A_helper_that_checks_weakly_and_a_caller_that_checks_nothing_report_the_weak_check()
        => Reports("""
            window.addEventListener("message", ([|e|]) => handle(e));
            function handle(ev) { if (ev.origin.indexOf("contoso.com") > -1) document.body.innerHTML = ev.data; }
            """, "'ev.origin.indexOf(\"contoso.com\")' also accepts https://contoso.com.evil.net");

    // ------------------------------------------------------------------ Razor in the script

    /// <summary>A Razor page's script as the reader hands it over: Razor expressions replaced by underscores of their length.</summary>
    private static string[] FindInRazor(string written)
    {
        var parsed = System.Text.RegularExpressions.Regex.Replace(written, @"@Model\.\w+", m => new string('_', m.Length));
        var program = new Parser(new ParserOptions { Tolerant = true }).ParseScript(parsed);
        return MessageListeners.Find(program, inPage: true, s_patterns, n => written.Substring(n.Start, n.End - n.Start), CancellationToken.None)
            .Select(f => $"{f.Start}-{f.End}: {f.Reason}").ToArray();
    }

    [Fact]
    public void A_check_against_text_the_server_renders_is_quoted_as_written_and_judged_as_unknown_text()
    {
        const string Markup = """
            window.addEventListener("message", ([|e|]) => {
                if (e.origin
                      .endsWith("@Model.Domain")) { document.body.innerHTML = e.data; }
            });
            """;
        Assert.Equal(
            Marked(Markup, "'e.origin .endsWith(\"@Model.Domain\")' also accepts any origin that only ends with the compared text, such as a look-alike domain an attacker registers"),
            FindInRazor(Unmark(Markup)));
    }

    [Fact]
    public void An_exact_check_against_an_origin_the_server_renders_is_silent()
        => Assert.Empty(FindInRazor("""
            window.addEventListener("message", (e) => {
                if (e.origin !== "@Model.Origin") return;
                document.body.innerHTML = e.data;
            });
            """));

    // ------------------------------------------------------------------ odd scripts never throw

    [Theory]
    [InlineData("")]
    [InlineData("window.addEventListener(\"message\");")]
    [InlineData("window.addEventListener(\"message\", undefined);")]
    [InlineData("window.addEventListener(\"message\", 42);")]
    [InlineData("window.addEventListener(\"message\", () => {});")]
    [InlineData("window.addEventListener(\"message\", function () { document.title = arguments[0].data; });")]
    [InlineData("window.onmessage = h; var h = h;")]
    [InlineData("window.addEventListener('message', (e) => f(e)); function f(e) { f(e); g(e); } function g(e) { if (e.origin !== 'https://a.com') return; f(e); document.title = e.data; }")]
    [InlineData("const a = a; window.addEventListener('message', (e) => { if (a.includes(e.origin)) document.title = e.data; });")]
    [InlineData("window.addEventListener('message', (e) => { switch (e.origin) {} });")]
    [InlineData("window.addEventListener('message', (e) => { if (e.origin.indexOf()) document.title = e.data; });")]
    [InlineData("window.addEventListener('message', ({ data: [first, ...rest] = [] }) => { if (first === 'https://a.com') return; });")]
    public void Odd_scripts_are_read_without_throwing(string script)
    {
        var program = new Parser(new ParserOptions { Tolerant = true }).ParseScript(script);
        _ = MessageListeners.Find(program, CancellationToken.None);
    }

    [Fact]
    public void Every_prefix_of_a_script_that_still_parses_is_read_without_throwing()
    {
        const string Script = """
            const ALLOWED = new Set(["https://a.contoso.com", "null"]);
            class Widget {
                start() { window.addEventListener("message", this.onMessage.bind(this)); $(window).on("message", (j) => this.onJ(j)); }
                onMessage({ data: { type, ...rest } = {}, origin, source }) {
                    switch (origin) { case "https://a.contoso.com": this.render(type, rest); break; default: if (source === window.parent) return; }
                }
                onJ(j) { const ev = j.originalEvent || j; if (!/^https:\/\/a\.b$/.test(ev.origin)) throw new Error(); this.render(ev.data); }
                render = (t) => { document.body.innerHTML = `${t}`; };
            }
            Widget.prototype.extra = function (e) { return e.origin.indexOf("x") === 0 ? e.data : null; };
            window.onmessage = async function (e) { if (!(await check(e.origin))) return; new Widget().extra(e); };
            async function check(o) { return ALLOWED.has(o) && o.endsWith(".contoso.com"); }
            """;
        var parser = new Parser(new ParserOptions { Tolerant = true });
        var read = 0;
        for (var cut = 0; cut <= Script.Length; cut += 3)
        {
            Acornima.Ast.Program program;
            try
            {
                program = parser.ParseScript(Script.Substring(0, cut));
            }
            catch (ParseErrorException)
            {
                continue;
            }

            _ = MessageListeners.Find(program, inPage: true, s_patterns, n => Script.Substring(n.Start, Math.Min(n.End, cut) - n.Start), CancellationToken.None);
            read++;
        }

        Assert.True(read > 20, $"only {read} prefixes parsed");
    }

    [Fact]
    public void A_deep_expression_in_a_handler_does_not_exhaust_the_stack()
    {
        var deep = string.Join(" + ", Enumerable.Repeat("e.data", 20000));
        var findings = Find($"window.addEventListener('message', (e) => {{ document.title = {deep}; }});");
        Assert.Single(findings);
    }

    [Fact]
    public void A_script_without_the_word_message_is_passed_over()
    {
        Assert.False(MessageListeners.MayHaveListeners("window.addEventListener('click', f);"));
        Assert.True(MessageListeners.MayHaveListeners("window.onmessage = f;"));
        Assert.Empty(Find("window.addEventListener('click', (e) => { document.title = e.data; });"));
        Assert.Empty(Find("window.addEventListener('error', (e) => { alert('Invalid message: ' + e.data); });"));
    }
}
