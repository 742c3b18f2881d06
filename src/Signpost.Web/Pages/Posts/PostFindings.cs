using Signpost.Core.Features.Posts;
using Signpost.Platforms;
using Signpost.Policy;
using Signpost.Web.Pages.Check;
using Post = Signpost.Core.Features.Posts.Post;

namespace Signpost.Web.Pages.Posts;

/// <summary>Where the findings are shown: in the composer (fixes change the form), or on a saved post (fixes save a new version).</summary>
public enum FindingsMode
{
    Composer,
    Post,
}

/// <summary>One channel's findings, with its text marked where each applies (the "Check a post" marks).</summary>
public sealed record ChannelFindingsView(string Key, string Name, ChannelFindings Source, CheckedPlatform Checked)
{
    public Guid? ChannelId => Source.Channel?.Id;

    /// <summary>The field that holds this channel's text in the composer.</summary>
    public string TextFieldName => Source.HasOwnText && ChannelId is { } id ? $"Input.Variants[{id}]" : "Input.Text";
}

/// <summary>The findings per channel of a post, as the composer and the post page show them.</summary>
public sealed record PostFindingsView(IReadOnlyList<ChannelFindingsView> Channels, FindingsMode Mode)
{
    /// <summary>The saved post (post page): its version for the fix forms, and its overrides.</summary>
    public Post? Post { get; init; }

    /// <summary>Whether "Use this fix" is offered (the post can still be changed).</summary>
    public bool CanFix { get; init; } = true;

    /// <summary>Whether the person may override error findings (a communications manager who did not write it).</summary>
    public bool CanOverride { get; init; }

    /// <summary>A fix that was just used, in words.</summary>
    public string? FixUsed { get; init; }

    public int Count => Channels.Sum(c => c.Checked.Findings.Count);

    /// <summary>What the live region announces: the counts per channel, never the whole list.</summary>
    public string Summary => Channels.Count == 0
        ? "Nothing to check yet."
        : string.Join(". ", Channels.Select(c => $"{c.Name}: {char.ToLowerInvariant(c.Checked.Summary[0])}{c.Checked.Summary[1..]}")) + ".";

    public static PostFindingsView For(IReadOnlyList<ChannelFindings> findings, FindingsMode mode)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return new([.. findings.Select(f =>
        {
            var key = KeyOf(f.Channel?.Id);
            var name = f.Channel is { } channel ? $"{channel.Name} ({NetworkNames.DisplayName(channel.Network)})" : "Any channel";
            var marked = FindingMarks.Mark(f.Text, f.Findings, i => $"finding-{key}-{i + 1}");
            return new ChannelFindingsView(key, name, f, new CheckedPlatform(key, name, f.Text, f.Findings, marked));
        })], mode);
    }

    public static string KeyOf(Guid? channelId) => channelId?.ToString("N") ?? "any";

    /// <summary>The value of a "Use this fix" button: which channel and which finding, not what to write.</summary>
    public static string FixValue(ChannelFindingsView channel, Finding finding)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return $"{channel.Key}|{CheckResults.FixValue(finding)}";
    }

    /// <summary>The id of an override's reason box, also its error key.</summary>
    public static string OverrideFieldId(ChannelFindingsView channel, int index)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return $"override-{channel.Key}-{index + 1}";
    }

    /// <summary>The finding a fix button names, with its channel, if it still matches the text.</summary>
    public (ChannelFindingsView Channel, Finding Finding)? FindFix(string? value)
    {
        foreach (var channel in Channels)
        {
            foreach (var finding in channel.Checked.Findings)
            {
                if (FixValue(channel, finding) == value && FindingMarks.HasFix(channel.Checked.Text, finding))
                {
                    return (channel, finding);
                }
            }
        }

        return null;
    }
}
