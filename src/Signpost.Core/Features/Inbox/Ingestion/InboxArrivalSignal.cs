namespace Signpost.Core.Features.Inbox;

/// <summary>
/// Wakes this node's <see cref="InboxArrivalProcessor"/> as soon as an ingest commits, so that an
/// urgent message is acted on in well under a second instead of at the next timer tick. Other nodes
/// find the message on their timer.
/// </summary>
public sealed class InboxArrivalSignal
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _pending = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes the processor; several ingests before it looks make one pass.</summary>
    public void Notify()
    {
        lock (_lock)
        {
            _pending.TrySetResult();
        }
    }

    /// <summary>Waits for an ingest or the timeout, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        Task signalled;
        lock (_lock)
        {
            if (_pending.Task.IsCompleted)
            {
                _pending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return;
            }

            signalled = _pending.Task;
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(timeout, time, timer.Token);
        await Task.WhenAny(signalled, delay);
        await timer.CancelAsync();
        lock (_lock)
        {
            if (_pending.Task.IsCompleted)
            {
                _pending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        ct.ThrowIfCancellationRequested();
    }
}
