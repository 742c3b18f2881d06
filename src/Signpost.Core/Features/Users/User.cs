using Microsoft.AspNetCore.Identity;

namespace Signpost.Core.Features.Users;

/// <summary>A person who signs in to Signpost. What they may do depends on their memberships.</summary>
public sealed class User : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    public string? JobTitle { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<Membership> Memberships { get; set; } = [];
}
