namespace Signpost.Web.Infrastructure;

/// <summary>
/// Security headers on every response: a content security policy with no inline script, no
/// framing, no MIME sniffing. HSTS is added by the host outside development.
/// </summary>
public sealed class SecurityHeaders(string formActionExtra)
{
    private readonly string _csp =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; " +
        $"form-action 'self'{formActionExtra}";

    public Task ApplyAsync(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = _csp;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        return next();
    }
}
