using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class LongPreflightCacheTests
{
    internal static string Msg(string code, string seconds)
        => $"'{code}' asks browsers to cache the preflight for {seconds} seconds, but Firefox keeps it at most 86400 and Chromium 7200: the value is cut silently, and a cached preflight goes on allowing what a changed policy refuses until it expires";

    private static ProjectBuilder Build(string body) => ProjectBuilder.Create()
        .WithAnalyzer<LongPreflightCacheRule>()
        .WithSource("using Microsoft.AspNetCore.Cors.Infrastructure;\nusing Microsoft.Net.Http.Headers;\n\nclass C\n{\n" + body + "\n}\n");

    // ---------------------------------------------------------------- policies

    [Fact]
    public Task Reports_each_TimeSpan_shape_above_a_day()
        => Build("""
                const int MaxAgeSeconds = 604800;

                void M(IServiceCollection services)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("a", p => p.WithOrigins("https://a.example").SetPreflightMaxAge([|TimeSpan.FromDays(7)|]));
                        o.AddPolicy("b", p => p.SetPreflightMaxAge([|TimeSpan.FromHours(25)|]));
                        o.AddPolicy("c", p => p.SetPreflightMaxAge([|TimeSpan.FromSeconds(MaxAgeSeconds)|]));
                        o.AddPolicy("d", p => p.SetPreflightMaxAge([|new TimeSpan(2, 0, 0, 0)|]));
                        o.AddPolicy("e", p => p.SetPreflightMaxAge([|TimeSpan.FromMinutes(1441)|]));
                        o.AddPolicy("f", p => p.SetPreflightMaxAge([|System.TimeSpan.FromDays(1, 1)|]));
                        o.AddPolicy("g", p => p.SetPreflightMaxAge([|TimeSpan.FromMilliseconds(86_400_001)|]));
                    });
                }
            """).ShouldReportMessages(
                Msg("TimeSpan.FromDays(7)", "604800"),
                Msg("TimeSpan.FromHours(25)", "90000"),
                Msg("TimeSpan.FromSeconds(MaxAgeSeconds)", "604800"),
                Msg("new TimeSpan(2, 0, 0, 0)", "172800"),
                Msg("TimeSpan.FromMinutes(1441)", "86460"),
                Msg("System.TimeSpan.FromDays(1, 1)", "90000"),
                Msg("TimeSpan.FromMilliseconds(86_400_001)", "86400.001"))
            .ValidateAsync();

    [Fact]
    public Task A_day_or_less_and_values_not_known_at_compile_time_are_fine()
        => Build("""
                void M(IServiceCollection services, IConfiguration configuration, int days)
                {
                    services.AddCors(o =>
                    {
                        o.AddPolicy("a", p => p.SetPreflightMaxAge(TimeSpan.FromDays(1)));
                        o.AddPolicy("b", p => p.SetPreflightMaxAge(TimeSpan.FromHours(24)));
                        o.AddPolicy("c", p => p.SetPreflightMaxAge(TimeSpan.FromSeconds(86400)));
                        o.AddPolicy("d", p => p.SetPreflightMaxAge(TimeSpan.FromHours(2)));
                        o.AddPolicy("e", p => p.SetPreflightMaxAge(new TimeSpan(7200L * TimeSpan.TicksPerSecond)));
                        o.AddPolicy("f", p => p.SetPreflightMaxAge(TimeSpan.FromDays(days)));
                        o.AddPolicy("g", p => p.SetPreflightMaxAge(configuration.GetValue<TimeSpan>("Cors:MaxAge")));
                    });
                }
            """).ValidateAsync();

    [Fact]
    public Task Reports_a_hand_made_CorsPolicy()
        => Build("""
                CorsPolicy Make()
                {
                    var policy = new CorsPolicy { PreflightMaxAge = [|TimeSpan.FromDays(30)|] };
                    policy.PreflightMaxAge = [|new TimeSpan(720, 0, 0)|];
                    return policy;
                }
            """).ShouldReportMessages(Msg("TimeSpan.FromDays(30)", "2592000"), Msg("new TimeSpan(720, 0, 0)", "2592000"))
            .ValidateAsync();

    [Fact]
    public Task A_hand_made_CorsPolicy_within_the_cap_is_fine()
        => Build("""
                CorsPolicy Make()
                {
                    var policy = new CorsPolicy { PreflightMaxAge = TimeSpan.FromHours(2) };
                    policy.PreflightMaxAge = null;
                    policy.PreflightMaxAge = new TimeSpan(24, 0, 0);
                    return policy;
                }
            """).ValidateAsync();

    [Fact]
    public Task Another_type_with_a_PreflightMaxAge_is_not_a_policy()
        => Build("""
                class Settings { public TimeSpan PreflightMaxAge { get; set; } }

                void M(Settings settings) => settings.PreflightMaxAge = TimeSpan.FromDays(30);
            """).ValidateAsync();

    // ---------------------------------------------------------------- hand-written headers

    [Fact]
    public Task Reports_a_hand_written_header_in_every_header_API()
        => Build("""
                const string Week = "604800";

                void M(HttpContext context, bool longer)
                {
                    context.Response.Headers["Access-Control-Max-Age"] = [|"604800"|];
                    context.Response.Headers.AccessControlMaxAge = [|" 86401 "|];
                    context.Response.Headers.Append(HeaderNames.AccessControlMaxAge, longer ? [|"1209600"|] : "600");
                    context.Response.Headers["access-control-max-age"] = [|Week|];
                }

                void L(System.Net.HttpListenerResponse response) => response.AddHeader("Access-Control-Max-Age", [|"31536000"|]);
            """).ShouldReportMessages(
                Msg("\"604800\"", "604800"),
                Msg("\" 86401 \"", "86401"),
                Msg("\"1209600\"", "1209600"),
                Msg("Week", "604800"),
                Msg("\"31536000\"", "31536000"))
            .ValidateAsync();

    [Fact]
    public Task A_hand_written_header_within_the_cap_or_not_a_number_is_fine()
        => Build("""
                void M(HttpContext context, int seconds)
                {
                    context.Response.Headers["Access-Control-Max-Age"] = "86400";
                    context.Response.Headers.AccessControlMaxAge = "7200";
                    context.Response.Headers.Append(HeaderNames.AccessControlMaxAge, seconds.ToString());
                    context.Response.Headers["Access-Control-Max-Age"] = "-1";
                    context.Response.Headers["Access-Control-Max-Age"] = "1e9";
                    context.Response.Headers["X-Max-Age"] = "604800";
                }
            """).ValidateAsync();

    // ---------------------------------------------------------------- System.Web.Cors (Web API, OWIN)

    private const string SystemWebCors = """
        namespace System.Web.Cors
        {
            public class CorsPolicy { public long? PreflightMaxAge { get; set; } }
        }

        """;

    [Fact]
    public Task Reports_a_System_Web_Cors_policy_in_seconds()
        => ProjectBuilder.Create().WithAnalyzer<LongPreflightCacheRule>().WithoutAspNetCore()
            .WithSource(SystemWebCors + """
                class Provider
                {
                    System.Web.Cors.CorsPolicy Make() => new System.Web.Cors.CorsPolicy { PreflightMaxAge = [|604800|] };
                    System.Web.Cors.CorsPolicy Fine() => new System.Web.Cors.CorsPolicy { PreflightMaxAge = 86400 };
                }
                """)
            .ShouldReportMessages(Msg("604800", "604800"))
            .ValidateAsync();

    // ---------------------------------------------------------------- web.config

    private static ProjectBuilder WebConfig(string value) => ProjectBuilder.Create()
        .WithAnalyzer<LongPreflightCacheRule>()
        .WithoutAspNetCore()
        .WithSource("class C { }")
        .WithAdditionalFile("web.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <system.webServer>
                <httpProtocol>
                  <customHeaders>
                    <add name="Access-Control-Allow-Origin" value="https://app.example" />
                    <add name="Access-Control-Max-Age" value="{value}" />
                  </customHeaders>
                </httpProtocol>
              </system.webServer>
            </configuration>
            """);

    [Fact]
    public Task Reports_a_web_config_custom_header_at_its_value()
        => WebConfig("[|604800|]")
            .ShouldReportMessages(Msg("Access-Control-Max-Age = \"604800\" in web.config", "604800"))
            .ValidateAsync();

    [Theory]
    [InlineData("86400")]
    [InlineData("7200")]
    [InlineData("a week")]
    public Task A_web_config_custom_header_within_the_cap_or_not_a_number_is_fine(string value)
        => WebConfig(value).ValidateAsync();

    // ---------------------------------------------------------------- half-typed code

    [Theory]
    [InlineData("p.SetPreflightMaxAge(TimeSpan.FromDays(")]
    [InlineData("p.SetPreflightMaxAge(TimeSpan.FromDays(7, )")]
    [InlineData("p.SetPreflightMaxAge()")]
    [InlineData("p.SetPreflightMaxAge(TimeSpan.FromYears(7))")]
    [InlineData("p.SetPreflightMaxAge(new TimeSpan(")]
    public Task Half_typed_code_never_throws_and_is_not_reported(string call)
        => ProjectBuilder.Create().WithAnalyzer<LongPreflightCacheRule>().AllowCompilerErrors()
            .WithSource($$"""
                using Microsoft.AspNetCore.Cors.Infrastructure;

                class C
                {
                    void M(CorsPolicyBuilder p)
                    {
                        {{call}};
                    }
                }
                """)
            .ValidateAsync();
}
