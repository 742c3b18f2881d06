namespace Signpost.Policy.Calendar;

/// <summary>
/// Opens a file embedded from <c>Data/</c>. The csproj names each one
/// <c>Signpost.Policy.Data.&lt;RecursiveDir&gt;&lt;File&gt;</c>, and RecursiveDir keeps the build
/// machine's separator ("Triage/" on Linux, "Triage\" on Windows), so the lookup accepts either.
/// </summary>
internal static class PolicyDataResource
{
    private const string Prefix = "Signpost.Policy.Data.";

    /// <summary>Opens <paramref name="relativePath"/> (e.g. "Triage/lexicon.txt"); throws when the build did not embed it.</summary>
    public static Stream Open(string relativePath)
    {
        var assembly = typeof(PolicyDataResource).Assembly;
        var wanted = Prefix + relativePath;
        var stream = assembly.GetManifestResourceStream(wanted);
        if (stream is not null)
        {
            return stream;
        }

        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (string.Equals(name.Replace('\\', '/'), wanted, StringComparison.Ordinal))
            {
                return assembly.GetManifestResourceStream(name)!;
            }
        }

        throw new InvalidOperationException($"Embedded resource {wanted} is missing from Signpost.Policy.");
    }

    public static string ReadText(string relativePath)
    {
        using var stream = Open(relativePath);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
