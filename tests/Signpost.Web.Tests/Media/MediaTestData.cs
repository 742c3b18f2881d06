using System.Buffers.Binary;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Features.Tokens;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Media;

/// <summary>A file as a browser sends it in a multipart form.</summary>
public sealed record UploadFile(string Field, string FileName, byte[] Bytes, string ContentType = "application/octet-stream");

/// <summary>Files for the media tests, and a browser's multipart form post.</summary>
public static class MediaTestData
{
    /// <summary>A complete, valid PNG of white pixels.</summary>
    public static byte[] Png(int width, int height)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        Chunk(output, "IHDR", header);
        using var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            raw.Write(Enumerable.Repeat((byte)0xFF, width * 3).ToArray());
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw.ToArray());
        }

        Chunk(output, "IDAT", compressed.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>The start of an MP4 file: an ftyp box (isom), then an empty mdat.</summary>
    public static byte[] Mp4() => [0, 0, 0, 0x18, .. "ftypisom"u8, 0, 0, 2, 0, .. "isomiso2"u8, 0, 0, 0, 8, .. "mdat"u8];

    public static byte[] Html() => Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>");

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

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typeAndData);
        var crc = 0xFFFFFFFFu;
        foreach (var b in typeAndData)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        var crcBytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, ~crc);
        output.Write(crcBytes);
    }
}
