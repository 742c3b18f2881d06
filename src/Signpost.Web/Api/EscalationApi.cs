namespace Signpost.Web.Api;

/// <summary>POST /inbox/{id}/refer-safeguarding, duty pages.</summary>
public static class EscalationApi
{
    public static void MapEscalationApi(this RouteGroupBuilder api)
    {
    }
}
