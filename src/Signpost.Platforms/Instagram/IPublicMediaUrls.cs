namespace Signpost.Platforms.Instagram;

/// <summary>
/// Instagram's content publishing API takes no file uploads: Instagram downloads each image or
/// video itself from a public address while it prepares the post. Core implements this by keeping
/// the media and serving it at an unguessable, signed address that stops working after
/// <c>validFor</c>. Without an implementation the Instagram connector refuses to publish.
/// </summary>
public interface IPublicMediaUrls
{
    /// <summary>
    /// A public https address where anyone holding it can download <paramref name="media"/>, with its
    /// content type, for at least <paramref name="validFor"/>.
    /// </summary>
    Task<Uri> GetPublicUrlAsync(MediaUpload media, TimeSpan validFor, CancellationToken ct);
}
