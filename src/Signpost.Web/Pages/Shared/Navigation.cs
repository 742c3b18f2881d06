using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;

namespace Signpost.Web.Pages.Shared;

/// <summary>A link in the header's navigation.</summary>
public sealed record NavigationItem(string Text, string Href, string Section);

/// <summary>
/// What the navigation shows: only sections that exist, and only those the person's roles in
/// the current organisation allow.
/// </summary>
public static class Navigation
{
    public static IReadOnlyList<NavigationItem> For(OrganisationContext organisation)
    {
        if (organisation.Organisation is not { } current)
        {
            return [];
        }

        var o = $"/o/{current.Slug}";
        const OrganisationRoles comms = OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager;
        var items = new List<NavigationItem> { new("Home", o, "home") };
        if (organisation.Has(comms))
        {
            items.Add(new("Inbox", $"{o}/inbox", "inbox"));
            items.Add(new("Posts", $"{o}/posts", "posts"));
            items.Add(new("Calendar", $"{o}/calendar", "calendar"));
        }

        // Any member may ask the communications team to post something (004 §6.1.3).
        items.Add(new("Content requests", $"{o}/requests", "requests"));
        items.Add(new("Check a post", $"{o}/check", "check"));
        if (organisation.Has(comms))
        {
            items.Add(new("Media", $"{o}/media", "media"));
        }

        if (organisation.Has(comms | OrganisationRoles.Administrator))
        {
            items.Add(new("Channels", $"{o}/channels", "channels"));
        }

        if (organisation.Has(OrganisationRoles.CommunicationsManager | OrganisationRoles.DutyManager))
        {
            items.Add(new("On-call rota", $"{o}/on-call", "on-call"));
        }

        if (organisation.Has(OrganisationRoles.SafeguardingLead))
        {
            items.Add(new("Safeguarding", $"{o}/safeguarding", "safeguarding"));
        }

        if (organisation.Has(OrganisationRoles.CommunicationsManager | OrganisationRoles.Administrator))
        {
            items.Add(new("House rules", $"{o}/house-rules", "house-rules"));
            items.Add(new("Policy settings", $"{o}/settings", "settings"));
        }

        if (organisation.Has(OrganisationRoles.Auditor | OrganisationRoles.Administrator))
        {
            items.Add(new("Audit trail", $"{o}/audit", "audit"));
        }

        if (organisation.Has(OrganisationRoles.Administrator))
        {
            items.Add(new("Administration", $"{o}/admin", "admin"));
        }

        return items;
    }
}
