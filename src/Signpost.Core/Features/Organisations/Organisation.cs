namespace Signpost.Core.Features.Organisations;

/// <summary>The kinds of body in an Integrated Care System (PRODUCT.md, "multi-organisation").</summary>
public enum OrganisationKind
{
    IntegratedCareBoard = 0,
    Trust = 1,
    IcsPartner = 2,
    Other = 3,
}

/// <summary>An NHS organisation or other public body using Signpost.</summary>
public sealed class Organisation
{
    public Guid Id { get; set; }

    /// <summary>URL-safe short name, used in addresses (/o/{slug}) and the public house-rules page.</summary>
    public string Slug { get; set; } = "";

    public string Name { get; set; } = "";
    public OrganisationKind Kind { get; set; }

    /// <summary>Names the public and staff use for it ("Riverside ICB"), read by the handle rules.</summary>
    public List<string> ShortNames { get; set; } = [];

    /// <summary>The policy settings (Signpost.Policy OrganisationSettings) as JSON.</summary>
    public string SettingsJson { get; set; } = "{}";

    /// <summary>The public house rules in Markdown (004 Appendix B).</summary>
    public string HouseRules { get; set; } = "";

    public DateTimeOffset? HouseRulesUpdatedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public List<Team> Teams { get; set; } = [];
}
