using System.CommandLine;
using Signpost.Cli;

// signpost: the command-line tool. Each verb lives in Commands.<Verb>.cs.
var root = new RootCommand("Signpost: social media management and governance for NHS organisations.");
root.Subcommands.Add(Commands.Migrate());
root.Subcommands.Add(Commands.Audit());
root.Subcommands.Add(Commands.Token());
root.Subcommands.Add(Commands.Demo());
root.Subcommands.Add(Commands.Organisation());
foreach (var command in Commands.Policy())
{
    root.Subcommands.Add(command);
}

return await Commands.RunAsync(root, args, Console.Out, Console.Error);
