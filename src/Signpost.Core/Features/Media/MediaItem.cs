using Signpost.Core.Data;

namespace Signpost.Core.Features.Media;

public enum MediaType
{
    Image,
    Gif,
    Video,
}

/// <summary>
/// A picture or video in the organisation's media library, with its alt text or captions
/// (ACCESS-ALT-MISSING, ACCESS-VIDEO-CAPTIONS). The bytes are in <see cref="MediaContent"/>, so that
/// lists never load them.
/// </summary>
public sealed class MediaItem : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public MediaType Type { get; set; }
    public long SizeBytes { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }

    /// <summary>What the image shows, for people who cannot see it.</summary>
    public string? AltText { get; set; }

    /// <summary>Captions for a video, as WebVTT.</summary>
    public string? Captions { get; set; }

    /// <summary>A short description for the library (not published).</summary>
    public string? Title { get; set; }

    /// <summary>SHA-256 of the bytes, hex: the same file uploaded twice is spotted.</summary>
    public string Sha256 { get; set; } = "";

    public Guid? UploadedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Removed from the library; kept while a post uses it, so that published history stays whole.</summary>
    public DateTimeOffset? DeletedAt { get; set; }
}

/// <summary>The bytes of a <see cref="MediaItem"/>, in the database so that every node can read them.</summary>
public sealed class MediaContent
{
    public Guid MediaItemId { get; set; }
    public byte[] Bytes { get; set; } = [];
}
