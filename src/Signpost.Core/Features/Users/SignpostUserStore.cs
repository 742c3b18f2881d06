using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
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

    /// <summary>
    /// Identity's own UpdateAsync re-attaches the user, which for an entity already changed in
    /// this unit of work resets EF's record of the stored concurrency stamp, so that the one save
    /// at the end would match no row. Here a tracked user is only marked as changed.
    /// </summary>
    public override Task<IdentityResult> UpdateAsync(User user, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(user);
        var entry = Context.Entry(user);
        if (entry.State == EntityState.Detached)
        {
            Context.Attach(user);
        }

        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        if (entry.State != EntityState.Added)
        {
            entry.State = EntityState.Modified;
        }

        return Task.FromResult(IdentityResult.Success);
    }
}
