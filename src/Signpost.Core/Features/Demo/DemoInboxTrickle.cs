using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Channels;
using Signpost.Core.Features.Inbox;
using Signpost.Core.Features.Sandbox;
using Signpost.Core.Validation;
using Signpost.Platforms;

namespace Signpost.Core.Features.Demo;

/// <summary>One scripted message from a member of the public.</summary>
public sealed record DemoInboxMessage(string Kind, string Author, string Text);

/// <summary>
/// Demo mode only (Demo:Load): members of the public write to the demo organisations' Sandbox
/// channels, so that a newcomer finds a live inbox. A starting set arrives when a channel's inbox is
/// empty, then one message every few minutes (Inbox:DemoTrickleInterval), from a script of what an
/// NHS trust's accounts really get: medical questions, appointment queries, praise, complaints and
/// criticism, abuse, spam, a personal-data disclosure and, now and then, a safeguarding disclosure.
/// Set Demo:InboxTrickle to false to stop it.
/// </summary>
public sealed partial class DemoInboxTrickle(IServiceScopeFactory scopes, IServiceProvider provider, InboxIngestionOptions options, TimeProvider time,
    ILogger<DemoInboxTrickle> logger) : BackgroundService
{
    /// <summary>The demo channels' Sandbox handles (DemoData).</summary>
    public static IReadOnlyList<string> DemoHandles { get; } = ["riversideicb", "riversidecommunity"];

    /// <summary>What arrives at once in an empty demo inbox.</summary>
    public static IReadOnlyList<DemoInboxMessage> StartingSet { get; } =
    [
        new("comment", "sam.k", "Is the walk-in centre on Station Road open this weekend? My son has had a temperature since last night."),
        new("message", "jo.bennett", "Hi, I've been waiting 14 weeks for a follow-up appointment with the respiratory clinic and nobody answers the phone. Who can I speak to?"),
        new("comment", "gwen.t", "Just wanted to say a huge thank you to the district nurses who looked after my mum last month. Kind, patient and always on time. You're a credit to the NHS."),
        new("mention", "dave.p58", "Absolute joke. Sat in A&E for 9 hours with my dad and not one person told us what was happening. Shocking."),
        new("comment", "amira.h", "Can I get the flu jab at my pharmacy or do I have to go to my GP? I'm 34 weeks pregnant."),
        new("message", "keith.allotment", "My repeat prescription for metformin hasn't been sent to the chemist and I've run out. Can I take two of my wife's tablets until it comes?"),
        new("comment", "bargains4u", "Lose 10kg in 10 days with our NHS-approved slimming pills!!! Click here bit.ly/slim-fast-now for 70% off"),
        new("mention", "tomfromtown", "Why is the ICB wasting money on fancy logos when there aren't enough GP appointments? Sort your priorities out."),
        new("comment", "ellie.r", "Where do I find out about the new community diagnostic centre? Is it only for referrals?"),
        new("message", "priya.n", "Hello, my name is Priya Nair, date of birth 12/03/1987, NHS number 943 476 5919. I need to change the address on my hospital letters to 4 Mill Lane, Riverside RV2 8QT. Thanks."),
        new("comment", "mo.ali", "Brilliant service at the minor injuries unit today. Seen, x-rayed and home in under two hours."),
        new("mention", "riverside.mum", "The health visitor still hasn't been in touch and my baby is 3 weeks old. Is that normal? I'm getting worried about her feeding."),
        new("comment", "dave.p58", "You lot are useless idiots. Whoever runs this page should be sacked."),
        new("message", "ellie.r", "How do I make a formal complaint about the way my gran was discharged from hospital? She was sent home at midnight with no transport."),
        new("comment", "jo.bennett", "Will there be a spring COVID booster this year and who is eligible?"),
        new("mention", "keith.allotment", "Great to see the new parking at the community hospital finally open. Much easier for us older folk."),
        new("comment", "tomfromtown", "I read that the MMR jab causes autism. Why are you still pushing it on kids?"),
        new("message", "amira.h", "I'm a journalist at the Riverside Echo. Could your press office call me about the ambulance delays story today?"),
        new("comment", "gwen.t", "Does anyone know if the Tuesday baby clinic at the health centre has moved? The door was locked this morning."),
        new("message", "sam.k", "Thank you for answering so quickly yesterday. My son is much better now."),
    ];

    /// <summary>What trickles in afterwards, one at a time, round and round.</summary>
    public static IReadOnlyList<DemoInboxMessage> Trickle { get; } =
    [
        new("comment", "ellie.r", "What time does the pharmacy at the hospital close on a Sunday?"),
        new("message", "dave.p58", "I've been charged for parking even though I have a blue badge. Who do I contact to get my money back?"),
        new("comment", "mo.ali", "My GP surgery says they can't see me for three weeks. I've got a lump on my neck that's getting bigger. What should I do?"),
        new("mention", "gwen.t", "Lovely to see the Riverside nurses at the summer fair raising money for the children's ward."),
        new("comment", "bargains4u", "Earn £500 a day from home!!! DM me now, limited places, NHS staff welcome"),
        new("message", "riverside.mum", "My partner gets really angry and last night he pushed me against the wall in front of the kids. I don't know who to talk to and I'm scared to go home."),
        new("comment", "tomfromtown", "Typical. Another press release and still no dentist taking NHS patients anywhere in Riverside."),
        new("message", "jo.bennett", "Is the hearing clinic still at the old hospital site or has it moved to the new centre?"),
        new("comment", "keith.allotment", "Can I still get the shingles vaccine if I'm 81? My GP said I'm too old."),
        new("mention", "amira.h", "Congratulations to the maternity team on their award. They were amazing when I had my first."),
        new("comment", "dave.p58", "Shut up with your propaganda, nobody believes a word you morons say."),
        new("message", "sam.k", "I think I left my glasses in the x-ray department on Monday. Is there a lost property?"),
        new("comment", "priya.n", "How long does it take to get a referral to the memory clinic? My dad keeps getting lost walking home."),
        new("mention", "ellie.r", "The nurse who took my bloods today was so reassuring. I'm terrified of needles and she made it easy."),
        new("comment", "mo.ali", "Do I need to book for the sexual health clinic or can I just turn up?"),
        new("message", "gwen.t", "I don't want to live any more. I've been saving up my tablets and I think tonight is the night."),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var configuration = provider.GetService<IConfiguration>();
        if (configuration is null || !configuration.GetValue<bool>("Demo:Load") || !configuration.GetValue("Demo:InboxTrickle", true))
        {
            return;
        }

        try
        {
            // Let the app finish starting (demo data, migrations) first.
            await Task.Delay(TimeSpan.FromSeconds(3), time, stoppingToken);
            await SendStartingSetAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogTrickleFailed(logger, e);
        }

        var next = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.DemoTrickleInterval, time, stoppingToken);
                await SendNextAsync(next++, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                LogTrickleFailed(logger, e);
            }
        }
    }

    /// <summary>Sends the starting set to every demo channel whose inbox is empty; returns how many were sent.</summary>
    public async Task<int> SendStartingSetAsync(CancellationToken ct)
    {
        var sent = 0;
        foreach (var channel in await DemoChannelsAsync(ct))
        {
            bool empty;
            await using (var scope = Scope())
            {
                empty = !await scope.ServiceProvider.GetRequiredService<AppDbContext>().InboxMessages.IgnoreQueryFilters().AnyAsync(m => m.ChannelId == channel.Id, ct);
            }

            if (!empty)
            {
                continue;
            }

            await EnsurePostsToCommentOnAsync(channel, ct);
            foreach (var message in StartingSet)
            {
                sent += await SendAsync(channel, message, ct) ? 1 : 0;
            }
        }

        return sent;
    }

    /// <summary>What the demo accounts had posted before Signpost, so that the public have posts to comment on.</summary>
    public static IReadOnlyList<string> EarlierPosts { get; } =
    [
        "Flu and COVID-19 vaccines are free this winter for everyone aged 65 and over, pregnant women and people with some long-term conditions. Book through the NHS App or at your GP surgery or pharmacy.",
        "Feeling unwell and not sure where to go? Use NHS 111 online or call 111 first. In an emergency, call 999.",
    ];

    /// <summary>
    /// Posts the demo account's earlier posts on the Sandbox when it has none, so that the starting
    /// set's comments are comments (on a fresh database the account has never posted).
    /// </summary>
    private async Task EnsurePostsToCommentOnAsync(Channel channel, CancellationToken ct)
    {
        if (!Guid.TryParse(channel.AccountId, out var accountId))
        {
            return;
        }

        await using var scope = Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.SandboxPosts.AnyAsync(p => p.AccountId == accountId && p.ReplyToId == null && p.RecipientAccountId == null && p.DeletedAt == null, ct))
        {
            return;
        }

        var now = time.GetUtcNow();
        for (var i = 0; i < EarlierPosts.Count; i++)
        {
            // The network's own record of the account's posts: like SandboxNetwork.PublishAsync, not a change to Signpost's data.
            db.SandboxPosts.Add(new SandboxPost
            {
                Id = Guid.CreateVersion7(),
                AccountId = accountId,
                Text = EarlierPosts[i],
                CreatedAt = now.AddDays(i - EarlierPosts.Count),
                Sequence = await SandboxNetwork.NextSequenceAsync(db, ct) + i,
            });
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Sends the trickle's <paramref name="index"/>th message to one demo channel in turn.</summary>
    public async Task<bool> SendNextAsync(int index, CancellationToken ct)
    {
        var channels = await DemoChannelsAsync(ct);
        if (channels.Count == 0)
        {
            return false;
        }

        var channel = channels[index % channels.Count];
        return await SendAsync(channel, Trickle[index % Trickle.Count], ct);
    }

    private async Task<bool> SendAsync(Channel channel, DemoInboxMessage message, CancellationToken ct)
    {
        await using var scope = Scope();
        var service = scope.ServiceProvider.GetRequiredService<SandboxInboundService>();
        try
        {
            await service.SendAsync(channel.OrganisationId, channel.Id, new SandboxInboundOptions(message.Kind, message.Text, message.Author), Actor.System, ct);
            return true;
        }
        catch (InvalidRequestException) when (message.Kind == "comment")
        {
            // No post of the channel's to comment on yet (or the author is blocked): say it as a mention instead.
            await using var retry = Scope();
            try
            {
                await retry.ServiceProvider.GetRequiredService<SandboxInboundService>()
                    .SendAsync(channel.OrganisationId, channel.Id, new SandboxInboundOptions("mention", message.Text, message.Author), Actor.System, ct);
                return true;
            }
            catch (InvalidRequestException)
            {
                return false;
            }
        }
        catch (InvalidRequestException)
        {
            // The channel blocked this member of the public: the Sandbox refuses, as a platform would.
            return false;
        }
    }

    private async Task<List<Channel>> DemoChannelsAsync(CancellationToken ct)
    {
        await using var scope = Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var accounts = await db.SandboxAccounts.AsNoTracking().Where(a => DemoHandles.Contains(a.Handle)).Select(a => a.Id).ToListAsync(ct);
        var ids = accounts.Select(a => a.ToString()).ToList();
        return await db.Channels.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.Network == Network.Sandbox && c.Status == ChannelStatus.Active && ids.Contains(c.AccountId))
            .OrderBy(c => c.Name)
            .ToListAsync(ct);
    }

    private AsyncServiceScope Scope()
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrganisationScope>().MakeUnrestricted();
        return scope;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The demo inbox trickle failed")]
    private static partial void LogTrickleFailed(ILogger logger, Exception e);
}
