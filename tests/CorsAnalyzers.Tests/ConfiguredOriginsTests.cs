using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

/// <summary>
/// CORS as configured: origins read from appsettings*.json by code (CORS002, CORS004), and IIS custom headers in
/// web.config. Diagnostics sit at the JSON or XML value; the code that reads it is the additional location.
/// </summary>
public sealed class ConfiguredOriginsTests
{
    private static string NullMessage(string code)
        => $"'{code}' allows the 'null' origin, which any page can send from a sandboxed iframe, a data: URL or a file";

    private const string EveryOrigin = "so every site can send credentialed requests and read the responses";

    private static string AnyMessage(string anyOrigin, string credentials, string consequence = EveryOrigin)
        => $"'{anyOrigin}' allows any origin while '{credentials}' allows credentials, {consequence}";

    /// <summary>ASP.NET Core refuses a policy whose origins are exactly ["*"] with credentials: CorsPolicyBuilder.Build() throws.</summary>
    private static string AtStartUp(string method) => $"which ASP.NET Core refuses: Build() throws InvalidOperationException at start-up, when '{method}' builds the policy";

    /// <summary>A minimal-hosting Program.cs whose CORS setup is <paramref name="cors"/> (inside <c>AddCors(o =&gt; ...)</c> on <c>builder</c>).</summary>
    private static string Program(string cors) => """
        using Microsoft.AspNetCore.Cors.Infrastructure;

        var builder = WebApplication.CreateBuilder(args);
        """ + "\n" + cors + "\n" + """
        var app = builder.Build();
        app.UseCors();
        app.Run();

        class CorsSettings
        {
            public string[] AllowedOrigins { get; set; } = [];
            public string? Origin { get; set; }
        }
        """;

    private static ProjectBuilder Null(string cors) => ProjectBuilder.Create().WithAnalyzer<NullOriginRule>().WithSource(Program(cors), "/0/Program.cs");

    private static ProjectBuilder Any(string cors) => ProjectBuilder.Create().WithAnalyzer<AnyOriginWithCredentialsRule>().WithSource(Program(cors), "/0/Program.cs");

    // ---------------------------------------------------------------- CORS004: GetSection(..).Get<T>()

