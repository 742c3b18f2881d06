using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Tokens;
using Signpost.Core.Validation;

namespace Signpost.Cli;

public static partial class Commands
{
    /// <summary>`signpost token create`: a personal access token for a person in an organisation.</summary>
    public static Command Token()
    {
        var email = new Option<string>("--email") { Description = "The person's email address", Required = true };
        var organisation = new Option<string>("--organisation") { Description = "The organisation's web address name, e.g. riverside-icb", Required = true };
        var name = new Option<string>("--name") { Description = "What the token is for", DefaultValueFactory = _ => "Command line" };
        var days = new Option<int>("--expires-in-days") { Description = "Days until it expires (1 to 366)", DefaultValueFactory = _ => 90 };
        var create = new Command("create", "Create an API token and print it once.");
        create.Options.Add(email);
        create.Options.Add(organisation);
        create.Options.Add(name);
        create.Options.Add(days);
        create.SetAction(async (parsed, ct) =>
        {
            var error = parsed.InvocationConfiguration.Error;
            await using var services = BuildServices(parsed);
            await using var scope = CreateUnrestrictedScope(services);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var emailValue = parsed.GetValue(email)!.Trim();
            var slug = parsed.GetValue(organisation)!.Trim();
            var normalisedEmail = emailValue.ToUpperInvariant();
            var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalisedEmail, ct);
            var org = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Slug == slug, ct);
            if (user is null || org is null)
            {
                await error.WriteLineAsync(user is null ? $"There is no account for {emailValue}." : $"There is no organisation '{slug}'.");
                return UsageError;
            }

            try
            {
                var created = await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync(
                    new CreateAccessTokenOptions(user.Id, org.Id, parsed.GetValue(name)!, parsed.GetValue(days)), Actor.CommandLine, ct);
                await parsed.InvocationConfiguration.Output.WriteLineAsync(created.Secret);
                await error.WriteLineAsync($"Token '{created.Token.Name}' for {user.DisplayName} in {org.Name}, expires {created.Token.ExpiresAt:yyyy-MM-dd}. It is shown only this once.");
                return Ok;
            }
            catch (InvalidRequestException e)
            {
                await error.WriteLineAsync(e.Message);
                return UsageError;
            }
        });

        var command = new Command("token", "Personal access tokens for the API.");
        command.Subcommands.Add(create);
        return command;
    }
}
