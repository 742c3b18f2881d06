namespace Signpost.Core.Features.Inbox;

/// <summary>
/// After arrival, order 200: an urgent message alerts the team in working hours and pages the duty
/// manager on call out of hours (004 §6.4.5). Idempotent: see <see cref="DutyPagingService"/>.
/// </summary>
public sealed class EscalationHandler(DutyPagingService paging) : IInboxArrivalHandler
{
    public int Order => 200;

    public Task HandleAsync(InboxArrival arrival, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(arrival);
        return paging.HandleArrivalAsync(arrival.Message, arrival.Channel.Name, ct);
    }
}
