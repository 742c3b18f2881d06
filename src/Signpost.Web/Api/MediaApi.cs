using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Media;
using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;

namespace Signpost.Web.Api;

/// <summary>A media library item. Send its <c>id</c> in a post's <c>mediaIds</c>.</summary>
public sealed record MediaDto(
    Guid Id,
    string FileName,
    string? Title,
    string ContentType,
    string Kind,
    long SizeBytes,
    int? Width,
    int? Height,
    string? AltText,
    bool HasCaptions,
    string Sha256,
    DateTimeOffset CreatedAt);

/// <summary>A new item, and the items that already had the same bytes (a warning, not an error).</summary>
public sealed record UploadedMediaDto(MediaDto Media, IReadOnlyList<Guid> DuplicateOf);

/// <summary>The title, alt text and captions of an item. A field left out (null) is cleared.</summary>
public sealed record UpdateMediaRequest(string? Title, string? AltText, string? Captions);

/// <summary>The media library for API clients (communications officers and managers): upload pictures and videos with alt text and captions, so that posts can use them.</summary>
public static class MediaApi
{
    private const OrganisationRoles Comms = OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager;

    public static void MapMediaApi(this RouteGroupBuilder api)
    {
        var media = api.MapGroup("/media").WithMetadata(new RequireRolesAttribute(Comms));

        media.MapGet("/", async (AppDbContext db, CancellationToken ct, int? skip, int? take) =>
            TypedResults.Ok(await db.MediaItems.AsNoTracking().Where(m => m.DeletedAt == null)
                .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
                .Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(take ?? 100, 1, 500))
                .Select(m => new MediaDto(m.Id, m.FileName, m.Title, m.ContentType, m.Type.ToString().ToLowerInvariant(), m.SizeBytes, m.Width, m.Height, m.AltText, m.Captions != null, m.Sha256, m.CreatedAt))
                .ToListAsync(ct)))
            .WithSummary("The media library, newest first (skip, take: up to 500).");

        media.MapGet("/{id:guid}", async Task<Results<Ok<MediaDto>, NotFound>> (Guid id, AppDbContext db, CancellationToken ct) =>
        {
            var item = await db.MediaItems.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && m.DeletedAt == null, ct);
            return item is null ? TypedResults.NotFound() : TypedResults.Ok(Dto(item));
        }).WithSummary("One media library item.");

        media.MapPost("/", async ([FromForm] IFormFile? file, [FromForm] string? altText, [FromForm] string? title, [FromForm] string? captions,
            OrganisationContext organisation, MediaService service, AppDbContext db, CancellationToken ct) =>
        {
            var actor = await TeamsApi.ActorAsync(db, organisation, ct);
            await using var stream = file?.OpenReadStream();
            var uploaded = await service.UploadAsync(organisation.OrganisationId, new UploadMediaOptions(file?.FileName, stream ?? Stream.Null, title, altText, captions), actor, ct);
            return TypedResults.Created($"/api/v1/media/{uploaded.Item.Id}", new UploadedMediaDto(Dto(uploaded.Item), [.. uploaded.Duplicates.Select(d => d.Id)]));
        }).DisableAntiforgery() // a bearer token, never a cookie: no cross-site request can send it
          .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes))
          .WithFormOptions(multipartBodyLengthLimit: MaxRequestBytes)
          .ProducesValidationProblem()
          .WithSummary("Adds a picture (JPEG, PNG, GIF, WebP up to 10 MB) or an MP4 video (up to 100 MB) as multipart/form-data: file, altText, title, captions (WebVTT). The type is read from the content, not the name.");

        media.MapPut("/{id:guid}", async (Guid id, UpdateMediaRequest request, OrganisationContext organisation, MediaService service, AppDbContext db, CancellationToken ct) =>
        {
            var actor = await TeamsApi.ActorAsync(db, organisation, ct);
            await service.UpdateAsync(organisation.OrganisationId, id, new UpdateMediaOptions(request.Title, request.AltText, request.Captions), actor, ct);
            return TypedResults.NoContent();
        }).ProducesValidationProblem()
          .WithSummary("Changes an item's title, alt text and captions.");

        media.MapDelete("/{id:guid}", async (Guid id, OrganisationContext organisation, MediaService service, AppDbContext db, CancellationToken ct) =>
        {
            var actor = await TeamsApi.ActorAsync(db, organisation, ct);
            await service.DeleteAsync(organisation.OrganisationId, id, actor, ct);
            return TypedResults.NoContent();
        }).ProducesValidationProblem()
          .WithSummary("Deletes an item from the library; refused while a post that has not been published uses it.");
    }

    /// <summary>The largest video, and room for the other fields.</summary>
    private const long MaxRequestBytes = MediaService.MaxVideoBytes + (2 * 1024 * 1024);

    private static MediaDto Dto(MediaItem m) =>
        new(m.Id, m.FileName, m.Title, m.ContentType, m.Type.ToString().ToLowerInvariant(), m.SizeBytes, m.Width, m.Height, m.AltText, m.Captions != null, m.Sha256, m.CreatedAt);
}
