using Microsoft.AspNetCore.Mvc;
using Signpost.Core.Features.Calendar;
using Signpost.Core.Features.Posts;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Calendar.Campaigns;

/// <summary>The campaign form, as typed.</summary>
public sealed class CampaignInput
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public DateParts StartsOn { get; set; } = new();
    public DateParts EndsOn { get; set; } = new();

    public static CampaignInput From(Campaign campaign) => new()
    {
        Name = campaign.Name,
        Description = campaign.Description,
        StartsOn = DateParts.From(campaign.StartsOn),
        EndsOn = DateParts.From(campaign.EndsOn),
    };

    /// <summary>The options for the Core, or every mistake the page can see when a date is not a real date.</summary>
    public (SaveCampaignOptions? Options, IReadOnlyDictionary<string, string[]> Errors) Read()
    {
        var starts = StartsOn.Parse("The start date", out var startsError);
        var ends = EndsOn.Parse("The end date", out var endsError);
        var options = new SaveCampaignOptions(Name, Description, starts, ends);
        if (startsError is null && endsError is null)
        {
            return (options, new Dictionary<string, string[]>());
        }

        var errors = CalendarService.CheckCampaign(options with { StartsOn = null, EndsOn = null }).ToDictionary(e => e.Key, e => e.Value);
        if (startsError is not null)
        {
            errors["StartsOn"] = [startsError];
        }

        if (endsError is not null)
        {
            errors["EndsOn"] = [endsError];
        }

        return (null, errors);
    }
}

/// <summary>What the add and change pages share: the form, and its errors in the form's order.</summary>
public abstract class CampaignPage : SignpostPageModel
{
    private static readonly string[] Order = ["Name", "Description", "StartsOn", "EndsOn", ""];

    [BindProperty]
    public CampaignInput Input { get; set; } = new();

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
