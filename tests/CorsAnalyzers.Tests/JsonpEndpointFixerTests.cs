using CorsAnalyzers.CodeFixes.Rules;
using CorsAnalyzers.Rules;
using CorsAnalyzers.Tests.Harness;

namespace CorsAnalyzers.Tests;

public sealed class JsonpEndpointFixerTests
{
    private static ProjectBuilder Build(string source)
        => ProjectBuilder.Create().WithAnalyzer<JsonpEndpointRule>().WithCodeFixProvider<JsonpEndpointFixer>().WithSource(source);

    [Fact]
    public Task Turns_WCF_cross_domain_script_access_off()
        => Build("""
            using System.ServiceModel;

            public static class Hosting
            {
                public static WebHttpBinding Jsonp() => new WebHttpBinding { CrossDomainScriptAccessEnabled = [|true|] };

                public static WebHttpBinding Again()
                {
                    var binding = new WebHttpBinding();
                    binding.CrossDomainScriptAccessEnabled = [|true|]; // for the old widget
                    return binding;
                }
            }
            """).OnNetFramework48()
            .ShouldReportMessages(
                JsonpEndpointTests.Msg("CrossDomainScriptAccessEnabled = true", JsonpEndpointTests.Wcf, string.Empty),
                JsonpEndpointTests.Msg("CrossDomainScriptAccessEnabled = true", JsonpEndpointTests.Wcf, string.Empty))
            .ShouldFixCodeWith("""
            using System.ServiceModel;

            public static class Hosting
            {
                public static WebHttpBinding Jsonp() => new WebHttpBinding { CrossDomainScriptAccessEnabled = false };

                public static WebHttpBinding Again()
                {
                    var binding = new WebHttpBinding();
                    binding.CrossDomainScriptAccessEnabled = false; // for the old widget
                    return binding;
                }
            }
            """)
            .ValidateAsync();

    [Fact]
    public Task No_fix_for_a_flag_named_by_a_constant()
        => Build("""
            using System.ServiceModel;

            public static class Hosting
            {
                private const bool Jsonp = true;

                public static WebHttpBinding Make() => new WebHttpBinding { CrossDomainScriptAccessEnabled = [|Jsonp|] };
            }
            """).OnNetFramework48()
            .ShouldReportMessages(JsonpEndpointTests.Msg("CrossDomainScriptAccessEnabled = Jsonp", JsonpEndpointTests.Wcf, string.Empty))
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task No_fix_for_hand_written_JSONP()
        => Build("""
            using Microsoft.AspNetCore.Mvc;

            public sealed class FeedController : ControllerBase
            {
                [HttpGet]
                public IActionResult Get(string callback) => Content([|callback + "([])"|], "application/javascript");
            }
            """)
            .ShouldReportMessages(JsonpEndpointTests.Msg("callback + \"([])\"", JsonpEndpointTests.Wraps))
            .ShouldNotOfferFix()
            .ValidateAsync();
}
