using Microsoft.AspNetCore.Diagnostics;
using Signpost.Core.Validation;

namespace Signpost.Web.Infrastructure;

/// <summary>
/// Turns the Core's exceptions into RFC 9457 problem details for the API: bad input is a 400
/// with a message per field, a missing (or other organisation's) thing a 404.
/// </summary>
public sealed class ExceptionMapping(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.Path.StartsWithSegments("/api"))
        {
            return false;
        }

        var (status, title) = exception switch
        {
            InvalidRequestException => (StatusCodes.Status400BadRequest, "The request has errors"),
            NotFoundException => (StatusCodes.Status404NotFound, "Not found"),
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read"),
            _ => (StatusCodes.Status500InternalServerError, "Something went wrong. It has been logged."),
        };
        httpContext.Response.StatusCode = status;
        var details = exception is InvalidRequestException invalid
            ? new HttpValidationProblemDetails(invalid.Errors.ToDictionary(e => string.IsNullOrEmpty(e.Key) ? "request" : JsonName(e.Key), e => e.Value)) { Status = status, Title = title }
            : new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = exception is BadHttpRequestException ? exception.Message : null };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }

    /// <summary>Field names as the API's JSON spells them (camelCase).</summary>
    private static string JsonName(string field) => field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];
}
