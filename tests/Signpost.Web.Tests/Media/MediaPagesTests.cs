using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Signpost.Core.Audit;
using Signpost.Tests.Shared;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Media;

public sealed class MediaPagesTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    private const string Library = $"/o/{DemoPeople.Icb}/media";

    [Fact]
    public async Task Upload_APngNamedJpg_IsStoredAsPngAndShownWithAltTextMissing()
    {
        var officer = await factory.SignInAsync(DemoPeople.Officer);

        var response = await officer.SubmitMultipartAsync($"{Library}/upload", [new("Title", "Flu clinic poster")], [new("File", "poster.jpg", TestImages.Png(40, 30), "image/jpeg")]);

        var id = MediaTestData.IdFromRedirect(response);
        var stored = await factory.QueryAsync(db => db.MediaItems.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Equal(("image/png", "poster.png", 40, 30), (stored.ContentType, stored.FileName, stored.Width!.Value, stored.Height!.Value));
        var page = await officer.GetDocumentAsync($"{Library}/{id}");
        Assert.Equal("Flu clinic poster", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Alt text missing", page.QuerySelector(".nhsuk-tag--orange")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("40 × 30 pixels", page.QuerySelector(".nhsuk-summary-list")!.TextContent, StringComparison.Ordinal);
        var library = await officer.GetDocumentAsync(Library);
        var thumbnail = library.QuerySelector($"img[src='{Library}/{id}/content']")!;
        Assert.Equal("", thumbnail.GetAttribute("alt"));
        Assert.Contains(library.QuerySelectorAll(".nhsuk-card"), c => c.TextContent.Contains("Flu clinic poster", StringComparison.Ordinal) && c.TextContent.Contains("Alt text missing", StringComparison.Ordinal));
        var missing = await officer.GetDocumentAsync($"{Library}?show=missing&view=list");
        Assert.Contains(missing.QuerySelectorAll("table a"), a => a.GetAttribute("href") == $"{Library}/{id}");
    }

    [Fact]
    public async Task Upload_AnHtmlPageNamedPng_IsRefusedWithAnErrorAndNothingIsStored()
    {
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var before = await factory.QueryAsync(db => db.MediaItems.CountAsync());

        var response = await officer.SubmitMultipartAsync($"{Library}/upload", [new("AltText", "A poster")], [new("File", "poster.png", TestImages.Html(), "image/png")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Equal(["The selected file must be a JPEG, PNG, GIF or WebP picture, or an MP4 video"], page.ErrorMessages());
        Assert.Equal("#File", page.QuerySelector(".nhsuk-error-summary__list a")!.GetAttribute("href"));
        Assert.Equal("A poster", page.QuerySelector("#AltText")!.TextContent);
        Assert.Equal(before, await factory.QueryAsync(db => db.MediaItems.CountAsync()));
    }

    [Fact]
    public async Task Upload_APictureOver10MB_IsRefusedWithTheLimitAndNothingIsStored()
    {
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var before = await factory.QueryAsync(db => db.MediaItems.CountAsync());
        var big = new byte[(10 * 1024 * 1024) + 100];
        TestImages.Png(2, 2).CopyTo(big, 0);

        var response = await officer.SubmitMultipartAsync($"{Library}/upload", [], [new("File", "huge.png", big, "image/png")]);

        Assert.Equal(["A picture must be 10 MB or smaller"], (await response.ReadDocumentAsync()).ErrorMessages());
        Assert.Equal(before, await factory.QueryAsync(db => db.MediaItems.CountAsync()));
    }

    [Fact]
    public async Task Content_IsServedToTheCommunicationsTeamOnly_WithItsTypeAndNoSniffing()
    {
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var png = TestImages.Png(12, 12);
        var id = MediaTestData.IdFromRedirect(await officer.SubmitMultipartAsync($"{Library}/upload", [new("AltText", "A blue NHS sign outside Riverside Library")], [new("File", "sign.gif", png)]));

        var response = await officer.GetAsync($"{Library}/{id}/content");
        var staff = await (await factory.SignInAsync(DemoPeople.Staff)).GetAsync($"{Library}/{id}/content");
        var otherOrganisation = await (await factory.SignInAsync(DemoPeople.TrustAdmin)).GetAsync($"{Library}/{id}/content");
        var trustLibrary = await (await factory.SignInAsync(DemoPeople.TrustAdmin)).GetAsync($"/o/{DemoPeople.Trust}/media/{id}/content");
        var anonymous = await factory.CreateBrowser().GetAsync($"{Library}/{id}/content");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(png, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("inline", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(HttpStatusCode.Forbidden, staff.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherOrganisation.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, trustLibrary.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Fact]
    public async Task Edit_AltTextAndDelete_AreSavedAndRecorded()
    {
        var officer = await factory.SignInAsync(DemoPeople.Officer);
        var id = MediaTestData.IdFromRedirect(await officer.SubmitMultipartAsync($"{Library}/upload", [], [new("File", "ward.png", TestImages.Png(7, 7))]));

        var saved = await officer.SubmitMultipartAsync($"{Library}/{id}", [new("Title", "Ward 4"), new("AltText", "Two nurses at the ward 4 desk, smiling.")], []);
        var page = await officer.GetDocumentAsync($"{Library}/{id}");
        var missingAfterSave = await officer.GetStringAsync($"{Library}?show=missing");
        var deleted = await officer.SubmitFormAsync($"{Library}/{id}", new(), handler: "Delete");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("Two nurses at the ward 4 desk, smiling.", page.QuerySelector("#AltText")!.TextContent);
        Assert.Equal("Two nurses at the ward 4 desk, smiling.", page.QuerySelector(".signpost-media-preview")!.GetAttribute("alt"));
        Assert.Null(page.QuerySelector(".nhsuk-tag--orange"));
        Assert.DoesNotContain($"{Library}/{id}\"", missingAfterSave, StringComparison.Ordinal);
        Assert.Equal($"{Library}", deleted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"{Library}/{id}")).StatusCode);
        var codes = await factory.QueryAsync(db => db.AuditEvents.Where(e => e.SubjectId == id.ToString()).Select(e => e.Code).ToListAsync());
        Assert.Equal([AuditEventCode.MediaUploaded, AuditEventCode.MediaUpdated, AuditEventCode.MediaDeleted], codes.Order());
    }

    [Fact]
    public async Task Library_ForAStaffMember_IsForbidden()
    {
        var staff = await factory.SignInAsync(DemoPeople.Staff);

        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync(Library)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"{Library}/upload")).StatusCode);
    }

    [Fact]
    public async Task Api_UploadWithAltText_GivesAnIdTheListShows_AndRefusesAFileThatIsNotAPicture()
    {
        var api = factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await factory.TokenAsync(DemoPeople.Officer, DemoPeople.Icb));
        var staffApi = factory.CreateClient();
        staffApi.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await factory.TokenAsync(DemoPeople.Staff, DemoPeople.Icb));

        var created = await api.PostAsync("/api/v1/media", Multipart(TestImages.Png(20, 10), "chart.webp", "A bar chart: flu jabs given each week, rising from 200 to 900."));
        var refused = await api.PostAsync("/api/v1/media", Multipart(TestImages.Html(), "chart.png", "A chart"));
        var forbidden = await staffApi.PostAsync("/api/v1/media", Multipart(TestImages.Png(2, 2), "a.png", null));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("media").GetProperty("id").GetGuid();
        Assert.Equal("image/png", body.GetProperty("media").GetProperty("contentType").GetString());
        Assert.Equal(20, body.GetProperty("media").GetProperty("width").GetInt32());
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/media");
        Assert.Contains(list.EnumerateArray(), m => m.GetProperty("id").GetGuid() == id && m.GetProperty("altText").GetString()!.StartsWith("A bar chart", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("The selected file must be", problem.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    private static MultipartFormDataContent Multipart(byte[] bytes, string fileName, string? altText)
    {
        var content = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", fileName } };
        if (altText is not null)
        {
            content.Add(new StringContent(altText), "altText");
        }

        return content;
    }
}
