namespace FunctionsApp;

/// <summary>The one place that says which origins may call the functions: an exact, ordinal allowlist.</summary>
public static class TrustedOrigins
{
    private static readonly HashSet<string> Origins = new(StringComparer.Ordinal)
    {
        "https://app.contoso.com",
        "https://admin.contoso.com",
    };

    public static bool Contains(string? origin) => origin is not null && Origins.Contains(origin);
}
