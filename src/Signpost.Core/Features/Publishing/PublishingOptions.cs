namespace Signpost.Core.Features.Publishing;

/// <summary>How the publisher runs (configuration section <c>Publishing</c>).</summary>
public sealed class PublishingOptions
{
    /// <summary>Whether this process publishes at all (web nodes may leave it to workers: set false).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>This node's name in leases; default machine/process/random.</summary>
    public string NodeName { get; set; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>How often an idle node looks for due posts.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many publications a node takes at once.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>How many platform calls a node makes at the same time (as many as a batch: a claimed post does not wait for a slot).</summary>
    public int Parallelism { get; set; } = 16;

    /// <summary>
    /// How long a node holds a publication. Longer than the slowest platform call (connector
    /// timeout plus media upload): when it runs out, the node is taken to have died.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts before a retryable failure becomes a failure shown to people.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Waits after the 1st, 2nd… retryable failure (the last one repeats).</summary>
    public IList<TimeSpan> Backoff { get; } = [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)];

    /// <summary>How often an unknown outcome is looked for again on the platform.</summary>
    public TimeSpan RecheckUnknownEvery { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan BackoffAfter(int attempts) =>
        Backoff.Count == 0 ? TimeSpan.FromMinutes(1) : Backoff[Math.Clamp(attempts - 1, 0, Backoff.Count - 1)];
}
