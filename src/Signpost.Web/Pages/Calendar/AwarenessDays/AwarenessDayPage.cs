using Microsoft.AspNetCore.Mvc;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Calendar.AwarenessDays;

/// <summary>What the add and change pages share: the form, and its errors in the form's order.</summary>
public abstract class AwarenessDayPage : SignpostPageModel
{
    private static readonly string[] Order = ["Name", "StartsOn", "EndsOn", "Link", "Notes", ""];

    [BindProperty]
    public AwarenessDayInput Input { get; set; } = new();

    protected void ShowErrors(IReadOnlyDictionary<string, string[]> errors)
    {
        foreach (var field in Order.Concat(errors.Keys.Except(Order)))
        {
            if (errors.TryGetValue(field, out var messages))
            {
                foreach (var message in messages)
                {
                    AddError(field.Length == 0 ? "" : $"{nameof(Input)}.{field}", message);
                }
            }
        }
    }
}
