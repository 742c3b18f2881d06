using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Demo;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.PolicySettings;
using Signpost.Core.Validation;
using Signpost.Policy;
using Signpost.Policy.Settings;

namespace Signpost.Core.Tests.Features;

public sealed class PolicySettingsTests(CoreFixture fixture) : IClassFixture<CoreFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetSettings_ForAnOrganisationWithoutSettings_GivesTheDefaultsWithItsNames()
    {
        await using var scope = fixture.UnrestrictedScope();
        var organisation = await scope.ServiceProvider.GetRequiredService<OrganisationService>().CreateOrganisationAsync(
            new CreateOrganisationOptions("Riverside Hospice", $"hospice-{Guid.NewGuid():N}"[..20], OrganisationKind.IcsPartner, ["The Hospice"]), Actor.System, Ct);

        var settings = scope.ServiceProvider.GetRequiredService<PolicySettingsService>().GetSettings(organisation);

        Assert.Equal("Riverside Hospice", settings.Organisation.Name);
        Assert.Equal(["The Hospice"], settings.Organisation.ShortNames);
        Assert.Empty(settings.PublishedPhones);
        Assert.Equal(new PolicyLimits(), settings.Limits);
    }

    [Fact]
    public async Task UpdateSettings_WithMistakes_ThrowsWithFieldPathsAndSavesNothing()
    {
        await using var scope = fixture.UnrestrictedScope();
        var (db, service, icb) = Services(scope);
        var organisation = await db.Organisations.SingleAsync(o => o.Slug == DemoData.IcbSlug, Ct);
        var before = organisation.SettingsJson;
        var events = await db.AuditEvents.CountAsync(e => e.OrganisationId == organisation.Id, Ct);
        var settings = service.GetSettings(organisation) with
        {
            PublishedEmails = ["contactus.riversideicb@nhs.net", "not an email"],
            Limits = new PolicyLimits { Emojis = 99 },
            WorkingHours = new WorkingHoursSettings { BankHolidays = "/etc/passwd.json" },
            Incident = new IncidentSettings { Name = "", LandingUrl = "http://riverside.example/incident" },
        };

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => service.UpdateSettingsAsync(icb, settings, Actor.System, Ct));

        Assert.StartsWith("Published email addresses, entry 2: \"not an email\" is not an email address", error.Errors["publishedEmails[1]"][0], StringComparison.Ordinal);
        Assert.Equal("Emoji limit must be between 0 and 50 (was 99).", error.Errors["limits.emojis"][0]);
        Assert.Contains("England and Wales", error.Errors["workingHours.bankHolidays"][0], StringComparison.Ordinal);
        Assert.StartsWith("Incident name is missing", error.Errors["incident.name"][0], StringComparison.Ordinal);
        Assert.StartsWith("Incident landing page: ", error.Errors["incident.landingUrl"][0], StringComparison.Ordinal);
        await using var check = fixture.UnrestrictedScope();
        var checkDb = check.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(before, await checkDb.Organisations.Where(o => o.Id == icb).Select(o => o.SettingsJson).SingleAsync(Ct));
        Assert.Equal(events, await checkDb.AuditEvents.CountAsync(e => e.OrganisationId == icb, Ct));
    }

    [Fact]
    public async Task UpdateSettings_WithAChange_SavesItRecordsTheDiffAndGivesNewEngines()
    {
        await using var scope = fixture.UnrestrictedScope();
        var (db, service, _) = Services(scope);
        var trust = await db.Organisations.SingleAsync(o => o.Slug == DemoData.TrustSlug, Ct);
        var engines = service.GetEngines(trust);
        Assert.Same(engines.Policy, service.GetEngines(trust).Policy);
        Assert.Contains(engines.Policy.Check(new Post { Text = "Call 01632 960 123 to book" }), f => f.Code == "IG-PHONE");
        var changed = service.GetSettings(trust) with
        {
            PublishedPhones = [.. service.GetSettings(trust).PublishedPhones, " 01632 960 123 "],
            Limits = new PolicyLimits { Emojis = 1 },
        };

        var saved = await service.UpdateSettingsAsync(trust.Id, changed, new Actor(null, "Test"), Ct);

        Assert.True(saved);
        await using var check = fixture.UnrestrictedScope();
        var checkDb = check.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await checkDb.Organisations.SingleAsync(o => o.Id == trust.Id, Ct);
        var settings = check.ServiceProvider.GetRequiredService<PolicySettingsService>().GetSettings(stored);
        Assert.Contains("01632 960 123", settings.PublishedPhones);
        Assert.Equal(1, settings.Limits.Emojis);
        var recorded = await checkDb.AuditEvents.Where(e => e.OrganisationId == trust.Id).OrderByDescending(e => e.Sequence).FirstAsync(Ct);
        Assert.Equal(AuditEventCode.OrganisationSettingsUpdated, recorded.Code);
        Assert.Contains("\"publishedPhones\":{\"from\":[", recorded.Changes, StringComparison.Ordinal);
        Assert.Contains("\"limits.emojis\":{\"from\":3,\"to\":1}", recorded.Changes, StringComparison.Ordinal);
        Assert.DoesNotContain("publishedEmails", recorded.Changes, StringComparison.Ordinal);
        var newEngines = check.ServiceProvider.GetRequiredService<PolicySettingsService>().GetEngines(stored);
        Assert.NotSame(engines.Policy, newEngines.Policy);
        Assert.DoesNotContain(newEngines.Policy.Check(new Post { Text = "Call 01632 960 123 to book" }), f => f.Code == "IG-PHONE");
    }

    [Fact]
    public async Task UpdateSettings_WithNothingChanged_RecordsNothing()
    {
        await using var scope = fixture.UnrestrictedScope();
        var (db, service, icb) = Services(scope);
        var organisation = await db.Organisations.SingleAsync(o => o.Id == icb, Ct);
        var events = await db.AuditEvents.CountAsync(e => e.OrganisationId == icb, Ct);

        var saved = await service.UpdateSettingsAsync(icb, service.GetSettings(organisation), Actor.System, Ct);

        Assert.False(saved);
        Assert.Equal(events, await db.AuditEvents.CountAsync(e => e.OrganisationId == icb, Ct));
    }

    [Fact]
    public void ReadSettings_OfUnreadableJson_GivesTheDefaults()
    {
        var organisation = new Organisation { Id = Guid.NewGuid(), Name = "Test Trust", ShortNames = ["TT"], SettingsJson = "{ \"limits\": { \"emojis\": \"many\" } }" };

        var settings = PolicySettingsService.ReadSettings(organisation);

        Assert.Equal(new PolicyLimits(), settings.Limits);
        Assert.Equal("Test Trust", settings.Organisation.Name);
    }

    private static (AppDbContext Db, PolicySettingsService Service, Guid Icb) Services(AsyncServiceScope scope)
    {
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var icb = db.Organisations.Single(o => o.Slug == DemoData.IcbSlug).Id;
        return (db, scope.ServiceProvider.GetRequiredService<PolicySettingsService>(), icb);
    }
}
