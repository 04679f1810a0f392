namespace SafeApi;

/// <summary>The one place that says which origins may call the API.</summary>
public static class TrustedOrigins
{
    private static readonly HashSet<string> Origins = new(StringComparer.Ordinal)
    {
        "https://app.contoso.com",
        "https://admin.contoso.com",
        "https://mobile.contoso.com",
    };

    /// <summary>An exact, ordinal lookup: the request's Origin must be one of the listed strings.</summary>
    public static bool Contains(string origin) => Origins.Contains(origin);

    /// <summary>https://anything.contoso.com, on the default port; never https://evilcontoso.com.</summary>
    public static bool IsContosoSubdomain(string origin)
        => Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && uri.Scheme == Uri.UriSchemeHttps
            && uri.IsDefaultPort
            && uri.Host.EndsWith(".contoso.com", StringComparison.OrdinalIgnoreCase);
}
