namespace Signpost.Web.Api;

/// <summary>POST /inbox/{id}/moderate.</summary>
public static class ModerationApi
{
    public static void MapModerationApi(this RouteGroupBuilder api)
    {
    }
}
