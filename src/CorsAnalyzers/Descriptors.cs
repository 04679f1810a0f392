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

    /// <summary>A suggestion (Info): the cache is cut, not a hole; the build prints it only at normal verbosity and in SARIF logs.</summary>
    public static readonly DiagnosticDescriptor LongPreflightCache = Create(
        RuleIds.LongPreflightCache,
        "Preflight cache longer than any browser keeps it",
        "'{0}' asks browsers to cache the preflight for {1} seconds, but Firefox keeps it at most 86400 and Chromium 7200: the value is cut silently, and a cached preflight goes on allowing what a changed policy refuses until it expires",
        "Browsers cap Access-Control-Max-Age (Firefox at 86400 seconds, Chromium at 7200) and cut a larger value without a word; a long preflight cache also keeps a changed CORS policy unseen while it lasts. 7200 seconds is what the most used browsers keep.",
        severity: DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor JsonpEndpoint = Create(
        RuleIds.JsonpEndpoint,
        "JSONP endpoint",
        "'{0}' {1}: any site can load it with a <script> tag, with the browser's cookies or Windows sign-in, and read the data{2}",
        "JSONP answers with a script that calls a function the caller names, so any web site can load it with a <script> tag and read the data, with the user's ambient credentials: it bypasses the same-origin policy entirely. A callback name written into the script unchecked is also reflected script (XSS). Use CORS with an exact origin allowlist instead.");

    /// <summary>Found in the project's JavaScript (AdditionalFiles: .js, and inline scripts of .html, .cshtml and .razor files).</summary>
    public static readonly DiagnosticDescriptor UntrustedMessageListener = Create(
        RuleIds.UntrustedMessageListener,
        "Message listener that trusts any origin",
        "Message listener acts on a message from any origin: {0}",
        "A window 'message' listener that acts on event.data without an exact check of event.origin accepts messages from any page that frames or opens the app; substring, prefix, suffix and unanchored pattern checks accept domains an attacker can register.");

    /// <summary>Found in the project's JavaScript (AdditionalFiles: .js, and inline scripts of .html, .cshtml and .razor files).</summary>
    public static readonly DiagnosticDescriptor MessageToAnyOrigin = Create(
        RuleIds.MessageToAnyOrigin,
        "Message posted to any origin",
        "'{0}' posts '{1}' with target origin \"*\", so whatever page is in the target window at that moment receives it; name the receiver's origin",
        "postMessage with the target origin \"*\" delivers the message to whatever document the target window holds, from any site; a message that carries data (a token, the user's details) must name the origin it is meant for.");

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string description, string? extraTag = null, DiagnosticSeverity severity = DiagnosticSeverity.Warning)
        => new(
            id,
            title,
            messageFormat,
            Category,
            severity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLinkBase + id + ".md",
            customTags: extraTag is null ? new[] { "Security", "CORS" } : new[] { "Security", "CORS", extraTag });
}
