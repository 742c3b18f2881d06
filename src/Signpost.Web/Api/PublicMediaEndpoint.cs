using Signpost.Core.Features.Media;

namespace Signpost.Web.Api;

/// <summary>
/// Media a platform downloads itself while preparing a post (Instagram), at a signed address that
/// expires (see PublicMediaUrls). Anonymous by design: the token is the credential.
/// </summary>
public static class PublicMediaEndpoint
{
    public static void MapPublicMedia(this IEndpointRouteBuilder app)
    {
        app.MapGet("/public-media/{token}", async (string token, PublicMediaUrls urls, HttpContext http, CancellationToken ct) =>
        {
            var media = await urls.ResolveAsync(token, ct);
            if (media is not { } found)
            {
                return Results.NotFound();
            }

            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.CacheControl = "private, max-age=300";
            return Results.File(found.Bytes, found.ContentType);
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
