using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Notifications;

namespace Signpost.Core.Tests.Inbox;

/// <summary>The text message outbox against a local server that answers as GOV.UK Notify documents.</summary>
public sealed class EscalationNotifyTests(EscalationFixture fixture) : IClassFixture<EscalationFixture>
{
    private async Task<Guid> QueueAsync(string reference)
    {
        // Each test sends only its own message: earlier tests' unsent ones are set aside.
        var now = fixture.Clock.GetUtcNow();
        await fixture.QueryAsync(db => db.OutboxTextMessages.Where(s => s.SentAt == null && s.FailedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.FailedAt, now)));
        await using var scope = fixture.UnrestrictedScope();
        var sms = scope.ServiceProvider.GetRequiredService<SmsOutbox>().Queue(fixture.IcbId, "+447700900456", $"Signpost duty page: urgent message (safeguarding). Acknowledge: https://signpost.riverside.example/o/riverside-icb/pages/{reference}", reference);
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveChangesAsync(new AuditRecord(AuditEventCode.DutyManagerPaged, Actor.System, fixture.IcbId, "Test page"));
        return sms!.Id;
    }

    private Task<OutboxSms> StoredAsync(Guid id) => fixture.QueryAsync(db => db.OutboxTextMessages.AsNoTracking().SingleAsync(s => s.Id == id));

    private SmsOutboxSender Sender => new(fixture.Services.GetRequiredService<IServiceScopeFactory>(), fixture.Services.GetRequiredService<SmsOptions>(), fixture.Clock, NullLogger<SmsOutboxSender>.Instance);

    [Fact]
    public async Task SendDue_NotifyChecksTheTokenAndBody_AndTheMessageIsMarkedSentWithNotifysId()
    {
        var reference = Guid.NewGuid().ToString();
        var id = await QueueAsync(reference);

        await Sender.SendDueAsync(20, CancellationToken.None);

        var received = Assert.Single(fixture.Notify.Received, r => r.Reference == reference);
        Assert.Equal("+447700900456", received.PhoneNumber);
        Assert.Equal(fixture.Notify.TemplateId, received.TemplateId);
        Assert.Equal(fixture.Notify.ServiceId, received.Issuer);
        Assert.Equal(fixture.Clock.GetUtcNow().ToUnixTimeSeconds(), received.IssuedAt);
        Assert.Contains($"/o/riverside-icb/pages/{reference}", received.Personalisation["message"], StringComparison.Ordinal);
        var stored = await StoredAsync(id);
        Assert.Equal((received.Id, 1, (string?)null), (stored.NotifyId, stored.Attempts, stored.LastError));
        Assert.Equal(fixture.Clock.GetUtcNow(), stored.SentAt);
    }

    [Fact]
    public async Task SendDue_RateLimited_KeepsItWithNotifysReason_AndSendsItAfterTheBackOff()
    {
        var reference = Guid.NewGuid().ToString();
        var id = await QueueAsync(reference);
        fixture.Notify.RateLimitNext();

        await Sender.SendDueAsync(20, CancellationToken.None);
        var waiting = await StoredAsync(id);
        await Sender.SendDueAsync(20, CancellationToken.None);
        var stillWaiting = await StoredAsync(id);
        fixture.Clock.Advance(TimeSpan.FromSeconds(15));
        await Sender.SendDueAsync(20, CancellationToken.None);

        Assert.Null(waiting.SentAt);
        Assert.Null(waiting.FailedAt);
        Assert.Equal(1, waiting.Attempts);
        Assert.Equal("GOV.UK Notify answered 429: RateLimitError: Exceeded rate limit for key type TEAM of 3000 requests per 60 seconds", waiting.LastError);
        Assert.Equal(1, stillWaiting.Attempts);
        var sent = await StoredAsync(id);
        Assert.NotNull(sent.SentAt);
        Assert.Equal(2, sent.Attempts);
        Assert.Single(fixture.Notify.Received, r => r.Reference == reference);
    }

    [Fact]
    public async Task SendDue_ServerError_IsTriedAgain()
    {
        var reference = Guid.NewGuid().ToString();
        var id = await QueueAsync(reference);
        fixture.Notify.ServerErrorNext();

        await Sender.SendDueAsync(20, CancellationToken.None);
        var waiting = await StoredAsync(id);

        Assert.Null(waiting.FailedAt);
        Assert.Equal("GOV.UK Notify answered 500: Exception: Internal server error", waiting.LastError);
        Assert.True(waiting.SendAfter > fixture.Clock.GetUtcNow());
    }

    [Fact]
    public async Task SendDue_Refused_FailsAtOnceWithNotifysMessage_AndIsNotTriedAgain()
    {
        var reference = Guid.NewGuid().ToString();
        var id = await QueueAsync(reference);
        fixture.Notify.BadRequestNext("Can't send to this recipient using a team-only API key");

        await Sender.SendDueAsync(20, CancellationToken.None);
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        await Sender.SendDueAsync(20, CancellationToken.None);

        var failed = await StoredAsync(id);
        Assert.NotNull(failed.FailedAt);
        Assert.Null(failed.SentAt);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal("GOV.UK Notify answered 400: BadRequestError: Can't send to this recipient using a team-only API key", failed.LastError);
        Assert.DoesNotContain(fixture.Notify.Received, r => r.Reference == reference);
    }

    [Fact]
    public void Token_SignedWithAnotherKey_IsRefusedByNotify_AndTheApiKeyIsReadFromItsEnd()
    {
        Assert.True(NotifyApiKey.TryParse(fixture.Notify.ApiKey, out var key));
        Assert.Equal((fixture.Notify.ServiceId, fixture.Notify.SecretKey), (key.ServiceId, key.SecretKey));
        Assert.True(NotifyApiKey.TryParse($"my-key-name-with-hyphens-{key.ServiceId}-{key.SecretKey}", out var hyphenated));
        Assert.Equal(key, hyphenated);
        Assert.False(NotifyApiKey.TryParse("not-a-key", out _));

        var forged = SmsNotifyClient.Token(key with { SecretKey = Guid.NewGuid().ToString() }, fixture.Clock.GetUtcNow());
        var real = SmsNotifyClient.Token(key, fixture.Clock.GetUtcNow());
        Assert.NotEqual(real.Split('.')[2], forged.Split('.')[2]);
        Assert.Equal(real.Split('.')[..2], forged.Split('.')[..2]);
    }

    [Fact]
    public async Task SendDue_ClockMoreThan30SecondsOut_NotifyRefusesTheToken_AndTheReasonIsKept()
    {
        var reference = Guid.NewGuid().ToString();
        var id = await QueueAsync(reference);
        var options = fixture.Services.GetRequiredService<SmsOptions>();
        var skewed = new SkewedClock(fixture.Clock, TimeSpan.FromMinutes(2));
        await using var scope = fixture.UnrestrictedScope();
        var client = new SmsNotifyClient(scope.ServiceProvider.GetRequiredService<IHttpClientFactory>(), options, skewed);

        var result = await client.SendAsync("+447700900456", "Test", reference, CancellationToken.None);

        Assert.False(result.Sent);
        Assert.False(result.Retryable);
        Assert.Equal("GOV.UK Notify answered 403: AuthError: Error: Your system clock must be accurate to within 30 seconds", result.Error);
        Assert.Contains("Error: Your system clock must be accurate to within 30 seconds", fixture.Notify.Refused);
        Assert.Null((await StoredAsync(id)).SentAt);
    }

    private sealed class SkewedClock(TimeProvider inner, TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + by;
    }
}
