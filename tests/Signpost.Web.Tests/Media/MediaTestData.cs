using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Features.Tokens;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Media;

/// <summary>A file as a browser sends it in a multipart form.</summary>
public sealed record UploadFile(string Field, string FileName, byte[] Bytes, string ContentType = "application/octet-stream");

/// <summary>A browser's multipart form post, and API tokens, for the media tests (the files are Signpost.Tests.Shared.TestImages).</summary>
public static class MediaTestData
{
    /// <summary>Loads the page, takes the antiforgery token from its multipart form, and posts fields and files as a browser would.</summary>
    public static async Task<HttpResponseMessage> SubmitMultipartAsync(this HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields, IEnumerable<UploadFile> files, string? handler = null)
    {
        var page = await client.GetDocumentAsync(path);
        var form = page.Forms.FirstOrDefault(f => f.Enctype == "multipart/form-data" && (handler is null || (f.Action ?? "").Contains($"handler={handler}", StringComparison.OrdinalIgnoreCase)))
            ?? throw new InvalidOperationException($"No multipart form on {path}");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
            content.Add(part, file.Field, file.FileName);
        }

        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? path : form.GetAttribute("action")!;
        return await client.PostAsync(action, content);
    }

    /// <summary>A personal access token for a demo person in an organisation.</summary>
    public static async Task<string> TokenAsync(this SignpostWebFactory factory, string email, string slug)
    {
        await using var scope = factory.DataScope();
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.AppDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var organisation = await db.Organisations.SingleAsync(o => o.Slug == slug);
        var created = await scope.ServiceProvider.GetRequiredService<AccessTokenService>()
            .CreateAsync(new CreateAccessTokenOptions(user.Id, organisation.Id, "Media test", 30), Actor.System);
        return created.Secret;
    }

    /// <summary>The id at the end of a redirect to …/{id}.</summary>
    public static Guid IdFromRedirect(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Redirect, $"Expected a redirect, got {(int)response.StatusCode}");
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1]);
    }
}
