using System.CommandLine;
using Signpost.Policy.Settings;

namespace Signpost.Cli;

public static partial class Commands
{
    private static readonly AsyncLocal<Func<Stream>?> s_standardInput = new();

    /// <summary>
    /// Where `check` and `triage` read when no --input is given: standard input, unless a test has
    /// substituted a stream for its own async flow (so that tests running in parallel do not meet).
    /// </summary>
    public static Func<Stream> StandardInput
    {
        get => s_standardInput.Value ?? Console.OpenStandardInput;
        set => s_standardInput.Value = value;
    }

    /// <summary>The policy verbs (`check`, `triage`) of RULES.md's command-line contract.</summary>
    public static IEnumerable<Command> Policy() => [Check(), Triage()];

    private sealed record PolicyOptions(Option<FileInfo> Settings, Option<FileInfo> Input, Option<int> Threads);

    private static PolicyOptions AddPolicyOptions(Command command)
    {
        var settings = new Option<FileInfo>("--settings")
        {
            Description = "Organisation settings as JSON (RULES.md, \"Organisation settings\"); default: the built-in demo ICB",
        };
        settings.AcceptExistingOnly();
        var input = new Option<FileInfo>("--input")
        {
            Description = "Read JSON lines from this file instead of standard input",
        };
        input.AcceptExistingOnly();
        var threads = new Option<int>("--threads")
        {
            Description = "Lines are processed on this many threads, output kept in input order (default: one per processor)",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        command.Options.Add(settings);
        command.Options.Add(input);
        command.Options.Add(threads);
        return new PolicyOptions(settings, input, threads);
    }

    /// <summary>
    /// Loads the settings, builds the verb once for the run and streams the input through it.
    /// Exit codes (RULES.md): 0 every line read, 1 a bad line, 2 a usage error (settings or input unusable).
    /// </summary>
    private static async Task<int> RunJsonLinesAsync(ParseResult parsed, PolicyOptions options, Func<OrganisationSettings, IJsonLineVerb> createVerb, CancellationToken ct)
    {
        var error = parsed.InvocationConfiguration.Error;
        var threads = parsed.GetValue(options.Threads);
        if (threads < 1)
        {
            await error.WriteLineAsync("--threads must be 1 or more.");
            return UsageError;
        }

        var settings = OrganisationSettings.DemoIcb;
        var settingsFile = parsed.GetValue(options.Settings);
        if (settingsFile is not null)
        {
            string json;
            try
            {
                json = await File.ReadAllTextAsync(settingsFile.FullName, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"Cannot read the settings file {settingsFile.FullName}: {e.Message}");
                return UsageError;
            }

            var loaded = OrganisationSettings.Load(json);
            if (!loaded.IsValid)
            {
                await error.WriteLineAsync($"The settings in {settingsFile.FullName} cannot be used:");
                foreach (var problem in loaded.Errors)
                {
                    await error.WriteLineAsync($"  {problem}");
                }

                return UsageError;
            }

            settings = loaded.Settings!;
        }

        IJsonLineVerb verb;
        try
        {
            verb = createVerb(settings);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or FormatException or TimeZoneNotFoundException)
        {
            // A bank-holiday file named in the settings that cannot be read, for example.
            await error.WriteLineAsync($"The settings cannot be used: {e.Message}");
            return UsageError;
        }

        var inputFile = parsed.GetValue(options.Input);
        Stream input;
        try
        {
            input = inputFile is null
                ? StandardInput()
                : new FileStream(inputFile.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"Cannot read the input {inputFile?.FullName}: {e.Message}");
            return UsageError;
        }

        try
        {
            var bad = await JsonLines.RunAsync(input, parsed.InvocationConfiguration.Output, verb, threads, ct);
            return bad == 0 ? Ok : Problem;
        }
        finally
        {
            if (inputFile is not null)
            {
                await input.DisposeAsync();
            }
        }
    }
}
