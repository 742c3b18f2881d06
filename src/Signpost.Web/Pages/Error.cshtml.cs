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

    public void OnGet(int? code) => Handle(code);

    public void OnPost(int? code) => Handle(code);

    private void Handle(int? code)
    {
        Status = code ?? 500;
        TraceId = HttpContext.TraceIdentifier;
        if (Status == 500 && HttpContext.Features.Get<IExceptionHandlerPathFeature>() is { } failure)
        {
            logger.LogError(failure.Error, "Unhandled failure on {Path}", failure.Path);
        }

        Response.StatusCode = Status;
    }
}
