using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Features.Demo;

namespace Signpost.Cli;

public static partial class Commands
{
    /// <summary>`signpost demo load`: the demo organisation and one person per role.</summary>
    public static Command Demo()
    {
        var load = new Command("load", "Load the demo organisation (NHS Riverside ICB) unless it is there already. Not for production.");
        load.SetAction(async (parsed, ct) =>
        {
            await using var services = BuildServices(parsed);
            await using var scope = CreateUnrestrictedScope(services);
            var loaded = await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync(ct);
            await parsed.InvocationConfiguration.Output.WriteLineAsync(loaded
                ? $"Loaded the demo data. Every demo account's password is {DemoData.Password}."
                : "The demo data is already there.");
            return Ok;
        });
        var command = new Command("demo", "Demonstration data.");
        command.Subcommands.Add(load);
        return command;
    }
}
