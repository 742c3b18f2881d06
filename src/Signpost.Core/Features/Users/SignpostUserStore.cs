using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Signpost.Core.Data;

namespace Signpost.Core.Features.Users;

/// <summary>
/// Identity's store, told not to save by itself: every change Identity makes to an account (a
/// failed sign-in count, a new password, two-factor) is saved by AccountService together with
/// its audit event, in one transaction.
/// </summary>
public sealed class SignpostUserStore : UserOnlyStore<User, AppDbContext, Guid>
{
    public SignpostUserStore(AppDbContext context, IdentityErrorDescriber? describer = null)
        : base(context, describer)
    {
        AutoSaveChanges = false;
    }
}
