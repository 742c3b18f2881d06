using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Signpost.Core.Features.Demo;
using Signpost.Web.BrowserTests.Infrastructure;

namespace Signpost.Web.BrowserTests.Accessibility;

/// <summary>
/// Issue 2: signed in as each demo role, every page reachable from the navigation, the home
/// page's cards, the profile and the links on those pages passes axe (WCAG 2.2 A and AA), answers
/// without an error status, and has one h1 and a title.
/// </summary>
public sealed partial class RoleCrawlTests(SignpostSite site) : IClassFixture<SignpostSite>
{
    /// <summary>Enough for the administrator's view of the demo organisation (about 20 distinct pages).</summary>
    private const int MaxPagesPerRole = 40;

    /// <summary>Pages that differ only by an id (each person, each team) share a template: two of each are enough.</summary>
    private const int MaxPagesPerTemplate = 2;

    private const string ScreenshotRole = "admin@riverside.example";

    public static TheoryData<string> SignIns => new(DemoData.SignIns.Select(s => s.Email));

    [Theory]
    [MemberData(nameof(SignIns))]
    public async Task VisitEveryLinkedPage_AsDemoRole_NoAxeViolationsErrorsOrMissingHeadings(string email)
    {
        var page = await site.SignInAsync(email);
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add($"{page.PathAndQuery()}: script error: {error}");

        var queue = new Queue<string>([page.PathAndQuery(), "/profile"]);
        var seen = new HashSet<string>(queue, StringComparer.Ordinal);
        var visited = new List<string>();
        var templates = new Dictionary<string, int>(StringComparer.Ordinal);
        while (queue.Count > 0 && visited.Count < MaxPagesPerRole)
        {
            var path = queue.Dequeue();
            var started = Stopwatch.GetTimestamp();
            IResponse? response;
            try
            {
                response = await page.GotoAsync(path);
            }
            catch (PlaywrightException e) when (e.Message.Contains("Download is starting", StringComparison.Ordinal))
            {
                continue; // a file to download (CSV, JSON), not a page
            }

            var here = page.PathAndQuery();
            if (here != path && !seen.Add(here))
            {
                continue; // a redirect to a page already visited, such as / to the organisation's home
            }

            var loaded = Stopwatch.GetElapsedTime(started);
            if (response is null || response.Status >= 400)
            {
                problems.Add($"{path}: HTTP {response?.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no response"}");
            }

            problems.AddRange((await page.ArrivalProblemsAsync()).Select(p => $"{here}: {p}"));
            problems.AddRange((await page.AxeViolationsAsync()).Select(v => $"{here}:\n{v}"));
            if (email == ScreenshotRole)
            {
                await Screenshots.SaveAsync(page, $"{email.Split('@')[0]}{here}");
            }

            visited.Add(FormattableString.Invariant($"{here} (load {loaded.TotalMilliseconds:0} ms, checks {Stopwatch.GetElapsedTime(started).TotalMilliseconds - loaded.TotalMilliseconds:0} ms)"));
            foreach (var link in await LinksToFollowAsync(page))
            {
                var template = Ids().Replace(link, "{id}");
                if (templates.GetValueOrDefault(template) < MaxPagesPerTemplate && seen.Add(link))
                {
                    templates[template] = templates.GetValueOrDefault(template) + 1;
                    queue.Enqueue(link);
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{email}: {visited.Count} pages\n  {string.Join("\n  ", visited)}");
        Assert.Contains(visited, v => v.StartsWith("/profile/tokens ", StringComparison.Ordinal));
        Assert.Contains(visited, v => v.StartsWith("/o/", StringComparison.Ordinal));
        Assert.True(problems.Count == 0, $"Signed in as {email}, {problems.Count} problem(s) on {visited.Count} pages:\n{string.Join("\n", problems)}");
    }

    /// <summary>The same-origin pages the page links to, as path and query; not sign-out, downloads, the API or its description.</summary>
    private async Task<IEnumerable<string>> LinksToFollowAsync(IPage page)
    {
        var hrefs = await page.EvalOnSelectorAllAsync<string[]>("a[href]:not([download])", "links => links.map(a => a.href)");
        return hrefs
            .Select(href => Uri.TryCreate(href, UriKind.Absolute, out var uri) ? uri : null)
            .Where(uri => uri is not null && Uri.Compare(uri, site.BaseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            .Select(uri => uri!.PathAndQuery)
            .Where(FollowLink)
            .Distinct(StringComparer.Ordinal);
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex Ids();

    private static bool FollowLink(string pathAndQuery) =>
        !pathAndQuery.StartsWith("/account/sign-out", StringComparison.OrdinalIgnoreCase)
        && !pathAndQuery.StartsWith("/openapi", StringComparison.OrdinalIgnoreCase)
        && !pathAndQuery.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)
        && !pathAndQuery.StartsWith("/health", StringComparison.OrdinalIgnoreCase)
        && !pathAndQuery.Contains("handler=Export", StringComparison.OrdinalIgnoreCase);
}
