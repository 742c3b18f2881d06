using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Calendar;
using Signpost.Core.Features.Posts;
using Signpost.Core.Validation;

namespace Signpost.Core.Features.Media;

/// <summary>A file to add to the library. <paramref name="Content"/> is read once, up to the size limit of its type.</summary>
public sealed record UploadMediaOptions(string? FileName, Stream Content, string? Title = null, string? AltText = null, string? Captions = null);

/// <summary>What a person can change about an item: its title, alt text and captions.</summary>
public sealed record UpdateMediaOptions(string? Title, string? AltText, string? Captions);

/// <summary>Another item in the library with the same bytes.</summary>
public sealed record MediaDuplicate(Guid Id, string Name, DateTimeOffset CreatedAt);

/// <summary>A post that uses an item, with its state.</summary>
public sealed record MediaUse(Guid PostId, string PostTitle, PostState State);

/// <summary>A new item, and any items that were already in the library with the same bytes.</summary>
public sealed record UploadedMedia(MediaItem Item, IReadOnlyList<MediaDuplicate> Duplicates);

/// <summary>
/// The organisation's media library: pictures (JPEG, PNG, GIF, WebP) and MP4 videos, with alt text
/// and captions so that posts are accessible (001 §7.1; 004 house rules, Accessibility: "adding
/// image descriptions to photos", "adding subtitles to videos"). Alt text is not required to save
/// an item; a post that uses an image without it gets A11Y-ALT-MISSING from the policy engine.
/// </summary>
public sealed class MediaService(AppDbContext db, AuditTrail audit, TimeProvider time)
{
    public const long MaxImageBytes = 10 * 1024 * 1024;
    public const long MaxVideoBytes = 100 * 1024 * 1024;
    public const int AltTextMaxLength = 1000;
    public const int TitleMaxLength = 200;

    /// <summary>Posts in these states have not gone out (or may still): their media cannot be removed.</summary>
    public static IReadOnlyList<PostState> UnpublishedStates { get; } =
        [PostState.Draft, PostState.Submitted, PostState.ChangesRequested, PostState.Approved, PostState.Scheduled, PostState.Publishing, PostState.Failed];

    /// <summary>Adds a file to the library (audited MediaUploaded).</summary>
    public async Task<UploadedMedia> UploadAsync(Guid organisationId, UploadMediaOptions options, Actor actor, CancellationToken ct = default)
    {
        var (item, record) = await StageUploadAsync(organisationId, options, actor, "File", imagesOnly: false, ct);
        var duplicates = await DuplicatesOfAsync(item.Sha256, item.Id, ct);
        await audit.SaveChangesAsync(record, ct);
        return new UploadedMedia(item, duplicates);
    }

    /// <summary>
    /// Checks a file and adds it to the context without saving, for a caller that saves it with its
    /// own change (a content request's attachments). Throws <see cref="InvalidRequestException"/> on
    /// <paramref name="field"/> when the file is not accepted.
    /// </summary>
    internal async Task<(MediaItem Item, AuditRecord Record)> StageUploadAsync(Guid organisationId, UploadMediaOptions options, Actor actor, string field, bool imagesOnly, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new ValidationErrors();
        var (bytes, kind, problem) = await ReadAsync(options.Content, imagesOnly, ct);
        if (problem is not null)
        {
            errors.Add(field, problem);
        }

        var title = Clean(options.Title);
        var alt = Clean(options.AltText);
        errors.MaxLength("Title", title, TitleMaxLength, "Title");
        errors.MaxLength("AltText", alt, AltTextMaxLength, "Alt text");
        var captions = ValidateCaptions(errors, options.Captions, kind?.Type);
        errors.ThrowIfAny();

        var now = time.GetUtcNow();
        var item = new MediaItem
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            FileName = SafeFileName(options.FileName, kind!.Extension),
            ContentType = kind.ContentType,
            Type = kind.Type,
            SizeBytes = bytes!.Length,
            Width = kind.Width,
            Height = kind.Height,
            AltText = alt,
            Captions = captions,
            Title = title,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            UploadedByUserId = actor.UserId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.MediaItems.Add(item);
        db.MediaContents.Add(new MediaContent { MediaItemId = item.Id, Bytes = bytes });
        var record = new AuditRecord(AuditEventCode.MediaUploaded, actor, organisationId, $"Added {item.FileName} to the media library", "MediaItem", item.Id.ToString(),
            new { item.FileName, item.ContentType, item.SizeBytes, item.Width, item.Height, item.Sha256, item.Title, item.AltText, captions = item.Captions is not null });
        return (item, record);
    }

