using System;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CorsAnalyzers.Knowledge;

/// <summary>What the IIS custom headers of one web.config decide: the header values IIS adds to every response.</summary>
internal static class WebConfigCors
{
    public const string AllowOrigin = "Access-Control-Allow-Origin";
    public const string AllowCredentials = "Access-Control-Allow-Credentials";

    /// <summary>The web.config's custom headers, or <see langword="null"/> for any other file (read only for a file named web.config).</summary>
    public static ConfigurationFile? Read(AdditionalText file, CancellationToken cancellationToken)
        => ConfigurationFile.IsWebConfig(file.Path) && file.GetText(cancellationToken) is { } text
            ? ConfigurationFile.ReadWebConfig(file.Path, text)
            : null;

    /// <summary>The <c>Access-Control-Allow-Origin</c> value, when the file sets one.</summary>
    public static ConfiguredValue? AllowedOrigin(ConfigurationFile file)
        => file.TryGetValue(AllowOrigin, out var value) && value.Value is not null ? value : null;

    /// <summary>The <c>Access-Control-Allow-Credentials: true</c> value, when the file sets it.</summary>
    public static ConfiguredValue? CredentialsAllowed(ConfigurationFile file)
        => file.TryGetValue(AllowCredentials, out var value) && string.Equals(value.Value?.Trim(), "true", StringComparison.OrdinalIgnoreCase) ? value : null;
}
