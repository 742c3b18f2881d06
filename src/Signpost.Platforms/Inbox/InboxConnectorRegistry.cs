namespace Signpost.Platforms.Inbox;

/// <summary>The inbox side of each network: who polls, who answers and moderates, who receives webhooks.</summary>
public sealed class InboxConnectorRegistry(IEnumerable<IInboxPoller> pollers, IEnumerable<IInboxConnector> connectors, IEnumerable<IWebhookReceiver> receivers)
{
    // The last registration for a network wins, so that a deployment (or a test) can replace one.
    private readonly Dictionary<Network, IInboxPoller> _pollers = pollers.GroupBy(p => p.Network).ToDictionary(g => g.Key, g => g.Last());
    private readonly Dictionary<Network, IInboxConnector> _connectors = connectors.GroupBy(c => c.Network).ToDictionary(g => g.Key, g => g.Last());
    private readonly Dictionary<string, IWebhookReceiver> _receivers = receivers.GroupBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The poller for a network, or null when the network pushes by webhook instead.</summary>
    public IInboxPoller? PollerFor(Network network) => _pollers.GetValueOrDefault(network);

    /// <summary>The connector that replies and moderates on a network, or null when there is none.</summary>
    public IInboxConnector? ConnectorFor(Network network) => _connectors.GetValueOrDefault(network);

    /// <summary>The receiver for /webhooks/{name}, or null.</summary>
    public IWebhookReceiver? Receiver(string name) => _receivers.GetValueOrDefault(name);

    public IReadOnlyCollection<IWebhookReceiver> Receivers => _receivers.Values;
}
