using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Validation;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Public;

/// <summary>
/// A department answers a question the communications team passed on (004 §6.4.4), without signing
/// in: the link's secret is the key (only its hash is stored) and it expires. The page shows the
/// question and the message, and nothing else of the organisation.
/// </summary>
public sealed class HandOffModel(DepartmentHandOffService handOffs) : SignpostPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    [BindProperty]
    public string? Answer { get; set; }

    [BindProperty]
    public string? AnsweredBy { get; set; }

    public HandOffForDepartment HandOff { get; private set; } = null!;
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        // The secret is in the address: keep it out of other sites' Referer headers.
        Response.Headers["Referrer-Policy"] = "no-referrer";
        var found = await handOffs.FindByTokenAsync(Token, HttpContext.RequestAborted);
        if (found is null)
        {
            return NotFound();
        }

        HandOff = found;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Response.Headers["Referrer-Policy"] = "no-referrer";
        var found = await handOffs.FindByTokenAsync(Token, HttpContext.RequestAborted);
        if (found is null)
        {
            return NotFound();
        }

        HandOff = found;
        try
        {
            await handOffs.AnswerAsync(Token, Answer, AnsweredBy, HttpContext.RequestAborted);
            Done = true;
        }
        catch (InvalidRequestException e)
        {
            AddErrors(e);
        }

        return Page();
    }
}
