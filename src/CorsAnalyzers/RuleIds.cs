namespace CorsAnalyzers;

/// <summary>The identifiers of every rule in the package.</summary>
public static class RuleIds
{
    public const string OriginReflection = "CORS001";
    public const string AnyOriginWithCredentials = "CORS002";
    public const string OriginSubstringMatch = "CORS003";
    public const string NullOrigin = "CORS004";
    public const string MissingVaryOrigin = "CORS005";
    public const string UnmatchableOrigin = "CORS006";
    public const string MisplacedCorsMiddleware = "CORS007";
    public const string UndefinedPolicyName = "CORS008";
    public const string CredentialedWildcard = "CORS009";
    public const string RefusedPreflight = "CORS010";
    public const string LongPreflightCache = "CORS011";
    public const string JsonpEndpoint = "CORS012";
    public const string UntrustedMessageListener = "CORS013";
    public const string MessageToAnyOrigin = "CORS014";
}
