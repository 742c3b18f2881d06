using System.Reflection;

namespace Signpost.Policy.Text;

/// <summary>
/// Reads the data files embedded from <c>Data/</c>. The csproj names them
/// <c>Signpost.Policy.Data.&lt;folder&gt;/&lt;file&gt;</c>, where the folder separator depends on the OS
/// that built the assembly, so files are found by their path with either separator.
/// </summary>
public static class EmbeddedData
{
    private static readonly Assembly PolicyAssembly = typeof(EmbeddedData).Assembly;

    /// <summary>Opens a data file, e.g. "Accessibility/words-en-gb.txt".</summary>
    public static Stream Open(string path)
    {
        var wanted = Normalise("Signpost.Policy.Data." + path);
        foreach (var name in PolicyAssembly.GetManifestResourceNames())
        {
            if (Normalise(name) == wanted)
            {
                return PolicyAssembly.GetManifestResourceStream(name)!;
            }
        }

        throw new FileNotFoundException($"The policy data file '{path}' is not embedded in {PolicyAssembly.GetName().Name}.", path);
    }

    /// <summary>The lines of a text data file that are neither blank nor '#' comments, trimmed.</summary>
    public static List<string> ReadLines(string path)
    {
        using var reader = new StreamReader(Open(path));
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

    private static string Normalise(string name) => name.Replace('\\', '.').Replace('/', '.');
}
