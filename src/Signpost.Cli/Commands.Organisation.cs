using System.CommandLine;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Features.Organisations;
using Signpost.Core.Features.Users;
using Signpost.Core.Validation;

namespace Signpost.Cli;

public static partial class Commands
{
    /// <summary>
    /// `signpost organisation create`: the first organisation of a new deployment and its first
    /// administrator, who then adds everyone else in the web app.
    /// </summary>
    public static Command Organisation()
    {
        var name = new Option<string>("--name") { Description = "The organisation's full name", Required = true };
        var slug = new Option<string>("--slug") { Description = "Its web address name, e.g. riverside-icb", Required = true };
        var kind = new Option<OrganisationKind>("--kind") { Description = "IntegratedCareBoard, Trust, IcsPartner or Other", DefaultValueFactory = _ => OrganisationKind.IntegratedCareBoard };
        var adminEmail = new Option<string>("--admin-email") { Description = "The first administrator's email address", Required = true };
        var adminName = new Option<string>("--admin-name") { Description = "The first administrator's full name", Required = true };
        var create = new Command("create", "Create an organisation and its first administrator. Prints the administrator's first password once.");
        foreach (var option in new Option[] { name, slug, kind, adminEmail, adminName })
        {
            create.Options.Add(option);
        }

        create.SetAction(async (parsed, ct) =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var error = parsed.InvocationConfiguration.Error;
            await using var services = BuildServices(parsed);
            await using var scope = CreateUnrestrictedScope(services);
            var organisations = scope.ServiceProvider.GetRequiredService<OrganisationService>();
            var memberships = scope.ServiceProvider.GetRequiredService<MembershipService>();
            // Three random words from a fixed list would be friendlier; 18 random characters are as good and need no list.
            var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
            var db = scope.ServiceProvider.GetRequiredService<Signpost.Core.Data.AppDbContext>();
            // Both or neither: an organisation without its administrator could not be managed.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var organisation = await organisations.CreateOrganisationAsync(
                    new CreateOrganisationOptions(parsed.GetValue(name)!, parsed.GetValue(slug)!, parsed.GetValue(kind), []), Actor.CommandLine, ct);
                await memberships.AddMemberAsync(organisation.Id,
                    new AddMemberOptions(parsed.GetValue(adminEmail)!, parsed.GetValue(adminName)!, null, OrganisationRoles.Administrator, null, password),
                    Actor.CommandLine, ct);
                await transaction.CommitAsync(ct);
                await output.WriteLineAsync($"Created {organisation.Name} ({organisation.Slug}).");
                await output.WriteLineAsync($"{parsed.GetValue(adminEmail)} is its administrator. First password (shown once; change it on the profile page): {password}");
                return Ok;
            }
            catch (InvalidRequestException e)
            {
                foreach (var (field, messages) in e.Errors)
                {
                    foreach (var message in messages)
                    {
                        await error.WriteLineAsync(field.Length == 0 ? message : $"{field}: {message}");
                    }
                }

                return UsageError;
            }
        });

        var command = new Command("organisation", "Organisations.");
        command.Subcommands.Add(create);
        return command;
    }
}
