using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Media;
using Signpost.Core.Features.Posts;
using Signpost.Core.Tests.Posts;
using Signpost.Core.Validation;
using Signpost.Tests.Shared;

namespace Signpost.Core.Tests.Media;

public sealed class MediaServiceTests(PostsFixture fixture) : IClassFixture<PostsFixture>
{
    private const string Officer = "comms.officer@riverside.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Upload_PngNamedJpg_IsStoredAsThePngItIsWithItsSizeAndHash()
    {
        await using var scope = fixture.Scope();
        var (media, icb, officer) = await ServicesAsync(scope);
        var png = TestImages.Png(64, 48);

        var uploaded = await media.UploadAsync(icb, new UploadMediaOptions("clinic photo.jpg", new MemoryStream(png), "Flu clinic", null), officer, Ct);

        var stored = await Db(scope).MediaItems.AsNoTracking().SingleAsync(m => m.Id == uploaded.Item.Id, Ct);
        Assert.Equal("image/png", stored.ContentType);
        Assert.Equal("clinic photo.png", stored.FileName);
        Assert.Equal(MediaType.Image, stored.Type);
        Assert.Equal((64, 48), (stored.Width, stored.Height));
        Assert.Equal(png.Length, stored.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(png)), stored.Sha256);
        Assert.Null(stored.AltText);
        Assert.Equal(png, await Db(scope).MediaContents.Where(c => c.MediaItemId == stored.Id).Select(c => c.Bytes).SingleAsync(Ct));
        var recorded = await Db(scope).AuditEvents.SingleAsync(e => e.SubjectId == stored.Id.ToString(), Ct);
        Assert.Equal(AuditEventCode.MediaUploaded, recorded.Code);
        Assert.Equal(officer.Name, recorded.ActorName);
    }

    [Theory]
    [InlineData("page.png")]
    [InlineData("drawing.svg")]
    public async Task Upload_HtmlOrSvg_IsRefusedAndNothingIsStored(string name)
    {
        await using var scope = fixture.Scope();
        var (media, icb, officer) = await ServicesAsync(scope);
        var before = await CountsAsync(icb);
        var bytes = name.EndsWith(".svg", StringComparison.Ordinal) ? TestImages.Svg() : TestImages.Html();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            media.UploadAsync(icb, new UploadMediaOptions(name, new MemoryStream(bytes), null, "A description"), officer, Ct));

        Assert.Equal("The selected file must be a JPEG, PNG, GIF or WebP picture, or an MP4 video", error.Errors["File"].Single());
        Assert.Equal(before, await CountsAsync(icb));
    }

    [Fact]
    public async Task Upload_PictureOver10MB_IsRefusedWithTheLimitAndNothingIsStored()
    {
        await using var scope = fixture.Scope();
        var (media, icb, officer) = await ServicesAsync(scope);
        var before = await CountsAsync(icb);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            media.UploadAsync(icb, new UploadMediaOptions("poster.png", new MemoryStream(TestImages.PngOfSize((10 * 1024 * 1024) + 1))), officer, Ct));

        Assert.Equal("A picture must be 10 MB or smaller", error.Errors["File"].Single());
        Assert.Equal(before, await CountsAsync(icb));
    }

    [Fact]
    public async Task Upload_PictureOfExactly10MB_IsAccepted()
    {
        await using var scope = fixture.Scope();
        var (media, icb, officer) = await ServicesAsync(scope);

        var uploaded = await media.UploadAsync(icb, new UploadMediaOptions("poster.png", new MemoryStream(TestImages.PngOfSize(10 * 1024 * 1024))), officer, Ct);

        Assert.Equal(10 * 1024 * 1024, uploaded.Item.SizeBytes);
    }

    [Fact]
    public async Task Upload_TheSameFileTwice_SaysWhichItemHasTheSameBytes()
    {
        await using var scope = fixture.Scope();
        var (media, icb, officer) = await ServicesAsync(scope);
        var gif = TestImages.Gif(300, 200 + Random.Shared.Next(1, 1000));
        var first = await media.UploadAsync(icb, new UploadMediaOptions("wave.gif", new MemoryStream(gif), "Waving nurse"), officer, Ct);

        var second = await media.UploadAsync(icb, new UploadMediaOptions("wave-copy.gif", new MemoryStream(gif)), officer, Ct);

        Assert.Empty(first.Duplicates);
        var duplicate = Assert.Single(second.Duplicates);
        Assert.Equal(first.Item.Id, duplicate.Id);
        Assert.Equal("Waving nurse", duplicate.Name);
        Assert.Equal(MediaType.Gif, second.Item.Type);
    }

    [Fact]
    public async Task Upload_VideoWithWebVttCaptions_KeepsThemAndRefusesCaptionsThatAreNotWebVtt()
    {
        await using var scope = fixture.Scope();
        var (media, icb, officer) = await ServicesAsync(scope);
        const string captions = "WEBVTT\r\n\r\n00:00:01.000 --> 00:00:04.000\r\n[Nurse] Book your flu jab today.\r\n";

        var video = await media.UploadAsync(icb, new UploadMediaOptions("advert.mp4", new MemoryStream(TestImages.Mp4()), Captions: captions), officer, Ct);
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            media.UploadAsync(icb, new UploadMediaOptions("advert.mp4", new MemoryStream(TestImages.Mp4()), Captions: "1\n00:00:01,000 --> 00:00:04,000\nSRT, not WebVTT"), officer, Ct));
        var onPicture = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            media.UploadAsync(icb, new UploadMediaOptions("photo.png", new MemoryStream(TestImages.Png(2, 2)), Captions: captions), officer, Ct));

        Assert.Equal(MediaType.Video, video.Item.Type);
        Assert.Equal("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n[Nurse] Book your flu jab today.\n", video.Item.Captions);
        Assert.Equal("Captions must be a WebVTT file: the first line must be WEBVTT", error.Errors["Captions"].Single());
        Assert.StartsWith("Captions are for videos only", onPicture.Errors["Captions"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_AltTextOver1000Characters_IsRefused_AndAGoodOneIsSavedWithTheChangeRecorded()
    {
        await using var scope = fixture.Scope();
        var (media, icb, officer) = await ServicesAsync(scope);
        var item = (await media.UploadAsync(icb, new UploadMediaOptions("clinic.png", new MemoryStream(TestImages.Png(3, 3))), officer, Ct)).Item;

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            media.UpdateAsync(icb, item.Id, new UpdateMediaOptions(null, new string('a', 1001), null), officer, Ct));
        await media.UpdateAsync(icb, item.Id, new UpdateMediaOptions("Clinic", "  A nurse gives a flu jab to a smiling older man at Riverside Library.  ", null), officer, Ct);

        Assert.Equal("Alt text must be 1000 characters or fewer", error.Errors["AltText"].Single());
        await using var check = fixture.Scope();
        var stored = await Db(check).MediaItems.SingleAsync(m => m.Id == item.Id, Ct);
        Assert.Equal("A nurse gives a flu jab to a smiling older man at Riverside Library.", stored.AltText);
        var recorded = await Db(check).AuditEvents.SingleAsync(e => e.SubjectId == item.Id.ToString() && e.Code == AuditEventCode.MediaUpdated, Ct);
        Assert.Contains("A nurse gives a flu jab", recorded.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_WhileADraftUsesIt_IsRefusedNamingThePost_AndOnceTheDraftIsCancelledItIsDeleted()
    {
        await using var scope = fixture.Scope();
        var (media, icb, officer) = await ServicesAsync(scope);
        var posts = scope.ServiceProvider.GetRequiredService<PostService>();
        var item = (await media.UploadAsync(icb, new UploadMediaOptions("clinic.png", new MemoryStream(TestImages.Png(5, 5))), officer, Ct)).Item;
        var post = await posts.CreateAsync(icb, new SavePostOptions("Clinic opening", "Our clinic opens on Monday.", [], MediaIds: [item.Id]), officer, Ct);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => media.DeleteAsync(icb, item.Id, officer, Ct));
        Assert.Contains("\u201CClinic opening\u201D (Draft)", error.Errors[""].Single(), StringComparison.Ordinal);
        Assert.Null(await Db(scope).MediaItems.AsNoTracking().Where(m => m.Id == item.Id).Select(m => m.DeletedAt).SingleAsync(Ct));

        await posts.CancelAsync(icb, post.Id, officer, Ct);
        await media.DeleteAsync(icb, item.Id, officer, Ct);

        await using var check = fixture.Scope();
        var stored = await Db(check).MediaItems.SingleAsync(m => m.Id == item.Id, Ct);
        Assert.NotNull(stored.DeletedAt);
        // The bytes stay for the history of posts that used it.
        Assert.True(await Db(check).MediaContents.AnyAsync(c => c.MediaItemId == item.Id, Ct));
        Assert.True(await Db(check).AuditEvents.AnyAsync(e => e.SubjectId == item.Id.ToString() && e.Code == AuditEventCode.MediaDeleted, Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => media.DeleteAsync(icb, item.Id, officer, Ct));
    }

    [Fact]
    public async Task Update_AnotherOrganisationsItem_IsNotFound()
    {
        await using var scope = fixture.Scope();
        var (media, icb, officer) = await ServicesAsync(scope);
        var trust = await Db(scope).Organisations.Where(o => o.Slug == Signpost.Core.Features.Demo.DemoData.TrustSlug).Select(o => o.Id).SingleAsync(Ct);
        var item = (await media.UploadAsync(icb, new UploadMediaOptions("clinic.png", new MemoryStream(TestImages.Png(4, 4))), officer, Ct)).Item;

        await Assert.ThrowsAsync<NotFoundException>(() => media.UpdateAsync(trust, item.Id, new UpdateMediaOptions("Taken", "Taken over", null), officer, Ct));
    }

    private static AppDbContext Db(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<AppDbContext>();

    private static async Task<(MediaService Media, Guid Icb, Actor Officer)> ServicesAsync(AsyncServiceScope scope) =>
        (scope.ServiceProvider.GetRequiredService<MediaService>(), await TestData.IcbAsync(scope.ServiceProvider, Ct), await TestData.ActorAsync(scope.ServiceProvider, Officer, Ct));

    private async Task<(int Items, int Contents, int Events)> CountsAsync(Guid organisationId)
    {
        await using var scope = fixture.Scope();
        var db = Db(scope);
        return (await db.MediaItems.CountAsync(m => m.OrganisationId == organisationId, Ct), await db.MediaContents.CountAsync(Ct),
            await db.AuditEvents.CountAsync(e => e.OrganisationId == organisationId, Ct));
    }
}
