namespace Signpost.Policy.Rules.Governance.PlatformRules;

/// <summary>
/// PLATFORM-MEDIA: more images than the platform allows in one post (X, Bluesky, Mastodon: 4;
/// LinkedIn: 20), more carousel items than it allows (Instagram: 10, Threads: 20, TikTok: 35), or
/// no image or video where the platform needs one (Instagram). Limits follow settings.PlatformLimits.
/// </summary>
internal sealed class PlatformMediaRule(PlatformLimits limits) : IPostRule
{
    public string Code => "PLATFORM-MEDIA";

    public void Check(PostContext context, List<Finding> findings)
    {
        if (context.Post.Platform is not { } platform)
        {
            return;
        }

        var limit = limits[platform];
        var media = context.Post.Media;
        var name = PlatformLengthRule.Name(platform);
        if (limit.NeedsMedia && media.Count == 0)
        {
            findings.Add(new Finding(
                Code,
                Severity.Error,
                null,
                null,
                $"{name} needs at least one image or video in every post. Add one, with alt text or captions."));
            return;
        }

        if (limit.MaxMedia is { } maxMedia && media.Count > maxMedia)
        {
            findings.Add(new Finding(
                Code,
                Severity.Error,
                null,
                null,
                $"This post has {media.Count} images and videos; {name} accepts at most {maxMedia} in one post. Remove {media.Count - maxMedia}."));
        }

        if (limit.MaxImages is { } maxImages)
        {
            var images = 0;
            foreach (var item in media)
            {
                if (item.Kind is MediaKind.Image or MediaKind.Gif)
                {
                    images++;
                }
            }

            if (images > maxImages)
            {
                findings.Add(new Finding(
                    Code,
                    Severity.Error,
                    null,
                    null,
                    $"This post has {images} images; {name} accepts at most {maxImages} in one post. Remove {images - maxImages} or split the post."));
            }
        }
    }
}
