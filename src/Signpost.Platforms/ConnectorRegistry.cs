namespace Signpost.Platforms;

/// <summary>The connector for each network this deployment can use.</summary>
public sealed class ConnectorRegistry(IEnumerable<IPlatformConnector> connectors)
{
    private readonly Dictionary<Network, IPlatformConnector> _byNetwork = connectors.ToDictionary(c => c.Network);

    public IPlatformConnector For(Network network) =>
        _byNetwork.TryGetValue(network, out var connector)
            ? connector
            : throw new InvalidOperationException($"No connector is registered for {network}.");

    public IReadOnlyCollection<IPlatformConnector> All => _byNetwork.Values;
}
