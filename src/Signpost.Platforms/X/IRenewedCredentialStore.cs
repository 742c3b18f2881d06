namespace Signpost.Platforms.X;

/// <summary>
/// Keeps a credential the X connector renewed in the middle of a call. X access tokens last two
/// hours and each refresh token works once (OAuth 2.0, "Authorization Code Flow with PKCE",
/// refresh token): after a renewal only the new pair works, so it must be stored even when the call
/// that needed it then fails, or returns nothing (delete, status, find).
/// </summary>
/// <remarks>
/// Optional. Without one, only <see cref="IPlatformConnector.PublishAsync"/> renews on the way (and
/// hands the pair back in <see cref="PublishResult.RenewedCredential"/>); the other calls use the
/// token as it is, and Core renews with <see cref="IOAuthConnector.RefreshAsync"/> when
/// <see cref="PlatformCredential.AccessTokenExpiresAt"/> has passed.
/// </remarks>
public interface IRenewedCredentialStore
{
    Task StoreAsync(PlatformAccount account, PlatformCredential renewed, CancellationToken ct);
}
