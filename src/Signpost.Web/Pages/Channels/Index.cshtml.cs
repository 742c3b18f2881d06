using Microsoft.EntityFrameworkCore;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Users;
using Signpost.Platforms;
using Signpost.Web.Infrastructure;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Channels;

public sealed record ChannelRow(Guid Id, string Name, Network Network, string Handle, string? Team, ChannelStatus Status, string? StatusReason, DateTimeOffset? CredentialExpiresAt);

/// <summary>The channel register: every account the organisation has connected (capability 1).</summary>
[RequireRoles(OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager | OrganisationRoles.Administrator)]
public sealed class IndexModel(AppDbContext db, TimeProvider time) : SignpostPageModel
{
    public IReadOnlyList<ChannelRow> Channels { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public bool CanManage => OrganisationContext.Has(ChannelService.ManagerRoles);

    public async Task OnGetAsync()
    {
        Now = time.GetUtcNow();
        Channels = await db.Channels.AsNoTracking()
            .OrderBy(c => c.Name)
            .Select(c => new ChannelRow(c.Id, c.Name, c.Network, c.Handle,
                db.Teams.Where(t => t.Id == c.OwningTeamId).Select(t => t.Name).FirstOrDefault(),
                c.Status, c.StatusReason, c.CredentialExpiresAt))
            .ToListAsync(HttpContext.RequestAborted);
    }
}
