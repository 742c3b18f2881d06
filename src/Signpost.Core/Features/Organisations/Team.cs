using Signpost.Core.Data;

namespace Signpost.Core.Features.Organisations;

/// <summary>A team inside an organisation: owns channels and receives hand-offs in later features.</summary>
public sealed class Team : IOrganisationOwned
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>Shared mailbox for hand-offs (004 §6.4.4).</summary>
    public string? Email { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
