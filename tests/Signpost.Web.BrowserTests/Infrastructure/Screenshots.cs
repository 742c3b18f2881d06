using System.Reflection;
using System.Text;
using Microsoft.Playwright;

namespace Signpost.Web.BrowserTests.Infrastructure;

/// <summary>Full-page screenshots in .test/screenshots/ at the repository root, for people to look at; nothing asserts on them.</summary>
public static class Screenshots
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var built = typeof(Screenshots).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        var root = (built is not null ? FindRepositoryRoot(built) : null)
            ?? FindRepositoryRoot(Directory.GetCurrentDirectory())
            ?? Path.GetTempPath();
        var folder = Path.Combine(root, ".test", "screenshots");
        Directory.CreateDirectory(folder);
        // One run's pictures only: pages named by id change with every run's database.
        foreach (var old in Directory.EnumerateFiles(folder, "*.png"))
        {
            File.Delete(old);
        }

        return folder;
    });

    public static async Task SaveAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder.Value, FileName(name)), FullPage = true });
    }

    /// <summary>"/o/riverside-icb/admin/teams?x=1" → "admin@…-o-riverside-icb-admin-teams-x-1.png".</summary>
    private static string FileName(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '@' ? c : '-');
        }

        return text.ToString().Trim('-') + ".png";
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Signpost.slnx")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
