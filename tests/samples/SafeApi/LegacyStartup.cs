namespace SafeApi;

/// <summary>The pipeline of the service's older host, kept for the on-premises build.</summary>
public sealed class LegacyStartup
{
    public void Configure(IApplicationBuilder app)
    {
        app.UseRouting();

        // After routing, before authorization: preflights get their CORS answer.
        app.UseCors("Partners");
        app.UseAuthorization();
    }
}
