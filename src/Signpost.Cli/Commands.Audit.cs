using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;

namespace Signpost.Cli;

public static partial class Commands
{
    /// <summary>`signpost audit verify`: checks every hash chain and reports the first broken link.</summary>
    public static Command Audit()
    {
        var organisation = new Option<string?>("--organisation") { Description = "Check only this organisation's chain (its web address name)" };
        var verify = new Command("verify", "Check the audit trail for edited or deleted events. Exit code 1 when a chain is broken.");
        verify.Options.Add(organisation);
        verify.SetAction(async (parsed, ct) =>
        {
            var output = parsed.InvocationConfiguration.Output;
            await using var services = BuildServices(parsed);
            await using var scope = CreateUnrestrictedScope(services);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var verifier = scope.ServiceProvider.GetRequiredService<AuditChainVerifier>();
            var names = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => $"{o.Name} ({o.Slug})", ct);
            names[Guid.Empty] = "Deployment-wide events (sign-ins and accounts)";

            IReadOnlyList<AuditChainReport> reports;
            if (parsed.GetValue(organisation) is { } slug)
            {
                var id = await db.Organisations.AsNoTracking().Where(o => o.Slug == slug).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
                if (id is null)
                {
                    await parsed.InvocationConfiguration.Error.WriteLineAsync($"There is no organisation '{slug}'.");
                    return UsageError;
                }

                reports = [await verifier.VerifyAsync(id.Value, ct)];
            }
            else
            {
                reports = await verifier.VerifyAllAsync(ct);
            }

            var broken = 0;
            foreach (var report in reports)
            {
                var name = names.GetValueOrDefault(report.ChainId, report.ChainId.ToString());
                if (report.IsIntact)
                {
                    await output.WriteLineAsync($"intact  {name}: {report.EventsChecked} events");
                }
                else
                {
                    broken++;
                    await output.WriteLineAsync($"BROKEN  {name}: first broken link at event {report.BrokenAtSequence}. {report.Problem}");
                }
            }

            await output.WriteLineAsync(broken == 0 ? $"All {reports.Count} audit chains are intact." : $"{broken} of {reports.Count} audit chains are broken.");
            return broken == 0 ? Ok : Problem;
        });

        var command = new Command("audit", "The tamper-evident audit trail.");
        command.Subcommands.Add(verify);
        return command;
    }
}
