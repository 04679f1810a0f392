using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;

namespace SafeApi.Controllers;

/// <summary>The clean twin of VulnerableApi's JSONP profile: JSON, read cross-origin through a CORS policy with an exact allowlist.</summary>
[ApiController]
[Route("api/[controller]")]
[EnableCors("Partners")]
public sealed class ProfileController : ControllerBase
{
    [HttpGet]
    public IActionResult Get() => Ok(new { Name = User.Identity?.Name });
}
