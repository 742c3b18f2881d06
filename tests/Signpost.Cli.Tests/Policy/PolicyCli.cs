using System.Text;
using System.Text.Json;

namespace Signpost.Cli.Tests.Policy;

/// <summary>Runs the tool in-process, as Program.cs does, with the given lines as standard input.</summary>
internal static class PolicyCli
{
    public static async Task<CliRun> RunAsync(string input, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Commands.StandardInput = () => new MemoryStream(Encoding.UTF8.GetBytes(input));
        var exitCode = await Commands.RunAsync(Commands.CreateRoot(), args, stdout, stderr);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public static Task<CliRun> RunAsync(IEnumerable<string> lines, params string[] args) =>
        RunAsync(string.Join("\n", lines) + "\n", args);

    /// <summary>A temporary file that is deleted when disposed.</summary>
    public static TempFile WriteTempFile(string contents, string extension = ".json")
    {
        var path = Path.Combine(Path.GetTempPath(), $"signpost-cli-test-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, contents);
        return new TempFile(path);
    }
}

internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>The output lines; the contract writes exactly one per non-blank input line, each ending in a newline.</summary>
    public IReadOnlyList<string> Lines => Output.Length == 0 ? [] : Output.TrimEnd('\n').Split('\n');

    public IReadOnlyList<JsonElement> Objects => [.. Lines.Select(l => JsonDocument.Parse(l).RootElement.Clone())];
}

internal sealed class TempFile(string path) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose() => File.Delete(Path);
}
