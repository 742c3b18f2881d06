using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Signpost.Core.Features.PolicySettings;
using Signpost.Core.Validation;
using Signpost.Policy;
using Signpost.Policy.Triage;
using Signpost.Web.Infrastructure;

namespace Signpost.Web.Api;

/// <summary>A post as RULES.md's command-line contract writes it; or, with <c>posts</c>, up to 500 of them.</summary>
public sealed record CheckRequest(
    string? Text,
    string? Platform,
    string? Account,
    IReadOnlyList<CheckMediaRequest>? Media,
    DateTimeOffset? ScheduledFor,
    string? Handle,
    string? TextKind,
    JsonElement? Id,
    IReadOnlyList<CheckRequest>? Posts);

/// <summary>An image, GIF or video attached to a post.</summary>
public sealed record CheckMediaRequest(string? Kind, string? Alt, bool? Captions, string? FileName, string? Consent);

/// <summary>One finding, as the CLI writes it: start and length in UTF-16 code units, null for the whole post.</summary>
public sealed record FindingDto(string Code, string Severity, int? Start, int? Length, string Message, string? Suggestion);

/// <summary>The findings for one post (<c>findings</c>), or for each post of a batch, in order (<c>results</c>).</summary>
public sealed record CheckResponse
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Id { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FindingDto>? Findings { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CheckResponse>? Results { get; init; }
}

/// <summary>An inbound message as <c>signpost triage</c> reads it; or, with <c>messages</c>, up to 500 of them.</summary>
public sealed record TriageRequest(
    string? Text,
    string? Platform,
    string? Kind,
    DateTimeOffset? ReceivedAt,
    JsonElement? Id,
    IReadOnlyList<TriageRequest>? Messages);

/// <summary>Why a label was given: the words behind it and their span in the message.</summary>
public sealed record TriageReasonDto(string Label, int? Start, int? Length, string Evidence, string Rule);

/// <summary>The labels of one message (or, with <c>results</c>, of each message of a batch, in order).</summary>
public sealed record TriageResponse
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Id { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Labels { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Priority { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? OutOfHours { get; init; }

    /// <summary>RULES.md and 004 §6.4.5: page the duty manager now (immediate danger, or urgent out of hours).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? PageDutyManager { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TriageReasonDto>? Reasons { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TriageResponse>? Results { get; init; }
}

/// <summary>
/// The post rules and triage of RULES.md over HTTP, with the caller's organisation's settings (the
/// token's organisation). Any member may call them: they read nothing but the request and the
/// settings, and change nothing.
/// </summary>
public static class PolicyApi
{
    /// <summary>Most posts or messages in one call: a day's worth for a busy organisation, well under a second to check.</summary>
    public const int MaxBatch = 500;

    /// <summary>Longest text accepted: longer than any platform allows, room for a blog post.</summary>
    public const int MaxTextLength = 100_000;

    public static void MapPolicyApi(this RouteGroupBuilder api)
    {
        api.MapPost("/check", async Task<Ok<CheckResponse>> (HttpRequest request, OrganisationContext organisation, PolicySettingsService settings, CancellationToken ct) =>
        {
            var root = await ReadBodyAsync(request, ct);
            var engine = settings.GetEngines(organisation.Current).Policy;
            var errors = new ValidationErrors();
            if (root.TryGetProperty("posts", out var posts))
            {
                var items = ReadBatch(posts, "posts", errors);
                var parsed = items.Select((p, i) => (Id: IdOf(p), Post: ReadPost(p, $"posts[{i}].", errors))).ToList();
                errors.ThrowIfAny();
                return TypedResults.Ok(new CheckResponse
                {
                    Results = [.. parsed.Select(p => new CheckResponse { Id = p.Id, Findings = Findings(engine.Check(p.Post!)) })],
                });
            }

            var post = ReadPost(root, "", errors);
            errors.ThrowIfAny();
            return TypedResults.Ok(new CheckResponse { Id = IdOf(root), Findings = Findings(engine.Check(post!)) });
        })
        .Accepts<CheckRequest>("application/json")
        .ProducesValidationProblem()
        .WithSummary("Checks posts against the post rules of RULES.md with your organisation's settings.")
        .WithDescription("Send one post ({\"text\", \"platform\", \"account\", \"media\", \"scheduledFor\", \"handle\", \"textKind\"}) to get {\"findings\": [...]}, "
            + $"or {{\"posts\": [...]}} with up to {MaxBatch} posts to get {{\"results\": [{{\"id\", \"findings\"}}]}} in the same order. "
            + "Each finding has its code, severity, span (start and length in UTF-16 code units, null for the whole post), message and suggested fix.");

        api.MapPost("/triage", async Task<Ok<TriageResponse>> (HttpRequest request, OrganisationContext organisation, PolicySettingsService settings, TimeProvider time, CancellationToken ct) =>
        {
            var root = await ReadBodyAsync(request, ct);
            var engine = settings.GetEngines(organisation.Current).Triage;
            var now = time.GetUtcNow();
            var errors = new ValidationErrors();
            if (root.TryGetProperty("messages", out var messages))
            {
                var items = ReadBatch(messages, "messages", errors);
                var parsed = items.Select((m, i) => (Id: IdOf(m), Message: ReadMessage(m, $"messages[{i}].", now, errors))).ToList();
                errors.ThrowIfAny();
                return TypedResults.Ok(new TriageResponse { Results = [.. parsed.Select(m => Triaged(engine, m.Id, m.Message!))] });
            }

            var message = ReadMessage(root, "", now, errors);
            errors.ThrowIfAny();
            return TypedResults.Ok(Triaged(engine, IdOf(root), message!));
        })
        .Accepts<TriageRequest>("application/json")
        .ProducesValidationProblem()
        .WithSummary("Labels inbound messages with the triage labels of RULES.md, their priority and whether they arrived out of hours.")
        .WithDescription("Send one message ({\"text\", \"platform\", \"kind\", \"receivedAt\"}) to get {\"labels\", \"priority\", \"outOfHours\", \"pageDutyManager\", \"reasons\"}, "
            + $"or {{\"messages\": [...]}} with up to {MaxBatch} messages to get {{\"results\": [...]}} in the same order. "
            + "Out of hours uses your organisation's working hours and bank holidays; receivedAt defaults to now.");
    }

    private static async Task<JsonElement> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 16 }, ct);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidRequestException("request", "The body must be a JSON object.");
            }

            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidRequestException("request", $"The body is not valid JSON: {e.Message}");
        }
    }

    private static List<JsonElement> ReadBatch(JsonElement items, string field, ValidationErrors errors)
    {
        if (items.ValueKind != JsonValueKind.Array)
        {
            errors.Add(field, $"{field} must be a list.");
            errors.ThrowIfAny();
        }

        var count = items.GetArrayLength();
        if (count > MaxBatch)
        {
            errors.Add(field, $"{field} can have at most {MaxBatch} entries in one call (there are {count}): send them in several calls.");
            errors.ThrowIfAny();
        }

        return [.. items.EnumerateArray()];
    }

    private static JsonElement? IdOf(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? id.Clone()
            : null;

    /// <summary>A post in RULES.md's shape; fields it does not name are ignored, as the CLI does.</summary>
    private static Post? ReadPost(JsonElement item, string prefix, ValidationErrors errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(prefix.Length == 0 ? "request" : prefix.TrimEnd('.'), "Each post must be a JSON object.");
            return null;
        }

        CheckId(item, prefix, errors);
        var text = ReadText(item, prefix, errors);
        var platform = ReadName<Platform>(item, "platform", prefix, errors);
        var account = ReadName<AccountKind>(item, "account", prefix, errors);
        var textKind = ReadName<PostTextKind>(item, "textKind", prefix, errors);
        var handle = ReadString(item, "handle", prefix, errors);
        var scheduledFor = ReadInstant(item, "scheduledFor", prefix, errors);
        var media = ReadMedia(item, prefix, errors);
        return new Post
        {
            Text = text ?? "",
            Platform = platform,
            Account = account ?? AccountKind.Corporate,
            TextKind = textKind ?? PostTextKind.Post,
            Handle = handle,
            ScheduledFor = scheduledFor,
            Media = media,
        };
    }

    private static InboundMessage? ReadMessage(JsonElement item, string prefix, DateTimeOffset now, ValidationErrors errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(prefix.Length == 0 ? "request" : prefix.TrimEnd('.'), "Each message must be a JSON object.");
            return null;
        }

        CheckId(item, prefix, errors);
        var text = ReadText(item, prefix, errors);
        var platform = ReadName<Platform>(item, "platform", prefix, errors);
        var kind = ReadName<InboundMessageKind>(item, "kind", prefix, errors);
        var receivedAt = ReadInstant(item, "receivedAt", prefix, errors);
        return new InboundMessage
        {
            Id = IdOf(item)?.ToString(),
            Text = text ?? "",
            Platform = platform,
            Kind = kind ?? InboundMessageKind.Comment,
            ReceivedAt = receivedAt ?? now,
        };
    }

    private static void CheckId(JsonElement item, string prefix, ValidationErrors errors)
    {
        if (item.TryGetProperty("id", out var id) && id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))
        {
            errors.Add(prefix + "id", "id must be a string or a number.");
        }
    }

    private static string? ReadText(JsonElement item, string prefix, ValidationErrors errors)
    {
        if (!item.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
        {
            errors.Add(prefix + "text", "text is missing: give the text as a string.");
            return null;
        }

        var value = text.GetString()!;
        if (value.Length > MaxTextLength)
        {
            errors.Add(prefix + "text", $"text must be {MaxTextLength:N0} characters or fewer (it is {value.Length:N0}).");
        }

        return value;
    }

    private static string? ReadString(JsonElement item, string field, string prefix, ValidationErrors errors)
    {
        if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(prefix + field, $"{field} must be a string.");
            return null;
        }

        return value.GetString();
    }

    /// <summary>A name from RULES.md's fixed lists (platforms, account kinds...): its JSON name, in any case.</summary>
    private static T? ReadName<T>(JsonElement item, string field, string prefix, ValidationErrors errors)
        where T : struct, Enum
    {
        if (ReadString(item, field, prefix, errors) is not { } given)
        {
            return null;
        }

        foreach (var value in Enum.GetValues<T>())
        {
            if (string.Equals(NameOf(value), given, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        errors.Add(prefix + field, $"\"{given}\" is not a {field} Signpost knows: use one of {string.Join(", ", Enum.GetValues<T>().Select(NameOf))}.");
        return null;
    }

    /// <summary>The JSON name RULES.md uses: the policy library's enums serialize to it.</summary>
    internal static string NameOf<T>(T value)
        where T : struct, Enum => JsonNames<T>.Names[value];

    /// <summary>ISO 8601; a time without an offset is read as UTC, as the CLI reads it.</summary>
    private static DateTimeOffset? ReadInstant(JsonElement item, string field, string prefix, ValidationErrors errors)
    {
        if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && value.TryGetDateTime(out var local))
        {
            if (local.Kind == DateTimeKind.Unspecified)
            {
                return new DateTimeOffset(local, TimeSpan.Zero);
            }

            if (value.TryGetDateTimeOffset(out var instant))
            {
                return instant;
            }
        }

        errors.Add(prefix + field, $"{field} must be an ISO 8601 date and time, e.g. \"2026-11-24T19:30:00Z\".");
        return null;
    }

    private static List<MediaItem> ReadMedia(JsonElement item, string prefix, ValidationErrors errors)
    {
        if (!item.TryGetProperty("media", out var media) || media.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (media.ValueKind != JsonValueKind.Array || media.GetArrayLength() > 50)
        {
            errors.Add(prefix + "media", "media must be a list of at most 50 items.");
            return [];
        }

        var items = new List<MediaItem>();
        var i = 0;
        foreach (var m in media.EnumerateArray())
        {
            var path = $"{prefix}media[{i++}].";
            if (m.ValueKind != JsonValueKind.Object)
            {
                errors.Add(path.TrimEnd('.'), "Each media item must be a JSON object, e.g. {\"kind\": \"image\", \"alt\": \"...\"}.");
                continue;
            }

            bool? captions = null;
            if (m.TryGetProperty("captions", out var c) && c.ValueKind != JsonValueKind.Null)
            {
                if (c.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    captions = c.GetBoolean();
                }
                else
                {
                    errors.Add(path + "captions", "captions must be true or false.");
                }
            }

            items.Add(new MediaItem
            {
                Kind = ReadName<MediaKind>(m, "kind", path, errors) ?? MediaKind.Image,
                Alt = ReadString(m, "alt", path, errors),
                Captions = captions,
                FileName = ReadString(m, "fileName", path, errors),
                Consent = ReadName<ConsentState>(m, "consent", path, errors),
            });
        }

        return items;
    }

    internal static IReadOnlyList<FindingDto> Findings(IReadOnlyList<Finding> findings) =>
        [.. findings.Select(f => new FindingDto(f.Code, NameOf(f.Severity), f.Start, f.Length, f.Message, f.Suggestion))];

    private static TriageResponse Triaged(TriageEngine engine, JsonElement? id, InboundMessage message)
    {
        var result = engine.Triage(message);
        return new TriageResponse
        {
            Id = id,
            Labels = [.. result.Labels.Select(l => l.ToCode())],
            Priority = NameOf(result.Priority),
            OutOfHours = result.OutOfHours,
            PageDutyManager = result.PageDutyManager,
            Reasons = [.. result.Reasons.Select(r => new TriageReasonDto(r.Label.ToCode(), r.Start, r.Length, r.Evidence, r.Rule))],
        };
    }

    /// <summary>Each enum value's JSON name, worked out once per type.</summary>
    private static class JsonNames<T>
        where T : struct, Enum
    {
        public static readonly IReadOnlyDictionary<T, string> Names =
            Enum.GetValues<T>().ToDictionary(v => v, v => JsonSerializer.Serialize(v).Trim('"'));
    }
}
