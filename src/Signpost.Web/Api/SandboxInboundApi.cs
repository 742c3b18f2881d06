namespace Signpost.Web.Api;

/// <summary>POST /sandbox/channels/{id}/inbound.</summary>
public static class SandboxInboundApi
{
    public static void MapSandboxInboundApi(this RouteGroupBuilder api)
    {
    }
}
