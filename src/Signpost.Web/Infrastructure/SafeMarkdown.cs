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

    public static IHtmlContent ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown ?? "", Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url))
            {
                link.Url = "#";
            }
        }

        foreach (var heading in document.Descendants<HeadingBlock>())
        {
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
