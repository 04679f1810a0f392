using System;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CorsAnalyzers.Knowledge;

/// <summary>The package's <c>.editorconfig</c> options: every key, and how its value is read. The one place for them.</summary>
internal static class Settings
{
    /// <summary>Name of the allowlist set the code fixes create (default <see cref="DefaultAllowlistName"/>).</summary>
    public const string AllowlistNameKey = "cors_analyzers.allowlist_name";

    public const string DefaultAllowlistName = "AllowedCorsOrigins";

    /// <summary>CORS003: also report dotted suffix checks on domains you own (<c>.EndsWith(".contoso.com")</c>).</summary>
    public const string ReportSubdomainWildcardsKey = "cors_analyzers.CORS003.report_subdomain_wildcards";

    /// <summary>CORS003: more shared hosting domains (comma-separated) where anyone can get a subdomain.</summary>
    public const string SharedHostingDomainsKey = "cors_analyzers.CORS003.shared_hosting_domains";

    public static bool ReportSubdomainWildcards(AnalyzerConfigOptions options)
        => options.TryGetValue(ReportSubdomainWildcardsKey, out var flag) && bool.TryParse(flag.Trim(), out var value) && value;

    public static string[] SharedHostingDomains(AnalyzerConfigOptions options)
        => options.TryGetValue(SharedHostingDomainsKey, out var list) ? list.Split(',') : Array.Empty<string>();
}