    /// <summary>Changes an item's title, alt text or captions (audited MediaUpdated with what changed).</summary>
    public async Task UpdateAsync(Guid organisationId, Guid mediaItemId, UpdateMediaOptions options, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var item = await FindAsync(organisationId, mediaItemId, ct);
        var errors = new ValidationErrors();
        var title = Clean(options.Title);
        var alt = Clean(options.AltText);
        errors.MaxLength("Title", title, TitleMaxLength, "Title");
        errors.MaxLength("AltText", alt, AltTextMaxLength, "Alt text");
        var captions = ValidateCaptions(errors, options.Captions, item.Type);
        errors.ThrowIfAny();

        var changes = AuditRecord.Diff(("title", item.Title, title), ("altText", item.AltText, alt), ("captions", item.Captions, captions));
        if (changes.Count == 0)
        {
            return;
        }

        item.Title = title;
        item.AltText = alt;
        item.Captions = captions;
        item.UpdatedAt = time.GetUtcNow();
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.MediaUpdated, actor, organisationId, $"Changed {item.FileName} in the media library", "MediaItem", item.Id.ToString(), changes), ct);
    }

    /// <summary>
    /// Takes an item out of the library (audited MediaDeleted). Its bytes are kept, so that posts
    /// already published with it stay whole. Refused while a post that has not been published uses it.
    /// </summary>
    public async Task DeleteAsync(Guid organisationId, Guid mediaItemId, Actor actor, CancellationToken ct = default)
    {
        var item = await FindAsync(organisationId, mediaItemId, ct);
        var blocking = (await UsesAsync(organisationId, mediaItemId, ct)).Where(u => UnpublishedStates.Contains(u.State)).ToList();
        if (blocking.Count > 0)
        {
            var posts = string.Join(", ", blocking.Select(b => $"\u201C{b.PostTitle}\u201D ({PostStateText.Describe(b.State)})"));
            throw new InvalidRequestException("", $"This file cannot be deleted because posts that have not been published use it: {posts}. Take it off those posts first.");
        }

        item.DeletedAt = time.GetUtcNow();
        item.UpdatedAt = item.DeletedAt.Value;
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.MediaDeleted, actor, organisationId, $"Deleted {item.FileName} from the media library", "MediaItem", item.Id.ToString(),
            new { item.FileName, item.Sha256 }), ct);
    }

    /// <summary>The posts that use an item, newest first.</summary>
    public async Task<IReadOnlyList<MediaUse>> UsesAsync(Guid organisationId, Guid mediaItemId, CancellationToken ct = default) =>
        await (from link in db.PostMediaLinks
               join post in db.Posts on link.PostId equals post.Id
               where link.MediaItemId == mediaItemId && post.OrganisationId == organisationId
               orderby post.CreatedAt descending
               select new MediaUse(post.Id, post.Title, post.State)).AsNoTracking().ToListAsync(ct);

    /// <summary>Other items in the library (not deleted) with the same bytes.</summary>
    public async Task<IReadOnlyList<MediaDuplicate>> DuplicatesOfAsync(string sha256, Guid exceptId, CancellationToken ct = default) =>
        await db.MediaItems.AsNoTracking()
            .Where(m => m.Sha256 == sha256 && m.Id != exceptId && m.DeletedAt == null)
            .OrderBy(m => m.CreatedAt)
            .Select(m => new MediaDuplicate(m.Id, m.Title ?? m.FileName, m.CreatedAt))
            .ToListAsync(ct);

    private async Task<MediaItem> FindAsync(Guid organisationId, Guid mediaItemId, CancellationToken ct) =>
        await db.MediaItems.FirstOrDefaultAsync(m => m.Id == mediaItemId && m.OrganisationId == organisationId && m.DeletedAt == null, ct)
        ?? throw new NotFoundException("Media item", mediaItemId);

    /// <summary>Reads the file up to its type's size limit; recognises the type from the first bytes.</summary>
    private static async Task<(byte[]? Bytes, MediaFileKind? Kind, string? Problem)> ReadAsync(Stream? content, bool imagesOnly, CancellationToken ct)
    {
        if (content is null)
        {
            return (null, null, "Select a file");
        }

        var head = new byte[64 * 1024];
        var headLength = 0;
        int read;
        while (headLength < head.Length && (read = await content.ReadAsync(head.AsMemory(headLength), ct)) > 0)
        {
            headLength += read;
        }

        if (headLength == 0)
        {
            return (null, null, "The selected file is empty");
        }

        var kind = MediaFileInspector.Inspect(head.AsSpan(0, headLength));
        if (kind is null || (imagesOnly && kind.Type == MediaType.Video))
        {
            return (null, null, imagesOnly
                ? "The selected file must be a JPEG, PNG, GIF or WebP picture"
                : "The selected file must be a JPEG, PNG, GIF or WebP picture, or an MP4 video");
        }

        var limit = kind.Type == MediaType.Video ? MaxVideoBytes : MaxImageBytes;
        using var buffer = new MemoryStream();
        buffer.Write(head, 0, headLength);
        var chunk = new byte[81920];
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                var what = kind.Type == MediaType.Video ? "A video" : "A picture";
                return (null, kind, $"{what} must be {limit / (1024 * 1024)} MB or smaller");
            }
        }

        if (buffer.Length > limit)
        {
            var what = kind.Type == MediaType.Video ? "A video" : "A picture";
            return (null, kind, $"{what} must be {limit / (1024 * 1024)} MB or smaller");
        }

        return (buffer.ToArray(), kind, null);
    }

    private static string? ValidateCaptions(ValidationErrors errors, string? text, MediaType? type)
    {
        var captions = WebVtt.Normalise(text);
        if (captions is null)
        {
            return null;
        }

        if (type is not null and not MediaType.Video)
        {
            errors.Add("Captions", "Captions are for videos only: describe a picture in its alt text");
            return null;
        }

        if (WebVtt.Problem(captions) is { } problem)
        {
            errors.Add("Captions", problem);
        }

        return captions;
    }

    private static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    /// <summary>The name the person gave, without folders or control characters, with the extension of what the file really is.</summary>
    internal static string SafeFileName(string? name, string extension)
    {
        var baseName = Path.GetFileNameWithoutExtension((name ?? "").Replace('\\', '/').Split('/')[^1]);
        baseName = new string([.. baseName.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or ':' or '*' or '?'))]).Trim();
        if (baseName.Length == 0)
        {
            baseName = "upload";
        }

        if (baseName.Length > 200)
        {
            baseName = baseName[..200];
        }

        return baseName + extension;
    }
}
