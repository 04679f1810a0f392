using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;

namespace VulnerableApi.Controllers;

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
        // Echoed by hand for one action, without Vary.
        Response.Headers.AccessControlAllowOrigin = Request.Headers.Origin.ToString(); // expect: CORS001, CORS005
        return Ok("export");
    }
}
