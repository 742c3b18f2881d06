using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages;

/// <summary>The error pages: not found, forbidden, and a failure that was logged.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(ILogger<ErrorModel> logger) : SignpostPageModel
{
    public int Status { get; private set; }

    public string? TraceId { get; private set; }

    // Only from the address (/error/404): a re-executed form post must not choose the status.
    public void OnGet([FromRoute] int? code) => Handle(code);

    public void OnPost([FromRoute] int? code) => Handle(code);

    private void Handle(int? code)
    {
        Status = code is >= 400 and <= 599 ? code.Value : 500;
        TraceId = HttpContext.TraceIdentifier;
        if (Status == 500 && HttpContext.Features.Get<IExceptionHandlerPathFeature>() is { } failure)
        {
            logger.LogError(failure.Error, "Unhandled failure on {Path}", failure.Path);
        }

        Response.StatusCode = Status;
    }
}
