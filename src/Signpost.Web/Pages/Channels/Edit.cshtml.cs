using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;
using Signpost.Policy;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Channels;

/// <summary>Changes a channel's register details (capability 1; 004 §6.8).</summary>
[RequireRoles(OrganisationRoles.CommunicationsManager | OrganisationRoles.Administrator)]
public sealed class EditModel(AppDbContext db, ChannelService channels) : SignpostPageModel
{
    public const string Prefix = "Input";

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public DetailsInput Input { get; set; } = new();

    public Channel Channel { get; private set; } = null!;

    public IReadOnlyList<(string Value, string Text)> Teams { get; private set; } = [];

    /// <summary>The handle rules' findings for the kind of account as submitted (004 §6.7.9).</summary>
    public IReadOnlyList<Finding> HandleFindings { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        Input = DetailsInput.From(Channel);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        var reviewOn = Input.ReviewOn.Parse("The review date", out var dateError);
        if (dateError is not null)
        {
            AddError($"{Prefix}.{nameof(DetailsInput.ReviewOn)}", dateError);
        }
        else
        {
            try
            {
                await channels.UpdateDetailsAsync(OrganisationContext.OrganisationId, Id, Input.ToOptions(reviewOn), await GetActorAsync(), HttpContext.RequestAborted);
                return RedirectWithNotification($"{OrganisationPath}/channels/{Id}", "The channel’s register details have been saved");
            }
            catch (InvalidRequestException e)
            {
                AddErrors(e, Prefix);
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
        }

        HandleFindings = channels.CheckHandle(OrganisationContext.Current, Channel.Handle, Input.Kind);
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        var channel = await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == Id, HttpContext.RequestAborted);
        if (channel is null)
        {
            return false;
        }

        Channel = channel;
        Teams = await ChannelForms.TeamOptionsAsync(db, HttpContext.RequestAborted);
        HandleFindings = channels.CheckHandle(OrganisationContext.Current, channel.Handle, channel.AccountKind);
        return true;
    }

    public sealed class DetailsInput
    {
        public string? Name { get; set; }
        public string? OwningTeamId { get; set; }
        public string? AccountKind { get; set; }
        public string? Purpose { get; set; }
        public string? Objectives { get; set; }
        public string? MonitoringHours { get; set; }
        public DateParts ReviewOn { get; set; } = new();
        public string? ApprovalsRequired { get; set; }

        public AccountKind Kind => Enum.TryParse<AccountKind>(AccountKind, out var kind) && kind != Policy.AccountKind.Personal ? kind : Policy.AccountKind.Corporate;

        public static DetailsInput From(Channel channel) => new()
        {
            Name = channel.Name,
            OwningTeamId = channel.OwningTeamId?.ToString(),
            AccountKind = channel.AccountKind.ToString(),
            Purpose = channel.Purpose,
            Objectives = channel.Objectives,
            MonitoringHours = channel.MonitoringHours,
            ReviewOn = DateParts.From(channel.ReviewOn),
            ApprovalsRequired = channel.ApprovalsRequired.ToString(CultureInfo.InvariantCulture),
        };

        public ChannelDetailsOptions ToOptions(DateOnly? reviewOn) => new(
            Name,
            Guid.TryParse(OwningTeamId, out var team) ? team : null,
            Purpose,
            Objectives,
            MonitoringHours,
            reviewOn,
            Enum.TryParse<AccountKind>(AccountKind, out var kind) ? kind : (AccountKind)(-1),
            int.TryParse(ApprovalsRequired, NumberStyles.None, CultureInfo.InvariantCulture, out var approvals) ? approvals : 0);
    }
}
