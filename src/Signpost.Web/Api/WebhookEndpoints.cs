namespace Signpost.Web.Api;

/// <summary>/webhooks/{name}, outside /api/v1: platforms sign their requests instead of signing in.</summary>
public static class WebhookEndpoints
{
    public static void MapWebhooks(this IEndpointRouteBuilder app)
    {
    }
}
