using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Net.Http.Headers;
using SafeApi;
using SafeApi.Filters;
using SafeApi.Middleware;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllers(options => options.Filters.Add<AllowlistCorsHeadersFilter>());

builder.Services.AddCors(options =>
{
    // Credentials only for an exact list of origins.
    options.AddPolicy("Partners", policy => policy.WithOrigins("https://app.contoso.com", "https://admin.contoso.com").AllowCredentials().AllowAnyHeader().AllowAnyMethod());

    // Any origin, but no cookies: a public, read-only API.
    options.AddPolicy("Public", policy => policy.AllowAnyOrigin().WithMethods("GET"));

    // A predicate that looks the origin up in an exact allowlist.
    options.AddPolicy("Mobile", policy => policy.SetIsOriginAllowed(TrustedOrigins.Contains).AllowCredentials());

    options.AddPolicy("Lookup", policy => policy.SetIsOriginAllowed(origin => TrustedOrigins.Contains(origin)).WithHeaders("Authorization"));

    // Subdomains of a domain we own: the suffix starts with a dot and is compared on the parsed host.
    options.AddPolicy("Subdomains", policy => policy.SetIsOriginAllowed(TrustedOrigins.IsContosoSubdomain).AllowAnyMethod());

    options.AddDefaultPolicy(policy => policy.WithOrigins("https://app.contoso.com"));

    // Exactly as browsers send it: scheme and host, no trailing '/'.
    options.AddPolicy("Spa", policy => policy.WithOrigins("https://spa.contoso.com").AllowCredentials());

    // Origins from appsettings*.json: exact origins in every environment's file.
    options.AddPolicy("FrontEnds", policy => policy.WithOrigins(builder.Configuration.GetSection("Cors:FrontEnds").Get<string[]>() ?? []).AllowAnyHeader());
    options.AddPolicy("Dashboard", policy => policy.WithOrigins(builder.Configuration["Cors:Dashboard"] ?? "https://dashboard.contoso.com").AllowCredentials());

    var reporting = new CorsPolicyBuilder("https://reports.contoso.com").AllowCredentials();

    // Preflights cached for two hours, the longest Chromium keeps.
    options.AddPolicy("Catalog", policy => policy.WithOrigins("https://catalog.contoso.com").AllowAnyMethod().SetPreflightMaxAge(TimeSpan.FromHours(2)));
    options.AddPolicy("Reporting", reporting.Build());

    // Every method the endpoints under it map (DELETE /api/orders/{id} below).
    options.AddPolicy("Orders", policy => policy.WithOrigins("https://orders.contoso.com").WithMethods("GET", "POST", "DELETE"));
});

var app = builder.Build();

app.UseMiddleware<AllowlistCorsMiddleware>();
app.UseMiddleware<PortalPreflightMiddleware>();

// Logging the origin is fine: it is not written back into a CORS header.
app.Use(async (context, next) =>
{
    var logger = context.RequestServices.GetRequiredService<ILogger<Program>>();
    logger.LogInformation("Request from origin {Origin}", context.Request.Headers.Origin.ToString());
    await next(context);
});

// A constant origin needs no Vary: the answer is the same for every caller.
app.Use(async (context, next) =>
{
    if (context.Request.Path.StartsWithSegments("/embed"))
    {
        context.Response.Headers.AccessControlAllowOrigin = "https://embed.contoso.com";
    }

    await next(context);
});

app.UseRouting();
app.UseCors();
app.UseAuthorization();

app.MapGet("/api/widgets", () => new[] { "gear", "sprocket" })
    .RequireCors(policy => policy.WithOrigins("https://widgets.contoso.com"));

// The policy's exact name.
app.MapGet("/api/reports", () => "reports")
    .RequireCors("Reporting");

app.MapDelete("/api/orders/{id}", (int id) => Results.NoContent())
    .RequireCors("Orders");

app.MapGet("/api/assets", (HttpContext context) =>
{
    // Public assets: any origin, never with credentials.
    context.Response.Headers[HeaderNames.AccessControlAllowOrigin] = "*";
    return "assets";
});

app.MapControllers();

app.Run();
