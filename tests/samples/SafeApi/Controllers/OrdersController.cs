using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;

namespace SafeApi.Controllers;

[ApiController]
[Route("api/[controller]")]
[EnableCors("Partners")]
public sealed class OrdersController : ControllerBase
{
    [HttpGet]
    public IEnumerable<string> Get() => new[] { "order-1", "order-2" };

    [HttpGet("export")]
    public IActionResult Export()
    {
        var origin = Request.Headers.Origin.ToString();
        if (TrustedOrigins.Contains(origin))
        {
            Response.Headers.AccessControlAllowOrigin = origin;
        }

        Response.Headers.Append("Vary", "Origin");
        return Ok("export");
    }
}
