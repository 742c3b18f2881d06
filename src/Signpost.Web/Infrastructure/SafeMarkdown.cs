using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Html;

namespace Signpost.Web.Infrastructure;

/// <summary>
/// Renders text that staff write (the public house rules) from Markdown. Raw HTML is shown as
/// text, and only web, email and phone links are kept, so that nothing written can run script.
/// </summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    /// <summary>
    /// Renders the Markdown. With <paramref name="underPageTitle"/>, text that has its own
    /// "# heading" has every heading moved down a level, so that the page keeps one h1.
    /// </summary>
    public static IHtmlContent ToHtml(string markdown, bool underPageTitle = false)
    {
        var document = Markdown.Parse(markdown ?? "", Pipeline);
        var headingOffset = underPageTitle && document.Descendants<HeadingBlock>().Any(h => h.Level == 1) ? 1 : 0;
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url))
            {
                link.Url = "#";
            }
        }

        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            heading.Level = Math.Min(6, heading.Level + headingOffset);
            heading.GetAttributes().AddClass(heading.Level switch { 1 => "nhsuk-heading-xl", 2 => "nhsuk-heading-m", _ => "nhsuk-heading-s" });
        }

        foreach (var list in document.Descendants<ListBlock>())
        {
            list.GetAttributes().AddClass(list.IsOrdered ? "nhsuk-list nhsuk-list--number" : "nhsuk-list nhsuk-list--bullet");
        }

        using var writer = new StringWriter();
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return new HtmlString(writer.ToString());
    }

    /// <summary>Whether the text opens with a top-level heading, which a page can use as its h1.</summary>
    public static bool StartsWithTitle(string markdown) =>
        Markdown.Parse(markdown ?? "", Pipeline).FirstOrDefault() is HeadingBlock { Level: 1 };

    private static bool IsSafe(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return true;
        }

        if (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal))
        {
            return true;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && uri.Scheme is "https" or "http" or "mailto" or "tel";
    }
}
