using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Media;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Media;

/// <summary>
/// Adds a picture or video to the library with a plain multipart form (works without JavaScript).
/// Only this page accepts bodies as large as a video: the limits are raised here, not for the host.
/// </summary>
[RequireRoles(OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager)]
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class UploadModel(MediaService media) : SignpostPageModel
{
    /// <summary>The largest video, and room for the other fields and a caption file.</summary>
    public const long MaxRequestBytes = MediaService.MaxVideoBytes + (2 * 1024 * 1024);

    [BindProperty(Name = "File")]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? AltText { get; set; }

    [BindProperty]
    public string? Captions { get; set; }

    [BindProperty]
    public IFormFile? CaptionsFile { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var captions = await CaptionsTextAsync(CaptionsFile, Captions, HttpContext.RequestAborted);
        if (captions.Problem is { } problem)
        {
            AddError(nameof(CaptionsFile), problem);
            return Page();
        }

        try
        {
            await using var stream = Upload?.OpenReadStream();
            var uploaded = await media.UploadAsync(OrganisationContext.OrganisationId,
                new UploadMediaOptions(Upload?.FileName, stream ?? Stream.Null, Title, AltText, captions.Text),
                await GetActorAsync(), HttpContext.RequestAborted);
            var message = uploaded.Duplicates.Count > 0
                ? $"{uploaded.Item.FileName} has been added. The same file was already in the library"
                : $"{uploaded.Item.FileName} has been added to the library";
            return RedirectWithNotification($"{OrganisationPath}/media/{uploaded.Item.Id}", message);
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e);
            return Page();
        }
    }

    /// <summary>Captions from an uploaded .vtt file when one was chosen, else the pasted text.</summary>
    internal static async Task<(string? Text, string? Problem)> CaptionsTextAsync(IFormFile? file, string? pasted, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return (pasted, null);
        }

        if (file.Length > WebVtt.MaxLength)
        {
            return (null, $"The caption file must be {WebVtt.MaxLength / 1000:N0} KB or smaller");
        }

        using var reader = new StreamReader(file.OpenReadStream(), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = await reader.ReadToEndAsync(ct);
        return WebVtt.Normalise(text) is { } normalised && WebVtt.Problem(normalised) is { } problem
            ? (null, "The caption file is not WebVTT: " + char.ToLowerInvariant(problem[0]) + problem[1..])
            : (text, null);
    }
}
