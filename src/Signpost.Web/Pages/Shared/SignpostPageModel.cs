using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Web.Infrastructure;

namespace Signpost.Web.Pages.Shared;

/// <summary>What every Signpost page model shares: the signed-in person, errors, confirmations.</summary>
public abstract class SignpostPageModel : PageModel
{
    public const string NotificationKey = "Notification";

    [TempData(Key = NotificationKey)]
    public string? Notification { get; set; }

    protected OrganisationContext OrganisationContext => HttpContext.RequestServices.GetRequiredService<OrganisationContext>();

    protected string OrganisationPath => $"/o/{OrganisationContext.Current.Slug}";

    protected async Task<User> GetCurrentUserAsync()
    {
        var id = User.GetUserId() ?? throw new InvalidOperationException("No one is signed in.");
        var db = HttpContext.RequestServices.GetRequiredService<AppDbContext>();
        return await db.Users.FirstAsync(u => u.Id == id, HttpContext.RequestAborted);
    }

    protected async Task<Actor> GetActorAsync() => AccountService.ActorFor(await GetCurrentUserAsync());

    /// <summary>
    /// The fields with errors, in the order they were found (the order of the form): the error
    /// summary lists them so, as the NHS.UK design system asks, not in ModelState's sorted order.
    /// </summary>
    public IList<string> ErrorOrder { get; } = [];

    /// <summary>An error next to a field and in the error summary.</summary>
    protected void AddError(string key, string message)
    {
        if (!ErrorOrder.Contains(key))
        {
            ErrorOrder.Add(key);
        }

        ModelState.AddModelError(key, message);
    }

    /// <summary>Shows the Core's field errors next to the fields; prefix is the bound object's name.</summary>
    protected void AddErrors(InvalidRequestException exception, string prefix = "")
    {
        foreach (var (field, messages) in exception.Errors)
        {
            var key = field.Length == 0 ? "" : prefix.Length == 0 ? field : $"{prefix}.{field}";
            foreach (var message in messages)
            {
                AddError(key, message);
            }
        }
    }

    protected RedirectResult RedirectWithNotification(string url, string notification)
    {
        Notification = notification;
        return Redirect(url);
    }
}
