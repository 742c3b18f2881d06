using Signpost.Cli;

// signpost: the command-line tool. Each verb lives in Commands.<Verb>.cs; Commands.CreateRoot lists them.
return await Commands.RunAsync(Commands.CreateRoot(), args, Console.Out, Console.Error);
