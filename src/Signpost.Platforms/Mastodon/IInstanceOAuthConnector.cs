namespace Signpost.Platforms.Mastodon;

/// <summary>
/// OAuth for a federated network where every server is its own authorisation server. Signpost has
/// no deployment-wide client id for Mastodon: it registers itself once on each instance a channel
/// lives on (apps API, "Create an application") and Core keeps the returned <see cref="InstanceApp"/>
/// (encrypted, like a credential) to reuse for every later channel on that instance.
/// </summary>
/// <remarks>
/// The flow: <see cref="RegisterAppAsync"/> (once per instance) → redirect the person to
/// <see cref="BuildAuthorizationUrl(OAuthStart, InstanceApp)"/> → on the callback,
/// <see cref="CompleteAuthorizationAsync(OAuthCallback, InstanceApp, CancellationToken)"/>.
/// The plain <see cref="IOAuthConnector"/> methods work only for the instance configured in
/// <c>Platforms:Mastodon:DefaultServiceUrl</c> with its <c>ClientId</c> and <c>ClientSecret</c>.
/// </remarks>
public interface IInstanceOAuthConnector : IOAuthConnector
{
    /// <summary>Registers Signpost as an application on <paramref name="instance"/> with one redirect address.</summary>
    Task<InstanceApp> RegisterAppAsync(Uri instance, Uri redirectUri, CancellationToken ct);

    /// <summary>The instance's own authorisation page for <paramref name="app"/>.</summary>
    Uri BuildAuthorizationUrl(OAuthStart start, InstanceApp app);

    /// <summary>Exchanges the callback's code on the app's instance and finds the account.</summary>
    Task<ConnectResult> CompleteAuthorizationAsync(OAuthCallback callback, InstanceApp app, CancellationToken ct);
}

/// <summary>Signpost's registration on one Mastodon instance. Treat the secret as a password.</summary>
/// <param name="Instance">The instance's base address, for example https://social.example.nhs.uk/.</param>
/// <param name="ClientId">The <c>client_id</c> the instance issued.</param>
/// <param name="ClientSecret">The <c>client_secret</c> the instance issued.</param>
/// <param name="RedirectUri">The redirect address registered with it; the authorisation and token requests must use the same.</param>
public sealed record InstanceApp(Uri Instance, string ClientId, string ClientSecret, Uri RedirectUri)
{
    /// <summary>Never print the secret.</summary>
    public override string ToString() => $"InstanceApp({Instance}, {ClientId})";
}
