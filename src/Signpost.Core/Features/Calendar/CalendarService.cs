using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Posts;
using Signpost.Core.Features.Users;
using Signpost.Core.Time;
using Signpost.Core.Validation;

namespace Signpost.Core.Features.Calendar;

public sealed record SaveAwarenessDayOptions(string? Name, DateOnly? StartsOn, DateOnly? EndsOn, string? Link, string? Notes);

public sealed record SaveCampaignOptions(string? Name, string? Description, DateOnly? StartsOn, DateOnly? EndsOn);

/// <summary>What to show: a range of London days, and optionally one channel or one campaign.</summary>
public sealed record CalendarQuery(DateOnly From, DateOnly To, Guid? ChannelId = null, Guid? CampaignId = null);

/// <summary>
/// A post on the calendar on one London day: its channels there, and where it stands. A post whose
/// channels went out on different days (a retry after midnight) has an entry on each.
/// </summary>
public sealed record CalendarEntry(
    Guid PostId,
    string Title,
    DateTimeOffset At,
    DateOnly Day,
    PostState PostState,
    string StateText,
    IReadOnlyList<string> Channels,
    string? Campaign,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Published on every channel listed.</summary>
    public bool Published => StateText == "Published";
}

/// <summary>An awareness day or week on the calendar.</summary>
public sealed record CalendarAwarenessDay(Guid Id, string Name, DateOnly StartsOn, DateOnly EndsOn, string? Link, string? Notes, DateTimeOffset CreatedAt);

/// <summary>What a range of the calendar holds.</summary>
public sealed record CalendarView(IReadOnlyList<CalendarEntry> Entries, IReadOnlyList<CalendarAwarenessDay> AwarenessDays)
{
    public IEnumerable<CalendarEntry> On(DateOnly day) => Entries.Where(e => e.Day == day).OrderBy(e => e.At).ThenBy(e => e.Title, StringComparer.Ordinal);

    public IEnumerable<CalendarAwarenessDay> AwarenessOn(DateOnly day) => AwarenessDays.Where(a => a.StartsOn <= day && a.EndsOn >= day);
}

/// <summary>A new feed address: the secret is shown once and never stored.</summary>
public sealed record CreatedCalendarFeed(CalendarFeed Feed, string Secret);

/// <summary>
/// The publishing calendar (capability 7): scheduled and published posts by channel and campaign,
/// placed on Europe/London days; the awareness days the team plans around; campaigns; and each
/// person's secret iCalendar feed.
/// </summary>
public sealed class CalendarService(AppDbContext db, AuditTrail audit, TimeProvider time)
{
    /// <summary>The roles that use the calendar; a feed works only while its owner holds one.</summary>
    public const OrganisationRoles CalendarRoles = OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager;

    /// <summary>How far back and ahead a feed reaches: calendar apps poll it, so it stays small.</summary>
    public static readonly TimeSpan FeedPast = TimeSpan.FromDays(92);

    public static readonly TimeSpan FeedAhead = TimeSpan.FromDays(400);

    /// <summary>How often a feed's "last used" time is written: calendar apps poll every few minutes.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromHours(1);

    // ---- Reading the calendar ----

    /// <summary>The posts and awareness days in a range of London days, in the organisation in scope.</summary>
    public async Task<CalendarView> GetAsync(Guid organisationId, CalendarQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var entries = await EntriesAsync(db.Posts.Where(p => p.OrganisationId == organisationId), db.Channels.Where(c => c.OrganisationId == organisationId),
            db.Campaigns.Where(c => c.OrganisationId == organisationId), LondonTime.StartOfDay(query.From), LondonTime.StartOfDay(query.To.AddDays(1)), query.ChannelId, query.CampaignId, ct);
        var days = await AwarenessDaysAsync(db.AwarenessDays.Where(a => a.OrganisationId == organisationId), query.From, query.To, ct);
        return new CalendarView(entries, days);
    }

    /// <summary>The London day an instant falls on (23:30 UTC in summer is the next London day).</summary>
    public static DateOnly LondonDay(DateTimeOffset utc) => DateOnly.FromDateTime(LondonTime.ToLondon(utc).DateTime);

