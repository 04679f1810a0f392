using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Net.Http.Headers;
using VulnerableApi.Filters;
using VulnerableApi.Middleware;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllers(options => options.Filters.Add<LegacyCorsHeadersFilter>());

builder.Services.AddCors(options =>
{
    // The usual Stack Overflow answer to "cannot allow any origin with credentials": it echoes every origin, null included.
    options.AddPolicy("Partners", policy => policy.SetIsOriginAllowed(_ => true).AllowCredentials().AllowAnyHeader().AllowAnyMethod()); // expect: CORS002

    options.AddPolicy("Mobile", policy =>
    {
        policy.WithOrigins("*").AllowCredentials(); // expect: CORS002
        policy.WithHeaders("Authorization", "Content-Type");
    });

    // Meant for *.contoso.com, also accepts https://evilcontoso.com.
    options.AddPolicy("Subdomains", policy => policy
        .SetIsOriginAllowed(origin => origin.EndsWith("contoso.com")) // expect: CORS003
        .AllowAnyMethod());

    // Also accepts https://contoso.com.attacker.net.
    options.AddPolicy("Portal", policy => policy
        .SetIsOriginAllowed(origin => origin.StartsWith("https://portal.contoso.com")) // expect: CORS003
        .AllowAnyHeader());

    options.AddPolicy("Intranet", policy => policy.SetIsOriginAllowed(origin => origin.Contains("intranet")).WithMethods("GET")); // expect: CORS003

    // Unanchored: https://shop.contoso.com.attacker.net matches too.
    options.AddPolicy("Shop", policy => policy.SetIsOriginAllowed(origin => Regex.IsMatch(origin, @"https://[a-z]+\.contoso\.com"))); // expect: CORS003

    // Added so that the desktop app (file:// pages) can call the API: any sandboxed iframe sends "null" too.
    options.AddDefaultPolicy(policy => policy.WithOrigins("https://app.contoso.com", "null").AllowAnyHeader()); // expect: CORS004

    options.AddPolicy("Embedded", policy => policy.SetIsOriginAllowed(origin => origin == "null" || origin == "https://embed.contoso.com")); // expect: CORS004

    // Copied from the browser's address bar: the trailing '/' means no Origin header ever equals it.
    options.AddPolicy("Spa", policy => policy.WithOrigins("https://spa.contoso.com/").AllowCredentials()); // expect: CORS006

    // Origins from appsettings*.json: the mistakes are in the files (marked there), the code only reads them.
    options.AddPolicy("FrontEnds", policy => policy.WithOrigins(builder.Configuration.GetSection("Cors:FrontEnds").Get<string[]>() ?? []).AllowAnyHeader());
    options.AddPolicy("Dashboard", policy => policy.WithOrigins(builder.Configuration["Cors:Dashboard"] ?? "https://dashboard.contoso.com").AllowCredentials());

    var reporting = new CorsPolicyBuilder().AllowAnyOrigin().AllowCredentials(); // expect: CORS002

    // "Cache preflights for a week": Firefox keeps them a day, Chromium two hours, and a changed policy goes unseen meanwhile.
    options.AddPolicy("Catalog", policy => policy.WithOrigins("https://catalog.contoso.com").AllowAnyMethod().SetPreflightMaxAge(TimeSpan.FromDays(7))); // expect: CORS011
    options.AddPolicy("Reporting", reporting.Build());

    // Partner systems delete orders (DELETE /api/orders/{id} below): the browser's preflight for DELETE fails against this list.
    options.AddPolicy("Orders", policy => policy.WithOrigins("https://orders.contoso.com").WithMethods("GET", "POST")); // expect: CORS010
});

var app = builder.Build();

app.UseMiddleware<ReflectOriginMiddleware>();
app.UseMiddleware<AllowlistWithoutVaryMiddleware>();
app.UseMiddleware<SuffixCheckMiddleware>();
app.UseMiddleware<PortalPreflightMiddleware>();
app.UseMiddleware<PartnerSuffixMiddleware>();

// Echoes the origin but remembers Vary: the reflection is the problem here.
app.Use(async (context, next) =>
{
    if (context.Request.Path.StartsWithSegments("/public"))
    {
        context.Response.Headers.AccessControlAllowOrigin = context.Request.Headers.Origin; // expect: CORS001
        context.Response.Headers.Append(HeaderNames.Vary, "Origin");
    }

    await next(context);
});

// A partner check with an unanchored pattern, written by hand.
app.Use(async (context, next) =>
{
    var origin = context.Request.Headers.Origin.ToString();
    if (Regex.IsMatch(origin, "partner")) // expect: CORS003
    {
        context.Response.Headers.AccessControlAllowOrigin = origin;
        context.Response.Headers.Vary = "Origin";
    }

    await next(context);
});

app.UseRouting();
app.UseCors(policy => policy.AllowAnyOrigin().AllowCredentials()); // expect: CORS002
app.UseAuthorization();

app.MapGet("/api/widgets", () => new[] { "gear", "sprocket" })
    .RequireCors(policy => policy.WithOrigins("null", "https://widgets.contoso.com")); // expect: CORS004

// The policy is "Reporting": names are case-sensitive, so this endpoint gets no CORS headers.
app.MapGet("/api/reports", () => "reports")
    .RequireCors("reporting"); // expect: CORS008

app.MapDelete("/api/orders/{id}", (int id) => Results.NoContent())
    .RequireCors("Orders");

app.MapGet("/api/legacy", (HttpContext context) =>
{
    // Any origin plus cookies, by hand.
    context.Response.Headers["Access-Control-Allow-Origin"] = "*"; // expect: CORS002
    context.Response.Headers["Access-Control-Allow-Credentials"] = "true";
    return "legacy";
});

app.MapControllers();

app.Run();
