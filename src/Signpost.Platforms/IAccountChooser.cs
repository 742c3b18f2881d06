namespace Signpost.Platforms;

/// <summary>
/// An OAuth connector whose one sign-in can give access to several accounts: the Facebook Pages a
/// person manages, the Instagram accounts linked to them, the LinkedIn organisations they
/// administer. Core asks for every candidate, lets the person choose, and keeps only the chosen
/// one. <see cref="IOAuthConnector.CompleteAuthorizationAsync"/> returns the first candidate, for
/// callers that do not offer a choice.
/// </summary>
/// <remarks>
/// It sits in the root namespace next to the contract because Core needs it for any network; the
/// file lives in Meta/ only until the contract's owner moves it beside IPlatformConnector.cs.
/// </remarks>
public interface IAccountChooser : IOAuthConnector
{
    /// <summary>
    /// Exchanges the callback's code (once: a code cannot be used twice) and returns every account the
    /// person may connect, in the platform's order, each with its own credential. Throws
    /// <see cref="PlatformException"/> with <see cref="PlatformErrorKind.Rejected"/> when there is none.
    /// </summary>
    Task<IReadOnlyList<ConnectResult>> CompleteAuthorizationWithChoicesAsync(OAuthCallback callback, CancellationToken ct);
}
