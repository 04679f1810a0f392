using System;
using System.Collections.Generic;

namespace ClassicAspNetSite
{
    /// <summary>The one place that says which origins may call the site: an exact, ordinal allowlist.</summary>
    public static class TrustedOrigins
    {
        private static readonly HashSet<string> Origins = new HashSet<string>(StringComparer.Ordinal)
        {
            "https://app.contoso.com",
            "https://admin.contoso.com",
        };

        public static bool Contains(string origin) => origin != null && Origins.Contains(origin);
    }
}
