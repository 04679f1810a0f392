namespace VulnerableApi;

/// <summary>The pipeline of the service's older host, kept for the on-premises build.</summary>
public sealed class LegacyStartup
{
    public void Configure(IApplicationBuilder app)
    {
        app.UseRouting();
        app.UseAuthorization();

        // Added last, after authorization: a preflight (which carries no credentials) is rejected before CORS answers it.
        app.UseCors("Partners"); // expect: CORS007
    }
}
