using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewEngines;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Signpost.Core.Features.PolicySettings;
using Signpost.Policy;
using Signpost.Web.Pages.Shared;

namespace Signpost.Web.Pages.Check;

/// <summary>
/// "Check a post": the post rules of RULES.md with the organisation's settings, for any member.
/// Works as a plain form; with JavaScript, check.mjs asks the Live handler for the same results as
/// the person types. Nothing is stored.
/// </summary>
public sealed class IndexModel(PolicySettingsService policySettings, ICompositeViewEngine viewEngine) : SignpostPageModel
{
    public const string Prefix = "Input";
    public const string ResultsPartial = "_CheckResults";

    [BindProperty]
    public CheckForm Input { get; set; } = new();

    /// <summary>Which finding's suggestion to use ("code:start:length"), from a "Use this fix" button.</summary>
    [BindProperty]
    public string? Fix { get; set; }

    public CheckResults? Results { get; private set; }

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        ModelState.Clear();
        Results = Check(out _);
        return Page();
    }

    /// <summary>Uses one finding's suggestion in the text, then checks the new text.</summary>
    public IActionResult OnPostFix()
    {
        ModelState.Clear();
        var results = Check(out var engine);
        if (results is null)
        {
            return Page();
        }

        var text = Input.Text!.Replace("\r\n", "\n", StringComparison.Ordinal);
        var finding = results.Platforms.SelectMany(p => p.Findings)
            .FirstOrDefault(f => CheckResults.FixValue(f) == Fix && FindingMarks.HasFix(text, f));
        if (finding is null || FindingMarks.ApplyFix(text, finding) is not { } fixedText)
        {
            // The text changed since the button was shown: show the findings for the text as it is.
            AddError($"{Prefix}.{nameof(CheckForm.Text)}", "That fix no longer matches the text: the findings below are for the text as it is now");
            Results = results;
            return Page();
        }

        var before = FindingMarks.Quote(text, finding);
        Input.Text = fixedText;
        var (posts, _) = Input.ToPosts();
        var used = finding.Code == "PLATFORM-LENGTH" ? "The text has been shortened" : $"“{before}” is now “{finding.Suggestion}”";
        Results = CheckResults.For(engine!, posts, used);
        return Page();
    }

    /// <summary>For check.mjs: the same results as the form gives, as JSON with their HTML.</summary>
    public async Task<IActionResult> OnPostLiveAsync()
    {
        var (posts, errors) = Input.ToPosts();
        if (errors.Count > 0)
        {
            return new JsonResult(new { count = 0, summary = string.Join(". ", errors.Select(e => e.Message)) + ".", html = "", errors = errors.Select(e => new { field = e.Field, message = e.Message }) });
        }

        var results = CheckResults.For(policySettings.GetEngines(OrganisationContext.Current).Policy, posts);
        return new JsonResult(new { count = results.Count, summary = results.Summary, html = await RenderResultsAsync(results), errors = Array.Empty<object>() });
    }

    private CheckResults? Check(out PolicyEngine? engine)
    {
        engine = null;
        var (posts, errors) = Input.ToPosts();
        foreach (var (field, message) in errors)
        {
            AddError($"{Prefix}.{field}", message);
        }

        if (errors.Count > 0)
        {
            return null;
        }

        engine = policySettings.GetEngines(OrganisationContext.Current).Policy;
        return CheckResults.For(engine, posts);
    }

    private async Task<string> RenderResultsAsync(CheckResults results)
    {
        var view = viewEngine.FindView(PageContext, ResultsPartial, isMainPage: false);
        if (!view.Success)
        {
            throw new InvalidOperationException($"The partial {ResultsPartial} was not found.");
        }

        await using var writer = new StringWriter();
        var viewData = new ViewDataDictionary<CheckResults>(ViewData, results);
        var context = new ViewContext(PageContext, view.View, viewData, TempData, writer, new HtmlHelperOptions());
        await view.View.RenderAsync(context);
        return writer.ToString();
    }
}
