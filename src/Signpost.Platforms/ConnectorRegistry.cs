namespace Signpost.Platforms;

/// <summary>The connector for each network this deployment can use.</summary>
public sealed class ConnectorRegistry(IEnumerable<IPlatformConnector> connectors)
{
    // The last registration for a network wins, so that a deployment (or a test) can replace a connector.
    private readonly Dictionary<Network, IPlatformConnector> _byNetwork = connectors.GroupBy(c => c.Network).ToDictionary(g => g.Key, g => g.Last());

    public IPlatformConnector For(Network network) =>
        _byNetwork.TryGetValue(network, out var connector)
            ? connector
            : throw new InvalidOperationException($"No connector is registered for {network}.");

    public IReadOnlyCollection<IPlatformConnector> All => _byNetwork.Values;
}
