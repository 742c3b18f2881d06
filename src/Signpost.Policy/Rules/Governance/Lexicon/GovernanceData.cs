using System.Reflection;

namespace Signpost.Policy.Rules.Governance.Lexicon;

/// <summary>
/// Reads the governance word lists embedded from <c>Data/Governance/</c>. The csproj names a
/// resource <c>Signpost.Policy.Data.&lt;RecursiveDir&gt;&lt;File&gt;</c>, and RecursiveDir keeps the
/// separator of the OS that built the assembly, so a file is found with either separator.
/// </summary>
internal static class GovernanceData
{
    private const string Prefix = "Signpost.Policy.Data.Governance";

    /// <summary>The lines of a data file that are neither blank nor '#' comments, trimmed.</summary>
    public static List<string> ReadLines(string fileName)
    {
        var assembly = typeof(GovernanceData).Assembly;
        var name = FindResource(assembly, fileName)
            ?? throw new FileNotFoundException($"The governance data file '{fileName}' is not embedded.", fileName);
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0 && trimmed[0] != '#')
            {
                lines.Add(trimmed);
            }
        }

        return lines;
    }

    private static string? FindResource(Assembly assembly, string fileName)
    {
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (name.Length == Prefix.Length + 1 + fileName.Length
                && name.StartsWith(Prefix, StringComparison.Ordinal)
                && name[Prefix.Length] is '/' or '\\' or '.'
                && name.EndsWith(fileName, StringComparison.Ordinal))
            {
                return name;
            }
        }

        return null;
    }
}