    private static async Task<List<CalendarEntry>> EntriesAsync(IQueryable<Post> posts, IQueryable<Channel> channels, IQueryable<Campaign> campaigns,
        DateTimeOffset start, DateTimeOffset end, Guid? channelId, Guid? campaignId, CancellationToken ct)
    {
        var query = posts.AsNoTracking()
            .Where(p => p.State != PostState.Cancelled)
            .Where(p => (p.ScheduledFor >= start && p.ScheduledFor < end)
                || p.Publications.Any(x => (x.PublishedAt >= start && x.PublishedAt < end) || (x.DueAt >= start && x.DueAt < end)));
        if (channelId is { } channel)
        {
            query = query.Where(p => p.Publications.Any(x => x.ChannelId == channel && x.State != PublicationState.Cancelled));
        }

        if (campaignId is { } campaign)
        {
            query = query.Where(p => p.CampaignId == campaign);
        }

        var rows = await query
            .Select(p => new
            {
                p.Id,
                p.Title,
                p.State,
                p.ScheduledFor,
                p.CampaignId,
                p.UpdatedAt,
                Publications = p.Publications.Where(x => x.State != PublicationState.Cancelled)
                    .Select(x => new { x.ChannelId, x.State, x.PublishedAt, x.DueAt }).ToList(),
            })
            .ToListAsync(ct);
        var channelNames = await channels.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var campaignNames = await campaigns.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);

        var entries = new List<CalendarEntry>();
        foreach (var post in rows)
        {
            var campaignName = post.CampaignId is { } c ? campaignNames.GetValueOrDefault(c) : null;
            var publications = post.Publications.Where(x => channelId is null || x.ChannelId == channelId).ToList();
            if (publications.Count == 0)
            {
                // A planned post with no channel chosen yet still has its day.
                if (post.ScheduledFor is { } at && at >= start && at < end)
                {
                    entries.Add(new CalendarEntry(post.Id, post.Title, at, LondonDay(at), post.State, PostStateText.Describe(post.State), [], campaignName, post.UpdatedAt));
                }

                continue;
            }

            // Each channel is placed when it went out, or when it is due; channels at the same London
            // day and in the same condition share an entry.
            var placed = publications
                .Select(x => new
                {
                    x.ChannelId,
                    At = x.PublishedAt ?? x.DueAt ?? post.ScheduledFor,
                    Text = x.State switch
                    {
                        PublicationState.Published => "Published",
                        PublicationState.Failed => "Failed",
                        PublicationState.Unknown => "Outcome unknown",
                        _ => PostStateText.Describe(post.State is PostState.Published or PostState.Failed ? PostState.Publishing : post.State),
                    },
                })
                .Where(x => x.At is { } at && at >= start && at < end)
                .GroupBy(x => (Day: LondonDay(x.At!.Value), x.Text));
            foreach (var group in placed)
            {
                var at = group.Min(x => x.At!.Value);
                var names = group.Select(x => channelNames.GetValueOrDefault(x.ChannelId, "A removed channel")).Order(StringComparer.Ordinal).ToList();
                entries.Add(new CalendarEntry(post.Id, post.Title, at, group.Key.Day, post.State, group.Key.Text, names, campaignName, post.UpdatedAt));
            }
        }

