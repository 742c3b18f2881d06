using Signpost.Core.Validation;

namespace Signpost.Web.Infrastructure;

/// <summary>
/// Turns the Core's exceptions into RFC 9457 problem details for the API: bad input is a 400
/// with a message per field (camelCase, as the JSON spells them), a missing thing, or another
/// organisation's, a 404. Nothing was changed in either case.
/// </summary>
public sealed class ApiErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (InvalidRequestException e)
        {
            return TypedResults.ValidationProblem(
                e.Errors.ToDictionary(x => x.Key.Length == 0 ? "request" : char.ToLowerInvariant(x.Key[0]) + x.Key[1..], x => x.Value),
                title: "The request has errors");
        }
        catch (NotFoundException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }
    }
}
