using Microsoft.Extensions.Configuration;

namespace Signpost.Core.Features.Inbox;

/// <summary>Settings of ingestion ("Inbox" section).</summary>
public sealed class InboxIngestionOptions
{
    /// <summary>How often each polled channel (Bluesky, Mastodon, LinkedIn) is asked for new messages.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often Sandbox channels are polled: the network is local, so it can be asked often.</summary>
    public TimeSpan SandboxPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the arrival processor looks for unprocessed messages when no ingest has woken it.</summary>
    public TimeSpan ProcessInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a node holds a message while it runs the arrival handlers; a failed message is retried after it.</summary>
    public TimeSpan ProcessingLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The largest webhook body accepted (413 above it).</summary>
    public int MaxWebhookBytes { get; set; } = 1024 * 1024;

    /// <summary>Minutes between public messages of the demo trickle, when the demo data is loaded.</summary>
    public TimeSpan DemoTrickleInterval { get; set; } = TimeSpan.FromMinutes(3);

    public static InboxIngestionOptions From(IConfiguration? configuration)
    {
        var options = new InboxIngestionOptions();
        configuration?.GetSection("Inbox").Bind(options);
        return options;
    }
}
