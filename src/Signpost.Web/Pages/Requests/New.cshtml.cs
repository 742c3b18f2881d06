using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.ContentRequests;
using Signpost.Core.Features.Media;
using Signpost.Core.Validation;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Requests;

/// <summary>Any member asks the communications team to post something (004 §6.1.3, §6.2.4).</summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class NewModel(ContentRequestService requests) : SignpostPageModel
{
    /// <summary>Five pictures of up to 10 MB each, and the text.</summary>
    public const long MaxRequestBytes = (ContentRequestService.MaxAttachments * MediaService.MaxImageBytes) + (1024 * 1024);

    [BindProperty]
    public RequestInput Input { get; set; } = new();

    [BindProperty(Name = "Attachments")]
    public List<IFormFile> Attachments { get; set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var kind = Enum.TryParse<ContentRequestKind>(Input.Kind, ignoreCase: false, out var k) && Enum.IsDefined(k) ? k : (ContentRequestKind)(-1);
        var publishFrom = Input.PublishFrom.Parse("The earliest date", out var fromError);
        var publishBy = Input.PublishBy.Parse("The date it must go out by", out var byError);
        if (fromError is not null || byError is not null)
        {
            // Every mistake at once: the boxes' own, and the rest of the form's.
            ShowErrors(requests.Validate(Options(kind, publishFrom, publishBy, [])), fromError, byError);
            return Page();
        }

        var streams = new List<Stream>();
        try
        {
            var attachments = new List<ContentRequestAttachment>();
            foreach (var file in Attachments.Where(f => f.Length > 0))
            {
                var stream = file.OpenReadStream();
                streams.Add(stream);
                attachments.Add(new ContentRequestAttachment(file.FileName, stream));
            }

            var request = await requests.SubmitAsync(OrganisationContext.OrganisationId, Options(kind, publishFrom, publishBy, attachments), await GetActorAsync(), HttpContext.RequestAborted);
            return RedirectWithNotification($"{OrganisationPath}/requests/{request.Id}", "Your request has been sent to the communications team");
        }
        catch (InvalidRequestException e)
        {
            ShowErrors(e.Errors, null, null);
            return Page();
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private SubmitContentRequestOptions Options(ContentRequestKind kind, DateOnly? from, DateOnly? by, IReadOnlyList<ContentRequestAttachment> attachments) =>
        new(kind, Input.Title, Input.Details, Input.Why, Input.Audience, from, by, Input.Links, attachments);

    /// <summary>The Core's errors and the date boxes' own, in the order of the form.</summary>
    private void ShowErrors(IReadOnlyDictionary<string, string[]> errors, string? fromError, string? byError)
    {
        var order = new[] { "Kind", "Title", "Details", "Why", "Audience", "PublishFrom", "PublishBy", "Links", "Attachments", "" };
        var all = errors.ToDictionary(x => x.Key, x => x.Value.ToList());
        if (fromError is not null)
        {
            all["PublishFrom"] = [fromError];
        }

        if (byError is not null)
        {
            all["PublishBy"] = [byError];
        }

        foreach (var field in order.Concat(all.Keys.Except(order)))
        {
            if (all.TryGetValue(field, out var messages))
            {
                foreach (var message in messages)
                {
                    AddError(field is "Attachments" or "" ? field : $"{nameof(Input)}.{field}", message);
                }
            }
        }
    }

    public sealed class RequestInput
    {
        public string? Kind { get; set; }
        public string? Title { get; set; }
        public string? Details { get; set; }
        public string? Why { get; set; }
        public string? Audience { get; set; }
        public DateParts PublishFrom { get; set; } = new();
        public DateParts PublishBy { get; set; } = new();
        public string? Links { get; set; }
    }
}
