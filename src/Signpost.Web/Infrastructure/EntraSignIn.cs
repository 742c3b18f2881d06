namespace Signpost.Web.Infrastructure;

/// <summary>OpenID Connect sign-in with Microsoft Entra ID, which NHSmail uses.</summary>
public static class EntraSignIn
{
    public const string SchemeName = "entra";
}
