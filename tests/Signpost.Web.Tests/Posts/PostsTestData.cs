using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Posts;
using Signpost.Platforms;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Posts;

/// <summary>Test data builders for the post tests: channels as the channel register would connect them.</summary>
public static class PostsTestData
{
    /// <summary>Inserts a channel row, with its audit event, in the organisation.</summary>
    public static async Task<Channel> CreateChannelAsync(this SignpostWebFactory factory, string organisationSlug, Network network = Network.Sandbox, int approvalsRequired = 1, string? name = null)
    {
        await using var scope = factory.DataScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var organisationId = await db.Organisations.Where(o => o.Slug == organisationSlug).Select(o => o.Id).SingleAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        var channel = new Channel
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            Network = network,
            Name = name ?? $"Riverside {network} {suffix}",
            Handle = $"riversideicb{suffix}",
            AccountId = $"test-{suffix}",
            ApprovalsRequired = approvalsRequired,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Channels.Add(channel);
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveChangesAsync(
            new AuditRecord(AuditEventCode.ChannelConnected, Actor.System, organisationId, $"Connected {channel.Name}", "Channel", channel.Id.ToString()));
        return channel;
    }

    public static Task<Post> StoredPostAsync(this SignpostWebFactory factory, Guid postId) =>
        factory.QueryAsync(db => db.Posts.AsNoTracking().Include(p => p.Publications).Include(p => p.Approvals).Include(p => p.Overrides).SingleAsync(p => p.Id == postId));

    /// <summary>The post's id from a redirect to /o/{org}/posts/{id} or /o/{org}/posts/{id}/edit.</summary>
    public static Guid PostIdFrom(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect, got {(int)response.StatusCode}");
        var path = response.Headers.Location!.OriginalString;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return Guid.Parse(parts[Array.IndexOf(parts, "posts") + 1]);
    }
}
