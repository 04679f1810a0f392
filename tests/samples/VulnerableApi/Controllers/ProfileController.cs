using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace VulnerableApi.Controllers;

[ApiController]
[Route("api/[controller]")]
public sealed class ProfileController : ControllerBase
{
    // "So the partner widget can read it": any page can load /api/profile?callback=steal in a <script> tag, with the
    // user's cookies, and receive the profile; the callback name is also written into the script unchecked (XSS).
    [HttpGet]
    public IActionResult Get(string callback)
        => Content(callback + "(" + JsonSerializer.Serialize(new { Name = User.Identity?.Name }) + ")", "application/javascript"); // expect: CORS012
}
