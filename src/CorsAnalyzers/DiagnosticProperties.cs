using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace CorsAnalyzers;

/// <summary>
/// The hand-off from a rule to its fixer: the keys of the properties a rule puts on its diagnostics, and the values they
/// take. A fixer reads what the rule found here instead of working it out again; it still checks that the code at the
/// location is what the diagnostic says (an IDE may hold a diagnostic older than the text) and offers nothing when not.
/// The fixer assembly sees this class through InternalsVisibleTo.
/// </summary>
internal static class DiagnosticProperties
{
    /// <summary>
    /// What kind of finding a diagnostic is, for the rules that report more than one kind (one of <see cref="Kinds"/>):
    /// CORS001, CORS002, CORS003, CORS004, CORS006, CORS007.
    /// </summary>
    public const string Kind = "Kind";

    /// <summary>Any rule: the fixer edits the code at the first additional location (<see cref="Knowledge.ReportPlaces"/>).</summary>
    public const string FixAtAdditionalLocation = "FixAtAdditionalLocation";

    /// <summary>CORS002, on a policy finding: the <see cref="Knowledge.PolicyStepKind"/> of the any-origin step reported.</summary>
    public const string AnyOriginStep = "AnyOriginStep";

    /// <summary>CORS006: the origins the fix writes, one per line (absent when there is no fix).</summary>
    public const string NormalizedOrigins = "NormalizedOrigins";

    /// <summary>CORS007: where the fix moves <c>UseCors</c>, <see cref="After"/> or <see cref="Before"/> the additional location's statement.</summary>
    public const string Placement = "Placement";

    public const string After = "After";
    public const string Before = "Before";

    /// <summary>CORS008: the one defined policy name one case change or one edit away from the undefined one.</summary>
    public const string Suggestion = "Suggestion";

    /// <summary>CORS010: what the list leaves out that the fix adds, comma-separated (<c>PUT,DELETE</c>, <c>Authorization</c>).</summary>
    public const string Missing = "Missing";

    /// <summary>The values of <see cref="Kind"/>.</summary>
    public static class Kinds
    {
        /// <summary>A hand-written <c>Access-Control-Allow-Origin</c> write: its value (CORS001, CORS002) or a constant in it (CORS004).</summary>
        public const string HeaderWrite = "HeaderWrite";

        /// <summary>CORS001: the request's Origin copied into the origins of a policy built per request.</summary>
        public const string PolicyOrigins = "PolicyOrigins";

        /// <summary>CORS002: the any-origin step of a policy (builder, <c>CorsPolicy</c>, Web API attribute).</summary>
        public const string Policy = "Policy";

        /// <summary>CORS002: OWIN's <c>CorsOptions.AllowAll</c>.</summary>
        public const string OwinAllowAll = "OwinAllowAll";

        /// <summary>CORS003: a substring, prefix, suffix or pattern match that decides an origin.</summary>
        public const string Match = "Match";

        /// <summary>CORS003: a <c>https://*.shared-host</c> entry of <c>WithOrigins</c> under wildcard subdomains.</summary>
        public const string WildcardEntry = "WildcardEntry";

        /// <summary>CORS004, CORS006: an entry of an origin list (a policy's origins, a collection the origin is looked up in).</summary>
        public const string ListEntry = "ListEntry";

        /// <summary>CORS004, CORS006: a test of the origin against a constant (<c>==</c>, <c>Equals</c>, a pattern, a case label).</summary>
        public const string Test = "Test";

        /// <summary>A value in a configuration file (appsettings*.json, web.config): nothing in C# to fix.</summary>
        public const string Configured = "Configured";

        /// <summary>CORS007: <c>UseCors</c> in the wrong place.</summary>
        public const string Misplaced = "Misplaced";

        /// <summary>CORS007: <c>RequireCors</c> in a pipeline that never calls <c>UseCors</c>.</summary>
        public const string MissingUseCors = "MissingUseCors";

        /// <summary>CORS010: a policy's method list (<c>WithMethods</c>, <c>CorsPolicy.Methods</c>).</summary>
        public const string MethodList = "MethodList";

        /// <summary>CORS010: a policy's header list (<c>WithHeaders</c>, <c>CorsPolicy.Headers</c>).</summary>
        public const string HeaderList = "HeaderList";

        /// <summary>CORS011: a preflight max age written as a constant <c>TimeSpan</c> (a <c>TimeSpan.FromX</c> call or <c>new TimeSpan(...)</c>).</summary>
        public const string MaxAgeTimeSpan = "MaxAgeTimeSpan";

        /// <summary>CORS011: a preflight max age written in seconds (a header value, System.Web.Cors <c>PreflightMaxAge</c>).</summary>
        public const string MaxAgeSeconds = "MaxAgeSeconds";

        /// <summary>CORS012: WCF's <c>CrossDomainScriptAccessEnabled = true</c> in code (the fix sets it to false).</summary>
        public const string CrossDomainScriptAccess = "CrossDomainScriptAccess";
    }

    /// <summary>Properties that say only the kind of finding.</summary>
    public static ImmutableDictionary<string, string?> OfKind(string kind) => ImmutableDictionary<string, string?>.Empty.Add(Kind, kind);

    /// <summary>The kind of finding <paramref name="diagnostic"/> is, or null when its rule did not say.</summary>
    public static string? KindOf(Diagnostic diagnostic) => diagnostic.Properties.TryGetValue(Kind, out var kind) ? kind : null;

    /// <summary>True when the rule said <paramref name="diagnostic"/> is a finding of kind <paramref name="kind"/>.</summary>
    public static bool IsKind(Diagnostic diagnostic, string kind) => KindOf(diagnostic) == kind;

    /// <summary>The value of <paramref name="key"/>, or null when the rule did not set it.</summary>
    public static string? ValueOf(Diagnostic diagnostic, string key) => diagnostic.Properties.TryGetValue(key, out var value) ? value : null;
}
