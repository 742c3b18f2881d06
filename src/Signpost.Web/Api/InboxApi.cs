namespace Signpost.Web.Api;

/// <summary>GET /inbox, /inbox/{id}, POST /inbox/{id}/assign, /reply, /close.</summary>
public static class InboxApi
{
    public static void MapInboxApi(this RouteGroupBuilder api)
    {
    }
}
