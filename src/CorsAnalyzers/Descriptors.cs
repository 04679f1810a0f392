using Microsoft.CodeAnalysis;

namespace CorsAnalyzers;

/// <summary>Every descriptor of the package, made by one helper so that category, help link and tags agree.</summary>
public static class Descriptors
{
    public const string Category = "Security";
    /// <summary>The repository's rules-docs/ folder, made at build time from RepositoryUrl (see CorsAnalyzers.csproj).</summary>
    public const string HelpLinkBase = RepositoryInfo.RulesDocsUrl;

    public static readonly DiagnosticDescriptor OriginReflection = Create(
        RuleIds.OriginReflection,
        "Request Origin reflected without an exact allowlist check",
        "'{0}' echoes the request's Origin into Access-Control-Allow-Origin without an exact allowlist check, so every site is allowed",
        "Writing the request's Origin header back as Access-Control-Allow-Origin without checking it against an exact allowlist lets any web site read the response.");

    public static readonly DiagnosticDescriptor AnyOriginWithCredentials = Create(
        RuleIds.AnyOriginWithCredentials,
        "Any origin allowed together with credentials",
        "'{0}' allows any origin while '{1}' allows credentials, {2}",
        "A CORS policy that accepts every origin and also allows credentials lets any web site act as the signed-in user and read the answers.");

    public static readonly DiagnosticDescriptor OriginSubstringMatch = Create(
        RuleIds.OriginSubstringMatch,
        "Origin accepted by substring, prefix or suffix matching",
        "'{0}' also accepts {1}",
        "Origins must be compared exactly: substring, prefix, suffix and unanchored pattern matches accept domains an attacker can register.");

    public static readonly DiagnosticDescriptor NullOrigin = Create(
        RuleIds.NullOrigin,
        "The null origin is allowlisted",
        "'{0}' allows the 'null' origin, which any page can send from a sandboxed iframe, a data: URL or a file",
        "The 'null' origin is sent by sandboxed iframes, data: and file: pages and some redirects, so allowing it allows any site.");

    public static readonly DiagnosticDescriptor MissingVaryOrigin = Create(
        RuleIds.MissingVaryOrigin,
        "Vary: Origin missing on a per-request Access-Control-Allow-Origin",
        "'{0}' writes a per-request Access-Control-Allow-Origin without 'Vary: Origin', so a cache can serve one origin's response to another",
        "When Access-Control-Allow-Origin depends on the request, the response must carry 'Vary: Origin' or shared caches mix up the answers for different origins.");

    public static readonly DiagnosticDescriptor UnmatchableOrigin = Create(
        RuleIds.UnmatchableOrigin,
        "Origin entry that can never match",
        "'{0}' never equals a browser's Origin header: {1}",
        "Origins are compared ordinally with the request's Origin header, scheme://host[:port]: an entry with a trailing '/', a path, a default port, whitespace, no scheme, several origins or an unenabled '*' allows nothing, and the usual workaround is an insecure allow-any-origin policy.");

    public static readonly DiagnosticDescriptor MisplacedCorsMiddleware = Create(
        RuleIds.MisplacedCorsMiddleware,
        "CORS middleware in the wrong place, or missing",
        "'{0}' {1}",
        "UseCors must run after UseRouting and before authentication, authorization, response caching and the endpoints; endpoints with a CORS policy need it at all. Otherwise CORS silently fails, and the usual workaround is an insecure allow-any-origin policy.");

    /// <summary>Judged at the end of the compilation (the policy names of the whole app): the IDE shows it with full-solution analysis.</summary>
    public static readonly DiagnosticDescriptor UndefinedPolicyName = Create(
        RuleIds.UndefinedPolicyName,
        "Policy name that no policy defines",
        "'{0}' names no CORS policy of the app, which defines {1}; names are case-sensitive, so these requests get no CORS headers and the browser blocks them",
        "ASP.NET Core looks CORS policy names up ordinally: a name that no AddPolicy defines gives no CORS headers, and the usual workaround is an insecure allow-any-origin policy.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CredentialedWildcard = Create(
        RuleIds.CredentialedWildcard,
        "Wildcard in a CORS header of a credentialed response",
        "'{0}' in {1} is the header name '*', not a wildcard, on a response that allows credentials: {2}",
        "With credentials, browsers read '*' in Access-Control-Allow-Headers, -Allow-Methods and -Expose-Headers literally, so the request fails; the usual workaround weakens the origin check instead.");

    public static readonly DiagnosticDescriptor RefusedPreflight = Create(
        RuleIds.RefusedPreflight,
        "Preflight refuses what the app's cross-origin endpoints need",
        "{0} allows {1} but {2} needs {3}; the browser's preflight fails and the request is never sent",
        "A browser sends a preflight before PUT, PATCH and DELETE and before an Authorization header; a policy whose method or header list leaves them out makes the request fail, and the usual workaround is an allow-any-origin policy with credentials.",
        WellKnownDiagnosticTags.CompilationEnd);

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string description, string? extraTag = null)
        => new(
            id,
            title,
            messageFormat,
            Category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLinkBase + id + ".md",
            customTags: extraTag is null ? new[] { "Security", "CORS" } : new[] { "Security", "CORS", extraTag });
}