    [Fact]
    public Task Null_in_a_configured_array_read_with_Get_string_array()
        => Null("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins({|+n:builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()|}!)));
                """)
            .WithAdditionalFile("appsettings.json", """
                {
                  "Cors": { "AllowedOrigins": [ "https://app.example", {|CORS004#n:"null"|} ] }
                }
                """)
            .ShouldReportMessages(NullMessage("Cors:AllowedOrigins:1 = \"null\" in appsettings.json"))
            .ValidateAsync();

    [Fact]
    public Task Null_in_a_configured_array_that_the_policys_own_predicate_replaces_is_fine()
        => Null("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p
                    .WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()!)
                    .SetIsOriginAllowed(origin => origin == "https://app.example")));
                """)
            .WithAdditionalFile("appsettings.json", """
                {
                  "Cors": { "AllowedOrigins": [ "https://app.example", "null" ] }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Exact_configured_origins_are_fine()
        => Null("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()!)));
                """)
            .WithAdditionalFile("appsettings.json", """
                {
                  "Cors": { "AllowedOrigins": [ "https://app.example", "https://null.example" ] }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Null_in_an_environment_file_counts_and_a_List_and_nested_GetSection_read_it()
        => Null("""
                var origins = builder.Configuration.GetSection("Cors").GetSection("AllowedOrigins");
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins({|+n:origins.Get<List<string>>()|}!.ToArray())));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ "https://app.example" ] } }
                """)
            .WithAdditionalFile("appsettings.Development.json", """
                { "Cors": { "AllowedOrigins": [ "http://localhost:5173", {|CORS004#n:"null"|} ] } }
                """)
            .ShouldReportMessages(NullMessage("Cors:AllowedOrigins:1 = \"null\" in appsettings.Development.json"))
            .ValidateAsync();

    [Fact]
    public Task Null_under_a_key_no_CORS_code_reads_is_fine()
        => Null("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()!)));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ "https://app.example" ] }, "Sandbox": { "Origins": [ "null" ] } }
                """)
            .WithAdditionalFile("appsettings.Development.json", """
                { "Sandbox": { "Origins": [ "null" ] }, "AllowedHosts": "*" }
                """)
            .ValidateAsync();

    [Fact]
    public Task Json_as_configuration_reads_it_comments_trailing_commas_and_keys_in_any_case()
        => Null("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins({|+n:builder.Configuration.GetSection("CORS:allowedOrigins").Get<string[]>()|}!)));
                """)
            .WithAdditionalFile("appsettings.json", """
                {
                  // the front ends
                  "cors": {
                    "AllowedOrigins": [
                      "https://app.example", /* sandboxed preview */ {|CORS004#n:"null"|},
                    ],
                  },
                }
                """)
            .ShouldReportMessages(NullMessage("cors:AllowedOrigins:1 = \"null\" in appsettings.json"))
            .ValidateAsync();

    [Fact]
    public Task Options_class_bound_with_Get_T_property()
        => Null("""
                var settings = builder.Configuration.GetSection("Cors").Get<CorsSettings>();
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins({|+n:settings!.AllowedOrigins|})));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ {|CORS004#n:"null"|} ] } }
                """)
            .ShouldReportMessages(NullMessage("Cors:AllowedOrigins:0 = \"null\" in appsettings.json"))
            .ValidateAsync();

    [Fact]
    public Task Options_class_property_of_another_section_is_fine()
        => Null("""
                var settings = builder.Configuration.GetSection("Cors").Get<CorsSettings>();
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(settings!.AllowedOrigins)));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ "https://app.example" ] }, "Legacy": { "AllowedOrigins": [ "null" ] } }
                """)
            .ValidateAsync();

    [Fact]
    public Task Options_class_filled_with_Bind()
        => Null("""
                var settings = new CorsSettings();
                builder.Configuration.GetSection("Cors").Bind(settings);
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins({|+n:settings.AllowedOrigins|})));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ "https://app.example", {|CORS004#n:"null"|} ] } }
                """)
            .ShouldReportMessages(NullMessage("Cors:AllowedOrigins:1 = \"null\" in appsettings.json"))
            .ValidateAsync();

    [Fact]
    public Task List_filled_with_Bind_of_another_section_is_fine()
        => Null("""
                var origins = new List<string>();
                builder.Configuration.GetSection("Cors:AllowedOrigins").Bind(origins);
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(origins.ToArray())));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ "https://app.example" ], "Sandboxes": [ "null" ] } }
                """)
            .ValidateAsync();

    [Fact]
    public Task List_filled_with_Bind()
        => Null("""
                var origins = new List<string>();
                builder.Configuration.GetSection("Cors:AllowedOrigins").Bind(origins);
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins({|+n:origins|}.ToArray())));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ {|CORS004#n:"null"|} ] } }
                """)
            .ShouldReportMessages(NullMessage("Cors:AllowedOrigins:0 = \"null\" in appsettings.json"))
            .ValidateAsync();

    private static ProjectBuilder OptionsClass(string registration, string json, bool reported = true) => ProjectBuilder.Create()
        .WithAnalyzer<NullOriginRule>()
        .WithSource("""
            using Microsoft.AspNetCore.Cors.Infrastructure;
            using Microsoft.Extensions.Options;

            var builder = WebApplication.CreateBuilder(args);
            """ + "\n" + registration + "\n" + """
            builder.Services.AddCors();
            builder.Services.AddSingleton<IConfigureOptions<CorsOptions>, ConfigureCors>();
            builder.Build().Run();
            """, "/0/Program.cs")
        .WithSource("""
            using Microsoft.AspNetCore.Cors.Infrastructure;
            using Microsoft.Extensions.Options;

            class CorsSettings
            {
                public string[] AllowedOrigins { get; set; } = [];
            }

            sealed class ConfigureCors(IOptions<CorsSettings> settings) : IConfigureOptions<CorsOptions>
            {
                public void Configure(CorsOptions options)
                    => options.AddDefaultPolicy(p => p.WithOrigins(READ));
            }
            """.Replace("READ", reported ? "{|+n:settings.Value.AllowedOrigins|}" : "settings.Value.AllowedOrigins"), "/0/ConfigureCors.cs")
        .WithAdditionalFile("appsettings.json", json);

    [Fact]
    public Task Options_class_read_through_IOptions_in_an_IConfigureOptions_of_CorsOptions()
        => OptionsClass(
                """builder.Services.Configure<CorsSettings>(builder.Configuration.GetSection("Cors"));""",
                """{ "Cors": { "AllowedOrigins": [ {|CORS004#n:"null"|} ] } }""")
            .ShouldReportMessages(NullMessage("Cors:AllowedOrigins:0 = \"null\" in appsettings.json"))
            .ValidateAsync();

    [Fact]
    public Task Options_class_bound_with_AddOptions_BindConfiguration()
        => OptionsClass(
                """builder.Services.AddOptions<CorsSettings>().BindConfiguration("Cors").ValidateOnStart();""",
                """{ "Cors": { "AllowedOrigins": [ "https://app.example", {|CORS004#n:"null"|} ] } }""")
            .ShouldReportMessages(NullMessage("Cors:AllowedOrigins:1 = \"null\" in appsettings.json"))
            .ValidateAsync();

    [Fact]
    public Task Options_class_bound_to_another_section_is_fine()
        => OptionsClass(
                """builder.Services.AddOptions<CorsSettings>().Bind(builder.Configuration.GetSection("Cors").GetSection("Public"));""",
                """{ "Cors": { "AllowedOrigins": [ "null" ], "Public": { "AllowedOrigins": [ "https://app.example" ] } } }""",
                reported: false)
            .ValidateAsync();

    [Fact]
    public Task Options_class_bound_to_a_section_held_in_a_variable_is_not_read_as_the_root()
        => OptionsClass(
                """
                var cors = builder.Configuration.GetSection("Cors");
                builder.Services.Configure<CorsSettings>(cors);
                """,
                """{ "AllowedOrigins": [ "null" ], "Cors": { "AllowedOrigins": [ "https://app.example" ] } }""",
                reported: false)
            .ValidateAsync();

    // ---------------------------------------------------------------- CORS004: one string, split

    [Fact]
    public Task Null_part_of_a_comma_separated_value_split_with_TrimEntries()
        => Null("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins({|+n:builder.Configuration["Cors:Origins"]|}!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "Origins": "https://app.example, {|CORS004#n:null|}" } }
                """)
            .ShouldReportMessages(NullMessage("Cors:Origins = \"null\" in appsettings.json"))
            .ValidateAsync();

    [Fact]
    public Task Null_part_after_Select_Trim_of_GetValue_split_on_semicolons()
        => Null("""
                var origins = {|+n:builder.Configuration.GetValue<string>("Cors:Origins")|}?.Split(';').Select(o => o.Trim()).ToArray();
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(origins ?? [])));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "Origins": "https://app.example;{|CORS004#n: null|}" } }
                """)
            .ShouldReportMessages(NullMessage("Cors:Origins = \" null\" in appsettings.json"))
            .ValidateAsync();

    [Fact]
    public Task Null_part_not_trimmed_never_matches_so_CORS004_is_silent()
        => Null("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(builder.Configuration["Cors:Origins"]!.Split(','))));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "Origins": "https://app.example, null" } }
                """)
            .ValidateAsync();

    // ---------------------------------------------------------------- CORS004: predicates, broken files

    [Fact]
    public Task Null_in_the_configured_list_a_predicate_looks_the_origin_up_in()
        => Null("""
                var allowed = {|+n:builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()|} ?? [];
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.SetIsOriginAllowed(origin => allowed.Contains(origin))));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ {|CORS004#n:"null"|}, "https://app.example" ] } }
                """)
            .ShouldReportMessages(NullMessage("Cors:AllowedOrigins:0 = \"null\" in appsettings.json"))
            .ValidateAsync();

    [Fact]
    public Task Predicate_that_looks_up_another_list_is_fine()
        => Null("""
                var allowed = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
                var blocked = builder.Configuration.GetSection("Cors:Blocked").Get<string[]>() ?? [];
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.SetIsOriginAllowed(origin => allowed.Contains(origin) && !blocked.Contains(origin))));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ "https://app.example" ], "Blocked": [ "null" ] } }
                """)
            .ValidateAsync();

    [Fact]
    public Task Half_typed_file_gives_the_values_before_the_break()
        => Null("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins({|+n:builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()|}!)));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ {|CORS004#n:"null"|}, "https://app.exa
                """)
            .ShouldReportMessages(NullMessage("Cors:AllowedOrigins:0 = \"null\" in appsettings.json"))
            .ValidateAsync();

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{ \"Cors\": { \"AllowedOrigins\": [ \"nu")]
    [InlineData("{ \"Cors\": { \"AllowedOrigins\": \"null\"")]
    [InlineData("[ \"null\" ]")]
    [InlineData("{ \"Cors\" \"AllowedOrigins\": [ \"null\" ] }")]
    [InlineData("{ \"Cors\": { \"AllowedOrigins\": [ \"\\u12\" ] } }")]
    [InlineData("{ /* unclosed comment")]
    [InlineData("{ \"a\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ }")]
    public Task Broken_files_before_any_null_entry_never_throw_and_report_nothing(string json)
        => Null("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()!)));
                """)
            .WithAdditionalFile("appsettings.json", json)
            .ValidateAsync();

    // ---------------------------------------------------------------- CORS002

    [Fact]
    public Task Star_in_a_configured_list_of_a_policy_with_credentials()
        => Any("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.{|+s:WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()!)|}.{|+s:AllowCredentials()|}));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ {|CORS002#s:"*"|} ] } }
                """)
            .ShouldReportMessages(AnyMessage("Cors:AllowedOrigins:0 = \"*\" in appsettings.json", "AllowCredentials()", AtStartUp("AddDefaultPolicy")))
            .ValidateAsync();

    [Fact]
    public Task Star_in_a_configured_list_without_credentials_is_fine()
        => Any("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()!).DisallowCredentials()));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ "*" ] }, "AllowedHosts": "*" }
                """)
            .ValidateAsync();

    [Fact]
    public Task Star_beside_other_configured_entries_is_not_any_origin()
        => Any("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()!).AllowCredentials()));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ "*", "https://app.example" ] } }
                """)
            .ValidateAsync();

    [Fact]
    public Task Star_only_in_the_development_file_overrides_the_base_list_by_index()
        => Any("""
                var origin = builder.Configuration["Cors:Origin"];
                builder.Services.AddCors(o => o.AddPolicy("spa", p => p.{|+s:WithOrigins(origin!)|}.AllowAnyHeader().{|+s:AllowCredentials()|}));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "Origin": "https://app.example" } }
                """)
            .WithAdditionalFile("appsettings.Development.json", """
                { "Cors": { "Origin": {|CORS002#s:"*"|} } }
                """)
            .ShouldReportMessages(AnyMessage("Cors:Origin = \"*\" in appsettings.Development.json", "AllowCredentials()", AtStartUp("AddPolicy")))
            .ValidateAsync();

    [Fact]
    public Task Development_list_that_overrides_only_the_first_entry_keeps_the_second()
        => Any("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()!).AllowCredentials()));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ "https://app.example", "https://admin.example" ] } }
                """)
            .WithAdditionalFile("appsettings.Development.json", """
                { "Cors": { "AllowedOrigins": [ "*" ] } }
                """)
            .ValidateAsync();

    [Fact]
    public Task AllowedHosts_star_is_host_filtering_not_CORS()
        => Any("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(builder.Configuration["Cors:Origin"]!).AllowCredentials()));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "AllowedHosts": "*", "Cors": { "Origin": "https://app.example" } }
                """)
            .ValidateAsync();

    // ---------------------------------------------------------------- CORS003

    private static ProjectBuilder Wildcards(string cors) => ProjectBuilder.Create().WithAnalyzer<OriginSubstringMatchRule>().WithSource(Program(cors), "/0/Program.cs");

    [Fact]
    public Task Shared_hosting_wildcard_entry_under_wildcard_subdomains()
        => Wildcards("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins({|+w:builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()|}!).SetIsOriginAllowedToAllowWildcardSubdomains()));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ "https://*.contoso.com", {|CORS003#w:"https://*.vercel.app"|} ] } }
                """)
            .ShouldReportMessages("'Cors:AllowedOrigins:1 = \"https://*.vercel.app\" in appsettings.json' also accepts https://attacker.vercel.app")
            .ValidateAsync();

    [Fact]
    public Task Wildcard_entries_of_a_policy_whose_later_predicate_replaces_the_subdomain_check_are_fine()
        => Wildcards("""
                string[] trusted = ["https://app.example"];
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()!)
                    .SetIsOriginAllowedToAllowWildcardSubdomains()
                    .SetIsOriginAllowed(trusted.Contains)));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ "https://*.vercel.app" ] } }
                """)
            .ValidateAsync();

    [Fact]
    public Task Own_domain_wildcard_entry_is_fine()
        => Wildcards("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()!).SetIsOriginAllowedToAllowWildcardSubdomains()));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ "https://*.contoso.com" ] } }
                """)
            .ValidateAsync();

    [Fact]
    public Task Configured_suffixes_in_a_substring_check_are_reported_at_the_code_naming_the_value()
        => Wildcards("""
                var suffixes = builder.Configuration.GetSection("Cors:PartnerSuffixes").Get<string[]>() ?? [];
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.SetIsOriginAllowed(origin => suffixes.Any(s => [|origin.EndsWith(s)|]))));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "PartnerSuffixes": [ "contoso.com" ] } }
                """)
            .ShouldReportMessages("'origin.EndsWith(s)' also accepts https://evilcontoso.com (Cors:PartnerSuffixes:0 = \"contoso.com\" in appsettings.json)")
            .WithCodeFixProvider<CorsAnalyzers.CodeFixes.Rules.OriginSubstringMatchFixer>()
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Configured_dotted_suffixes_of_own_domains_are_fine()
        => Wildcards("""
                var suffixes = builder.Configuration.GetSection("Cors:PartnerSuffixes").Get<string[]>() ?? [];
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.SetIsOriginAllowed(origin => suffixes.Any(s => origin.EndsWith(s)))));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "PartnerSuffixes": [ ".contoso.com", ".fabrikam.com" ] } }
                """)
            .ValidateAsync();

    [Fact]
    public Task Configured_prefix_read_with_the_indexer()
        => Wildcards("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.SetIsOriginAllowed(origin => [|origin.StartsWith(builder.Configuration["Cors:Portal"]!)|])));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "Portal": "https://portal.contoso.com" } }
                """)
            .ShouldReportMessages("'origin.StartsWith(builder.Configuration[\"Cors:Portal\"]!)' also accepts https://portal.contoso.com.evil.net (Cors:Portal = \"https://portal.contoso.com\" in appsettings.json)")
            .ValidateAsync();

    // ---------------------------------------------------------------- web.config

    private const string WebConfigHead = """
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <system.webServer>
            <httpProtocol>
              <customHeaders>
        """;

    private const string WebConfigTail = """

              </customHeaders>
            </httpProtocol>
          </system.webServer>
        </configuration>
        """;

    private static ProjectBuilder WebConfig(string headers) => ProjectBuilder.Create()
        .WithAnalyzer<AnyOriginWithCredentialsRule>()
        .WithAnalyzer<NullOriginRule>()
        .WithoutAspNetCore()
        .WithSource("class C { }")
        .WithAdditionalFile("web.config", WebConfigHead + "\n" + headers + WebConfigTail);

    [Fact]
    public Task WebConfig_any_origin_with_credentials()
        => WebConfig("""
                    <add name="Access-Control-Allow-Origin" value="{|CORS002#c:*|}" />
                    <add name="Access-Control-Allow-Credentials" value="{|+c:true|}" />
            """)
            .ShouldReportMessages(AnyMessage("Access-Control-Allow-Origin = \"*\" in web.config", "Access-Control-Allow-Credentials = \"true\" in web.config"))
            .ValidateAsync();

    [Fact]
    public Task WebConfig_any_origin_with_credentials_removed_afterwards_is_not_sent()
        => WebConfig("""
                    <add name="Access-Control-Allow-Origin" value="*" />
                    <add name="Access-Control-Allow-Credentials" value="true" />
                    <remove name="access-control-allow-origin" />
            """)
            .ValidateAsync();

    [Fact]
    public Task WebConfig_any_origin_with_credentials_added_after_a_remove_is_sent()
        => WebConfig("""
                    <remove name="Access-Control-Allow-Origin" />
                    <add name="Access-Control-Allow-Origin" value="{|CORS002#c:*|}" />
                    <add name="Access-Control-Allow-Credentials" value="{|+c:true|}" />
            """)
            .ShouldReportMessages(AnyMessage("Access-Control-Allow-Origin = \"*\" in web.config", "Access-Control-Allow-Credentials = \"true\" in web.config"))
            .ValidateAsync();

    [Fact]
    public Task WebConfig_any_origin_without_credentials_is_fine()
        => WebConfig("""
                    <add name="Access-Control-Allow-Origin" value="*" />
                    <!-- <add name="Access-Control-Allow-Credentials" value="true" /> -->
                    <add name="Access-Control-Allow-Credentials" value="false" />
            """)
            .ValidateAsync();

    [Fact]
    public Task WebConfig_null_origin()
        => WebConfig("""
                    <add name="access-control-allow-origin" value='{|CORS004:null|}' />
            """)
            .ShouldReportMessages(NullMessage("access-control-allow-origin = \"null\" in web.config"))
            .ValidateAsync();

    [Fact]
    public Task WebConfig_exact_origin_is_fine_and_other_headers_are_not_read()
        => WebConfig("""
                    <add name="Access-Control-Allow-Origin" value="https://app.example" />
                    <add name="X-Debug" value="null" />
            """)
            .ValidateAsync();

    [Theory]
    [InlineData("<configuration><system.webServer><httpProtocol><customHeaders><add name=\"Access-Control-Allow-Origin\" value=\"nu")]
    [InlineData("<configuration><customHeaders><add name=")]
    [InlineData("<customHeaders/><add name=\"Access-Control-Allow-Origin\" value=\"null\" />")]
    [InlineData("")]
    public Task WebConfig_broken_files_never_throw(string xml)
        => ProjectBuilder.Create()
            .WithAnalyzer<AnyOriginWithCredentialsRule>()
            .WithAnalyzer<NullOriginRule>()
            .WithoutAspNetCore()
            .WithSource("class C { }")
            .WithAdditionalFile("web.config", xml)
            .ValidateAsync();

    // ---------------------------------------------------------------- suppression

    [Fact]
    public Task Globalconfig_severity_none_silences_a_finding_in_a_json_file()
        => Null("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()!)));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ "null" ] } }
                """)
            .WithGlobalConfig("dotnet_diagnostic.CORS004.severity = none")
            .ValidateAsync();

    /// <summary>A rule set to none for every C# file of the project does not run at all, so its findings in JSON files go too.</summary>
    [Fact]
    public Task Editorconfig_severity_none_for_every_cs_file_turns_the_rule_off_in_json_files_too()
        => Null("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()!)));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ "null" ] } }
                """)
            .WithOptions("dotnet_diagnostic.CORS004.severity = none")
            .ValidateAsync();

    [Fact]
    public Task Globalconfig_severity_of_another_rule_leaves_it_reported()
        => Null("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins({|+n:builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()|}!)));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ {|CORS004#n:"null"|} ] } }
                """)
            .WithGlobalConfig("dotnet_diagnostic.CORS002.severity = none")
            .ShouldReportMessages(NullMessage("Cors:AllowedOrigins:0 = \"null\" in appsettings.json"))
            .ValidateAsync();

    // ---------------------------------------------------------------- CORS006: configured entries that can never match

    private static ProjectBuilder Unmatchable(string cors) => ProjectBuilder.Create().WithAnalyzer<UnmatchableOriginRule>().WithSource(Program(cors), "/0/Program.cs");

    private static string UnmatchableMessage(string code, string reason) => $"'{code}' never equals a browser's Origin header: {reason}";

    [Fact]
    public Task Configured_entry_with_a_trailing_slash_never_matches()
        => Unmatchable("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins({|+n:builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()|}!)));
                """)
            .WithAdditionalFile("appsettings.json", """
                {
                  "Cors": { "AllowedOrigins": [ "https://app.example", {|CORS006#n:"https://admin.example/"|} ] }
                }
                """)
            .ShouldReportMessages(UnmatchableMessage("Cors:AllowedOrigins:1 = \"https://admin.example/\" in appsettings.json", "an Origin header never ends with '/'; use \"https://admin.example\""))
            .ValidateAsync();

    [Fact]
    public Task Configured_entries_trimmed_by_the_code_or_exact_are_fine()
        => Unmatchable("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(builder.Configuration["Cors:Origins"]!.Split(',', StringSplitOptions.TrimEntries))));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "Origins": "https://app.example, https://admin.example" } }
                """)
            .ValidateAsync();

    private const string StarBesideOthers = "'*' is any origin only as the whole list; beside other entries it is compared as the character '*'";

    [Fact]
    public Task Configured_star_beside_other_entries_never_matches()
        => Unmatchable("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins({|+n:builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()|}!)));
                """)
            .WithAdditionalFile("appsettings.json", """
                {
                  "Cors": { "AllowedOrigins": [ "https://admin.example.com", {|CORS006#n:"*"|} ] }
                }
                """)
            .ShouldReportMessages(UnmatchableMessage("Cors:AllowedOrigins:1 = \"*\" in appsettings.json", StarBesideOthers))
            .ValidateAsync();

    [Fact]
    public Task Configured_lone_star_is_any_origin_not_an_unmatchable_entry()
        => Unmatchable("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()!)));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ "*" ] } }
                """)
            .ValidateAsync();

    [Fact]
    public Task Configured_star_in_a_split_string_beside_another_origin_never_matches()
        => Unmatchable("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins({|+n:builder.Configuration["Cors:Origins"]|}!.Split(',', StringSplitOptions.TrimEntries))));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "Origins": "https://app.example, {|CORS006#n:*|}" } }
                """)
            .ShouldReportMessages(UnmatchableMessage("Cors:Origins = \"*\" in appsettings.json", StarBesideOthers))
            .ValidateAsync();

    [Fact]
    public Task Configured_star_that_overrides_only_the_first_entry_sits_beside_the_base_files_second()
        => Unmatchable("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins({|+n:builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()|}!)));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ "https://app.example", "https://admin.example" ] } }
                """)
            .WithAdditionalFile("appsettings.Development.json", """
                { "Cors": { "AllowedOrigins": [ {|CORS006#n:"*"|} ] } }
                """)
            .ShouldReportMessages(UnmatchableMessage("Cors:AllowedOrigins:0 = \"*\" in appsettings.Development.json", StarBesideOthers))
            .ValidateAsync();

    [Fact]
    public Task Configured_star_beside_others_under_the_policys_own_predicate_is_not_judged()
        => Unmatchable("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p
                    .WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()!)
                    .SetIsOriginAllowed(origin => origin == "https://admin.example.com")));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "AllowedOrigins": [ "https://admin.example.com", "*" ] } }
                """)
            .ValidateAsync();

    // ---------------------------------------------------------------- options classes bound in Program.cs, read in another file

    /// <summary>
    /// Program.cs binds <c>CorsSettings</c> (<paramref name="registration"/>) and registers <c>ConfigureCors</c>, declared
    /// with the settings class in another file (<paramref name="configureCors"/>).
    /// </summary>
    private static ProjectBuilder AcrossFiles<TRule>(string registration, string configureCors, string json) where TRule : new() => ProjectBuilder.Create()
        .WithAnalyzer<TRule>()
        .WithSource("""
            using Microsoft.AspNetCore.Cors.Infrastructure;
            using Microsoft.Extensions.Options;

            var builder = WebApplication.CreateBuilder(args);
            """ + "\n" + registration + "\n" + """
            builder.Services.AddCors();
            builder.Services.AddSingleton<IConfigureOptions<CorsOptions>, ConfigureCors>();
            var app = builder.Build();
            app.UseCors();
            app.Run();
            """, "/0/Program.cs")
        .WithSource("""
            using Microsoft.AspNetCore.Cors.Infrastructure;
            using Microsoft.Extensions.Options;

            public sealed class CorsSettings
            {
                public const string SectionName = "Cors";
                public const string PublicSectionName = "Cors:Public";

                public string[] AllowedOrigins { get; set; } = [];
                public string Origins { get; set; } = "";
            }

            """ + configureCors, "/0/Cors/ConfigureCors.cs")
        .WithAdditionalFile("appsettings.json", json);

    /// <summary>A middleware-style class that keeps the bound value in a field, set in its constructor.</summary>
    private const string ConfigureCorsFromAField = """
        sealed class ConfigureCors : IConfigureOptions<CorsOptions>
        {
            private readonly CorsSettings _settings;

            public ConfigureCors(IOptions<CorsSettings> options) => _settings = options.Value;

            public void Configure(CorsOptions options) => options.AddDefaultPolicy(p => p.WithOrigins(READ));
        }
        """;

    [Fact]
    public Task Options_bound_with_a_const_section_name_and_held_in_a_field_in_another_file()
        => AcrossFiles<NullOriginRule>(
                """builder.Services.Configure<CorsSettings>(builder.Configuration.GetSection(CorsSettings.SectionName));""",
                ConfigureCorsFromAField.Replace("READ", "{|+n:_settings.AllowedOrigins|}"),
                """{ "Cors": { "AllowedOrigins": [ "https://app.example", {|CORS004#n:"null"|} ] } }""")
            .ShouldReportMessages(NullMessage("Cors:AllowedOrigins:1 = \"null\" in appsettings.json"))
            .ValidateAsync();

    [Fact]
    public Task Options_bound_with_a_const_name_of_another_section_are_fine()
        => AcrossFiles<NullOriginRule>(
                """builder.Services.Configure<CorsSettings>(builder.Configuration.GetSection(CorsSettings.PublicSectionName));""",
                ConfigureCorsFromAField.Replace("READ", "_settings.AllowedOrigins"),
                """{ "Cors": { "AllowedOrigins": [ "null" ], "Public": { "AllowedOrigins": [ "https://app.example" ] } } }""")
            .ValidateAsync();

    [Fact]
    public Task Options_bound_with_nameof_read_through_IOptionsMonitor_with_credentials()
        => AcrossFiles<AnyOriginWithCredentialsRule>(
                """builder.Services.AddOptions<CorsSettings>().BindConfiguration(nameof(CorsSettings));""",
                """
                sealed class ConfigureCors(IOptionsMonitor<CorsSettings> monitor) : IConfigureOptions<CorsOptions>
                {
                    public void Configure(CorsOptions options)
                        => options.AddDefaultPolicy(p => p.{|+a:WithOrigins(monitor.CurrentValue.AllowedOrigins)|}.{|+a:AllowCredentials()|});
                }
                """,
                """{ "CorsSettings": { "AllowedOrigins": [ {|CORS002#a:"*"|} ] } }""")
            .ShouldReportMessages(AnyMessage("CorsSettings:AllowedOrigins:0 = \"*\" in appsettings.json", "AllowCredentials()", AtStartUp("AddDefaultPolicy")))
            .ValidateAsync();

    [Fact]
    public Task Options_bound_with_nameof_without_credentials_are_fine()
        => AcrossFiles<AnyOriginWithCredentialsRule>(
                """builder.Services.AddOptions<CorsSettings>().BindConfiguration(nameof(CorsSettings));""",
                """
                sealed class ConfigureCors(IOptionsMonitor<CorsSettings> monitor) : IConfigureOptions<CorsOptions>
                {
                    public void Configure(CorsOptions options) => options.AddDefaultPolicy(p => p.WithOrigins(monitor.CurrentValue.AllowedOrigins));
                }
                """,
                """{ "CorsSettings": { "AllowedOrigins": [ "*" ] } }""")
            .ValidateAsync();

    private const string ConfigureCorsSplitting = """
        sealed class ConfigureCors(IOptions<CorsSettings> settings) : IConfigureOptions<CorsOptions>
        {
            public void Configure(CorsOptions options)
                => options.AddDefaultPolicy(p => p.WithOrigins(READ.Split(';', StringSplitOptions.TrimEntries)));
        }
        """;

    [Fact]
    public Task Semicolon_joined_options_string_with_a_default_port_in_one_entry()
        => AcrossFiles<UnmatchableOriginRule>(
                """builder.Services.Configure<CorsSettings>(builder.Configuration.GetSection("Cors"));""",
                ConfigureCorsSplitting.Replace("READ", "{|+n:settings.Value.Origins|}"),
                """{ "Cors": { "Origins": "https://app.example; {|CORS006#n:https://admin.example:443|}" } }""")
            .ShouldReportMessages(UnmatchableMessage("Cors:Origins = \"https://admin.example:443\" in appsettings.json", "an Origin header leaves out the scheme's default port; use \"https://admin.example\""))
            .ValidateAsync();

    [Fact]
    public Task Semicolon_joined_options_string_of_exact_origins_is_fine()
        => AcrossFiles<UnmatchableOriginRule>(
                """builder.Services.Configure<CorsSettings>(builder.Configuration.GetSection("Cors"));""",
                ConfigureCorsSplitting.Replace("READ", "settings.Value.Origins"),
                """{ "Cors": { "Origins": "https://app.example; https://admin.example:8443" } }""")
            .ValidateAsync();

    [Fact]
    public Task Comma_joined_configured_string_with_a_trailing_slash_in_one_entry()
        => Unmatchable("""
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins({|+n:builder.Configuration["Cors:Origins"]|}!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))));
                """)
            .WithAdditionalFile("appsettings.json", """
                { "Cors": { "Origins": "https://app.example,{|CORS006#n:https://admin.example/|}," } }
                """)
            .ShouldReportMessages(UnmatchableMessage("Cors:Origins = \"https://admin.example/\" in appsettings.json", "an Origin header never ends with '/'; use \"https://admin.example\""))
            .ValidateAsync();

    [Fact]
    public Task Star_as_a_flag_in_the_predicate_of_a_credentialed_policy_in_another_file()
        => AcrossFiles<AnyOriginWithCredentialsRule>(
                """builder.Services.Configure<CorsSettings>(builder.Configuration.GetSection("Cors"));""",
                """
                sealed class ConfigureCors(IOptions<CorsSettings> settings) : IConfigureOptions<CorsOptions>
                {
                    public void Configure(CorsOptions options)
                        => options.AddDefaultPolicy(p => p
                            .{|CORS002#c:SetIsOriginAllowed(origin => settings.Value.AllowedOrigins.Contains("*") || settings.Value.AllowedOrigins.Contains(origin))|}
                            .{|+c:AllowCredentials()|});
                }
                """,
                """{ "Cors": { "AllowedOrigins": [ "*" ] } }""")
            .ShouldReportMessages(AnyMessage("SetIsOriginAllowed(origin => settings.Value.AllowedOrigins.Contains(\"*\") || settings.Value.AllowedOrigins.Contains(origin))", "AllowCredentials()"))
            .ValidateAsync();

    [Fact]
    public Task A_predicate_that_only_looks_the_origin_up_in_the_configured_list_is_fine()
        => AcrossFiles<AnyOriginWithCredentialsRule>(
                """builder.Services.Configure<CorsSettings>(builder.Configuration.GetSection("Cors"));""",
                """
                sealed class ConfigureCors(IOptions<CorsSettings> settings) : IConfigureOptions<CorsOptions>
                {
                    public void Configure(CorsOptions options)
                        => options.AddDefaultPolicy(p => p.SetIsOriginAllowed(origin => settings.Value.AllowedOrigins.Contains(origin)).AllowCredentials());
                }
                """,
                """{ "Cors": { "AllowedOrigins": [ "https://app.example" ] } }""")
            .ValidateAsync();
}
