using System.CommandLine;
using Signpost.Core;
using Signpost.Core.Data;

namespace Signpost.Cli;

public static partial class Commands
{
    /// <summary>`signpost migrate`: brings the database schema up to date.</summary>
    public static Command Migrate()
    {
        var command = new Command("migrate", "Create the database or bring its schema up to date.");
        command.SetAction(async (parsed, ct) =>
        {
            await using var services = BuildServices(parsed);
            var database = services.GetService(typeof(DatabaseOptions)) as DatabaseOptions;
            await SignpostCoreServices.MigrateAsync(services, ct);
            await parsed.InvocationConfiguration.Output.WriteLineAsync($"The {database!.Provider} database is up to date.");
            return Ok;
        });
        return command;
    }
}
