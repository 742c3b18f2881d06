namespace Signpost.Policy.Rules.Governance.Links;

/// <summary>How a link in a post starts.</summary>
internal enum LinkScheme : byte
{
    /// <summary>A bare address such as "www.nhs.uk" or "bit.ly/flu"; platforms make it https.</summary>
    None,
    Http,
    Https,
}

/// <summary>A link found in a post: its span and the span of its host name, in UTF-16 code units.</summary>
internal readonly record struct LinkSpan(int Start, int Length, int HostStart, int HostLength, LinkScheme Scheme)
{
    public int End => Start + Length;
}