        return [.. entries.OrderBy(e => e.At).ThenBy(e => e.Title, StringComparer.Ordinal)];
    }

    private static async Task<List<CalendarAwarenessDay>> AwarenessDaysAsync(IQueryable<AwarenessDay> days, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rows = await days.AsNoTracking()
            .Where(a => a.StartsOn <= to && (a.EndsOn ?? a.StartsOn) >= from)
            .OrderBy(a => a.StartsOn).ThenBy(a => a.Name)
            .ToListAsync(ct);
        return [.. rows.Select(a => new CalendarAwarenessDay(a.Id, a.Name, a.StartsOn, a.EndsOn ?? a.StartsOn, a.Link, a.Notes, a.CreatedAt))];
    }

    // ---- Awareness days ----

    public async Task<AwarenessDay> AddAwarenessDayAsync(Guid organisationId, SaveAwarenessDayOptions options, Actor actor, CancellationToken ct = default)
    {
        var valid = ValidateAwarenessDay(options);
        var day = new AwarenessDay
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            Name = valid.Name,
            StartsOn = valid.StartsOn,
            EndsOn = valid.EndsOn,
            Link = valid.Link,
            Notes = valid.Notes,
            CreatedByUserId = actor.UserId,
            CreatedAt = time.GetUtcNow(),
        };
        db.AwarenessDays.Add(day);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.AwarenessDayAdded, actor, organisationId, $"Added the awareness day \u201C{day.Name}\u201D to the calendar", "AwarenessDay", day.Id.ToString(),
            new { day.Name, day.StartsOn, day.EndsOn, day.Link, day.Notes }), ct);
        return day;
    }

    public async Task UpdateAwarenessDayAsync(Guid organisationId, Guid awarenessDayId, SaveAwarenessDayOptions options, Actor actor, CancellationToken ct = default)
    {
        var day = await db.AwarenessDays.FirstOrDefaultAsync(a => a.Id == awarenessDayId && a.OrganisationId == organisationId, ct)
            ?? throw new NotFoundException("Awareness day", awarenessDayId);
        var valid = ValidateAwarenessDay(options);
        var changes = AuditRecord.Diff(("name", day.Name, valid.Name), ("startsOn", day.StartsOn, valid.StartsOn), ("endsOn", day.EndsOn, valid.EndsOn),
            ("link", day.Link, valid.Link), ("notes", day.Notes, valid.Notes));
        if (changes.Count == 0)
        {
            return;
        }

        (day.Name, day.StartsOn, day.EndsOn, day.Link, day.Notes) = (valid.Name, valid.StartsOn, valid.EndsOn, valid.Link, valid.Notes);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.AwarenessDayUpdated, actor, organisationId, $"Changed the awareness day \u201C{day.Name}\u201D", "AwarenessDay", day.Id.ToString(), changes), ct);
    }

    public async Task RemoveAwarenessDayAsync(Guid organisationId, Guid awarenessDayId, Actor actor, CancellationToken ct = default)
    {
        var day = await db.AwarenessDays.FirstOrDefaultAsync(a => a.Id == awarenessDayId && a.OrganisationId == organisationId, ct)
            ?? throw new NotFoundException("Awareness day", awarenessDayId);
        db.AwarenessDays.Remove(day);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.AwarenessDayRemoved, actor, organisationId, $"Removed the awareness day \u201C{day.Name}\u201D from the calendar", "AwarenessDay", day.Id.ToString(),
            new { day.Name, day.StartsOn, day.EndsOn }), ct);
    }

    /// <summary>
    /// The mistakes in an awareness day, without saving anything: for a page that has its own errors
    /// (a date that is not a real date) and shows every mistake at once.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> CheckAwarenessDay(SaveAwarenessDayOptions options)
    {
        var errors = new ValidationErrors();
        ValidateAwarenessDay(errors, options);
        return errors.ToException().Errors;
    }

    private static (string Name, DateOnly StartsOn, DateOnly? EndsOn, string? Link, string? Notes) ValidateAwarenessDay(SaveAwarenessDayOptions options)
    {
        var errors = new ValidationErrors();
        var valid = ValidateAwarenessDay(errors, options);
        errors.ThrowIfAny();
        return valid;
    }

    private static (string Name, DateOnly StartsOn, DateOnly? EndsOn, string? Link, string? Notes) ValidateAwarenessDay(ValidationErrors errors, SaveAwarenessDayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = Clean(options.Name);
        var link = Clean(options.Link);
        var notes = Clean(options.Notes);
        errors.Required("Name", name, "Enter the name of the awareness day");
        errors.MaxLength("Name", name, 200, "Name");
        if (options.StartsOn is null)
        {
            errors.Add("StartsOn", "Enter the first day");
        }
        else if (options.EndsOn is { } ends && ends < options.StartsOn)
        {
            errors.Add("EndsOn", "The last day must be the same as or after the first day");
        }
        else if (options.EndsOn is { } last && last.DayNumber - options.StartsOn.Value.DayNumber > 366)
        {
            errors.Add("EndsOn", "An awareness period can last up to a year");
        }

        ValidateLink(errors, "Link", link);
        errors.MaxLength("Notes", notes, 2000, "Notes");
        var endsOn = options.EndsOn == options.StartsOn ? null : options.EndsOn;
        return (name ?? "", options.StartsOn ?? default, endsOn, link, notes);
    }

    // ---- Campaigns ----

    public async Task<Campaign> CreateCampaignAsync(Guid organisationId, SaveCampaignOptions options, Actor actor, CancellationToken ct = default)
    {
        var valid = await ValidateCampaignAsync(organisationId, null, options, ct);
        var campaign = new Campaign
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            Name = valid.Name,
            Description = valid.Description,
            StartsOn = options.StartsOn,
            EndsOn = options.EndsOn,
            CreatedAt = time.GetUtcNow(),
        };
        db.Campaigns.Add(campaign);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.CampaignCreated, actor, organisationId, $"Created the campaign \u201C{campaign.Name}\u201D", "Campaign", campaign.Id.ToString(),
            new { campaign.Name, campaign.Description, campaign.StartsOn, campaign.EndsOn }), ct);
        return campaign;
    }

    public async Task UpdateCampaignAsync(Guid organisationId, Guid campaignId, SaveCampaignOptions options, Actor actor, CancellationToken ct = default)
    {
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId && c.OrganisationId == organisationId, ct)
            ?? throw new NotFoundException("Campaign", campaignId);
        var valid = await ValidateCampaignAsync(organisationId, campaignId, options, ct);
        var changes = AuditRecord.Diff(("name", campaign.Name, valid.Name), ("description", campaign.Description, valid.Description),
            ("startsOn", campaign.StartsOn, options.StartsOn), ("endsOn", campaign.EndsOn, options.EndsOn));
        if (changes.Count == 0)
        {
            return;
        }

        (campaign.Name, campaign.Description, campaign.StartsOn, campaign.EndsOn) = (valid.Name, valid.Description, options.StartsOn, options.EndsOn);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.CampaignUpdated, actor, organisationId, $"Changed the campaign \u201C{campaign.Name}\u201D", "Campaign", campaign.Id.ToString(), changes), ct);
    }

    /// <summary>Deletes a campaign; its posts stay, without a campaign.</summary>
    public async Task DeleteCampaignAsync(Guid organisationId, Guid campaignId, Actor actor, CancellationToken ct = default)
    {
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId && c.OrganisationId == organisationId, ct)
            ?? throw new NotFoundException("Campaign", campaignId);
        var posts = await db.Posts.Where(p => p.CampaignId == campaignId).ToListAsync(ct);
        foreach (var post in posts)
        {
            post.CampaignId = null;
        }

        db.Campaigns.Remove(campaign);
        await audit.SaveChangesAsync(new AuditRecord(AuditEventCode.CampaignDeleted, actor, organisationId, $"Deleted the campaign \u201C{campaign.Name}\u201D", "Campaign", campaign.Id.ToString(),
            new { campaign.Name, postsKept = posts.Count }), ct);
    }

    /// <summary>The mistakes in a campaign that can be seen without the database (see <see cref="CheckAwarenessDay"/>).</summary>
    public static IReadOnlyDictionary<string, string[]> CheckCampaign(SaveCampaignOptions options)
    {
        var errors = new ValidationErrors();
        ValidateCampaign(errors, options);
        return errors.ToException().Errors;
    }

    private static (string? Name, string? Description) ValidateCampaign(ValidationErrors errors, SaveCampaignOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = Clean(options.Name);
        var description = Clean(options.Description);
        errors.Required("Name", name, "Enter the campaign's name");
        errors.MaxLength("Name", name, 120, "Name");
        errors.MaxLength("Description", description, 2000, "Description");
        if (options.StartsOn is { } starts && options.EndsOn is { } ends && ends < starts)
        {
            errors.Add("EndsOn", "The end date must be the same as or after the start date");
        }

        return (name, description);
    }

    private async Task<(string Name, string? Description)> ValidateCampaignAsync(Guid organisationId, Guid? campaignId, SaveCampaignOptions options, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var (name, description) = ValidateCampaign(errors, options);
        if (name is not null && await db.Campaigns.AnyAsync(c => c.OrganisationId == organisationId && c.Name == name && c.Id != campaignId, ct))
        {
            errors.Add("Name", "Another campaign already has this name");
        }

        errors.ThrowIfAny();
        return (name!, description);
    }

    // ---- The iCalendar feed ----

    /// <summary>
    /// Gives the person a new secret feed address for this organisation's calendar (audited
    /// CalendarFeedCreated); any address they had is revoked (CalendarFeedRevoked). Only a hash of
    /// the secret is stored: the address is shown once.
    /// </summary>
    public async Task<CreatedCalendarFeed> CreateFeedAsync(Guid organisationId, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.UserId ?? throw new InvalidOperationException("A calendar feed belongs to a person.");
        var records = await RevokeActiveAsync(organisationId, userId, actor, ct);
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var feed = new CalendarFeed
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            UserId = userId,
            SecretHash = Hash(secret),
            CreatedAt = time.GetUtcNow(),
        };
        db.CalendarFeeds.Add(feed);
        records.Add(new AuditRecord(AuditEventCode.CalendarFeedCreated, actor, organisationId, "Created a calendar feed address", "CalendarFeed", feed.Id.ToString()));
        await audit.SaveChangesAsync(records, ct);
        return new CreatedCalendarFeed(feed, secret);
    }

    /// <summary>Stops the person's feed address working at once (audited CalendarFeedRevoked). False when they had none.</summary>
    public async Task<bool> RevokeFeedAsync(Guid organisationId, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.UserId ?? throw new InvalidOperationException("A calendar feed belongs to a person.");
        var records = await RevokeActiveAsync(organisationId, userId, actor, ct);
        if (records.Count == 0)
        {
            return false;
        }

        await audit.SaveChangesAsync(records, ct);
        return true;
    }

    /// <summary>The person's working feed in this organisation, if any.</summary>
    public Task<CalendarFeed?> ActiveFeedAsync(Guid organisationId, Guid userId, CancellationToken ct = default) =>
        db.CalendarFeeds.AsNoTracking().Where(f => f.OrganisationId == organisationId && f.UserId == userId && f.RevokedAt == null)
            .OrderByDescending(f => f.CreatedAt).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The iCalendar text for a feed address, or null when the secret is unknown or revoked, or its
    /// owner no longer holds a calendar role in the organisation (the caller answers 404).
    /// The address itself is the credential, so this runs with no signed-in person and no
    /// organisation scope: every query names the feed's organisation explicitly.
    /// </summary>
    /// <param name="secret">The secret from the address.</param>
    /// <param name="baseUrl">Where Signpost is reached, for the links to posts.</param>
    public async Task<string?> RenderFeedAsync(string secret, Uri baseUrl, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (string.IsNullOrEmpty(secret) || secret.Length > 100)
        {
            return null;
        }

        var hash = Hash(secret);
        var feed = await db.CalendarFeeds.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(f => f.SecretHash == hash && f.RevokedAt == null, ct);
        if (feed is null)
        {
            return null;
        }

        var organisationId = feed.OrganisationId;
        var membership = await db.Memberships.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.UserId == feed.UserId && m.OrganisationId == organisationId).Select(m => new { m.Roles }).FirstOrDefaultAsync(ct);
        if (membership is null || (membership.Roles & CalendarRoles) == 0)
        {
            return null;
        }

        var organisation = await db.Organisations.IgnoreQueryFilters().AsNoTracking().Where(o => o.Id == organisationId).Select(o => new { o.Name, o.Slug }).FirstAsync(ct);
        var now = time.GetUtcNow();
        var entries = await EntriesAsync(
            db.Posts.IgnoreQueryFilters().Where(p => p.OrganisationId == organisationId),
            db.Channels.IgnoreQueryFilters().Where(c => c.OrganisationId == organisationId),
            db.Campaigns.IgnoreQueryFilters().Where(c => c.OrganisationId == organisationId),
            now - FeedPast, now + FeedAhead, null, null, ct);
        var days = await AwarenessDaysAsync(db.AwarenessDays.IgnoreQueryFilters().Where(a => a.OrganisationId == organisationId),
            LondonDay(now - FeedPast), LondonDay(now + FeedAhead), ct);

        // Not a change of record: when a calendar app last fetched the feed, written at most once an
        // hour, outside the audited save (ExecuteUpdate), so that polling does not fill the audit trail.
        var stale = now - LastUsedResolution;
        await db.CalendarFeeds.IgnoreQueryFilters()
            .Where(f => f.Id == feed.Id && (f.LastUsedAt == null || f.LastUsedAt < stale))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.LastUsedAt, now), ct);

        return WriteFeed(organisation.Name, new Uri(baseUrl, $"/o/{organisation.Slug}/"), entries, days, baseUrl.Host);
    }

    /// <summary>The calendar as RFC 5545 text: one event per post, and all-day events for awareness days.</summary>
    internal static string WriteFeed(string organisationName, Uri organisationUrl, IReadOnlyList<CalendarEntry> entries, IReadOnlyList<CalendarAwarenessDay> days, string host)
    {
        var uidHost = string.IsNullOrEmpty(host) ? "signpost" : host;
        var ics = new ICalendarWriter()
            .Begin("VCALENDAR")
            .Property("VERSION", "2.0")
            .Property("PRODID", "-//Signpost//Publishing calendar//EN")
            .Property("CALSCALE", "GREGORIAN")
            .Text("X-WR-CALNAME", $"Signpost: {organisationName}")
            .Property("X-PUBLISHED-TTL", "PT1H")
            .Property("REFRESH-INTERVAL;VALUE=DURATION", "PT1H");

        foreach (var post in entries.GroupBy(e => e.PostId))
        {
            var first = post.OrderBy(e => e.At).First();
            var channels = post.SelectMany(e => e.Channels).Distinct().Order(StringComparer.Ordinal).ToList();
            var states = post.Select(e => e.StateText).Distinct().ToList();
            var summary = channels.Count == 0 ? first.Title : $"{first.Title} ({string.Join(", ", channels)})";
            var description = new StringBuilder()
                .Append("State: ").Append(string.Join(", ", states)).Append('\n')
                .Append("Channels: ").Append(channels.Count == 0 ? "none chosen yet" : string.Join(", ", channels)).Append('\n');
            if (first.Campaign is { } campaign)
            {
                description.Append("Campaign: ").Append(campaign).Append('\n');
            }

            var url = new Uri(organisationUrl, $"posts/{post.Key}");
            ics.Begin("VEVENT")
                .Property("UID", $"post-{post.Key}@{uidHost}")
                .Utc("DTSTAMP", first.UpdatedAt)
                .Utc("LAST-MODIFIED", first.UpdatedAt)
                .Utc("DTSTART", first.At)
                .Property("DURATION", "PT15M")
                .Text("SUMMARY", summary)
                .Text("DESCRIPTION", description.ToString().TrimEnd('\n'))
                .Property("URL", url.AbsoluteUri)
                .Property("STATUS", first.PostState is PostState.Scheduled or PostState.Publishing or PostState.Published or PostState.Failed ? "CONFIRMED" : "TENTATIVE")
                .Property("TRANSP", "TRANSPARENT")
                .End("VEVENT");
        }

        foreach (var day in days)
        {
            ics.Begin("VEVENT")
                .Property("UID", $"awareness-{day.Id}@{uidHost}")
                .Utc("DTSTAMP", day.CreatedAt)
                .Date("DTSTART", day.StartsOn)
                .Date("DTEND", day.EndsOn.AddDays(1))
                .Text("SUMMARY", day.Name);
            if (day.Notes is { } notes)
            {
                ics.Text("DESCRIPTION", notes);
            }

            if (day.Link is { } link)
            {
                ics.Property("URL", link);
            }

            ics.Property("TRANSP", "TRANSPARENT").End("VEVENT");
        }

        return ics.End("VCALENDAR").ToString();
    }

    private async Task<List<AuditRecord>> RevokeActiveAsync(Guid organisationId, Guid userId, Actor actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var active = await db.CalendarFeeds.Where(f => f.OrganisationId == organisationId && f.UserId == userId && f.RevokedAt == null).ToListAsync(ct);
        var records = new List<AuditRecord>();
        foreach (var feed in active)
        {
            feed.RevokedAt = now;
            records.Add(new AuditRecord(AuditEventCode.CalendarFeedRevoked, actor, organisationId, "Revoked a calendar feed address", "CalendarFeed", feed.Id.ToString()));
        }

        return records;
    }

    private static void ValidateLink(ValidationErrors errors, string field, string? link)
    {
        if (link is null)
        {
            return;
        }

        errors.MaxLength(field, link, 1000, "Web address");
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || link.Any(char.IsWhiteSpace))
        {
            errors.Add(field, "Enter a full web address starting with https://, like https://www.nhs.uk/");
        }
    }

    internal static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    /// <summary>"March 2027".</summary>
    public static string MonthName(DateOnly month) => month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
}
