namespace Signpost.Platforms.Tests.Mastodon;

/// <summary>
/// Answers shaped as docs.joinmastodon.org documents them (methods: statuses, media, apps, oauth,
/// accounts, instance; entities: Status, MediaAttachment, Account, Token, CredentialApplication),
/// with Riverside's data instead of the examples'.
/// </summary>
internal static class MastodonPayloads
{
    public const string AccountId = "109348211337771020";

    public const string Account = $$"""
        {
          "id": "{{AccountId}}",
          "username": "riversideicb",
          "acct": "riversideicb",
          "display_name": "NHS Riverside ICB",
          "locked": false,
          "bot": false,
          "created_at": "2022-11-10T00:00:00.000Z",
          "note": "<p>Health and care news for Riverside.</p>",
          "url": "https://social.example.nhs.uk/@riversideicb",
          "followers_count": 1520,
          "following_count": 48,
          "statuses_count": 912,
          "source": { "privacy": "public", "sensitive": false, "language": "en", "note": "Health and care news for Riverside.", "fields": [] }
        }
        """;

    public static string Status(string id, string html, string? inReplyToId = null, string media = "[]") => $$"""
        {
          "id": "{{id}}",
          "created_at": "2026-11-24T09:30:00.000Z",
          "in_reply_to_id": {{(inReplyToId is null ? "null" : $"\"{inReplyToId}\"")}},
          "in_reply_to_account_id": null,
          "sensitive": false,
          "spoiler_text": "",
          "visibility": "public",
          "language": "en",
          "uri": "https://social.example.nhs.uk/users/riversideicb/statuses/{{id}}",
          "url": "https://social.example.nhs.uk/@riversideicb/{{id}}",
          "replies_count": 0,
          "reblogs_count": 0,
          "favourites_count": 0,
          "content": {{System.Text.Json.JsonSerializer.Serialize(html)}},
          "reblog": null,
          "application": { "name": "Signpost", "website": null },
          "account": { "id": "{{AccountId}}", "username": "riversideicb", "acct": "riversideicb", "display_name": "NHS Riverside ICB" },
          "media_attachments": {{media}},
          "mentions": [],
          "tags": [],
          "emojis": [],
          "card": null,
          "poll": null
        }
        """;

    /// <summary>
    /// A status by a member of the public (Entities, "Status") with the given visibility, as it arrives
    /// in a mention notification; <paramref name="html"/> is the HTML content the instance made.
    /// </summary>
    public static string PublicStatus(string id, string html, string accountId, string acct, string? displayName = null, string visibility = "public", string? inReplyToId = null, string spoilerText = "", string createdAt = "2026-11-24T09:45:00.000Z") => $$"""
        {
          "id": "{{id}}",
          "created_at": "{{createdAt}}",
          "in_reply_to_id": {{(inReplyToId is null ? "null" : $"\"{inReplyToId}\"")}},
          "in_reply_to_account_id": {{(inReplyToId is null ? "null" : $"\"{AccountId}\"")}},
          "sensitive": false,
          "spoiler_text": {{System.Text.Json.JsonSerializer.Serialize(spoilerText)}},
          "visibility": "{{visibility}}",
          "language": "en",
          "uri": "https://{{(acct.Contains('@') ? acct[(acct.IndexOf('@') + 1)..] : "social.example.nhs.uk")}}/users/{{acct.Split('@')[0]}}/statuses/{{id}}",
          "url": "https://{{(acct.Contains('@') ? acct[(acct.IndexOf('@') + 1)..] : "social.example.nhs.uk")}}/@{{acct.Split('@')[0]}}/{{id}}",
          "replies_count": 0,
          "reblogs_count": 0,
          "favourites_count": 0,
          "content": {{System.Text.Json.JsonSerializer.Serialize(html)}},
          "reblog": null,
          "account": {{PublicAccount(accountId, acct, displayName)}},
          "media_attachments": [],
          "mentions": [{ "id": "{{AccountId}}", "username": "riversideicb", "url": "https://social.example.nhs.uk/@riversideicb", "acct": "riversideicb" }],
          "tags": [],
          "emojis": [],
          "card": null,
          "poll": null
        }
        """;

    /// <summary>An Account of a member of the public; <paramref name="acct"/> is user@server for another instance.</summary>
    public static string PublicAccount(string id, string acct, string? displayName = null) => $$"""
        {
          "id": "{{id}}",
          "username": "{{acct.Split('@')[0]}}",
          "acct": "{{acct}}",
          "display_name": {{System.Text.Json.JsonSerializer.Serialize(displayName ?? "")}},
          "locked": false,
          "bot": false,
          "url": "https://social.example.nhs.uk/@{{acct}}"
        }
        """;

    /// <summary>A Notification (Entities, "Notification") of <paramref name="type"/> carrying a status.</summary>
    public static string Notification(string id, string status, string type = "mention", string? account = null) => $$"""
        {
          "id": "{{id}}",
          "type": "{{type}}",
          "created_at": "2026-11-24T09:45:01.000Z",
          "account": {{account ?? PublicAccount("110000000000000001", "someone")}},
          "status": {{status}}
        }
        """;

    /// <summary>Context (Entities, "Context"): ancestors oldest first, descendants.</summary>
    public static string Context(params string[] ancestors) => $$"""
        { "ancestors": [{{string.Join(",", ancestors)}}], "descendants": [] }
        """;

    /// <summary>Relationship (Entities, "Relationship") after a block or unblock.</summary>
    public static string Relationship(string id, bool blocking) => $$"""
        { "id": "{{id}}", "following": false, "showing_reblogs": false, "notifying": false, "followed_by": false, "blocking": {{(blocking ? "true" : "false")}}, "blocked_by": false, "muting": false, "muting_notifications": false, "requested": false, "domain_blocking": false, "endorsed": false, "note": "" }
        """;

    /// <summary>Report (Entities, "Report") as POST /api/v1/reports answers.</summary>
    public static string Report(string id, string category, string comment, string statusId, string accountId) => $$"""
        {
          "id": "{{id}}",
          "action_taken": false,
          "action_taken_at": null,
          "category": "{{category}}",
          "comment": {{System.Text.Json.JsonSerializer.Serialize(comment)}},
          "forwarded": true,
          "created_at": "2026-11-24T10:00:00.000Z",
          "status_ids": ["{{statusId}}"],
          "rule_ids": null,
          "target_account": {{PublicAccount(accountId, "someone")}}
        }
        """;

    /// <summary>A MediaAttachment; <paramref name="url"/> null is the ProcessingMediaAttachment of a 202.</summary>
    public static string Media(string id, string? url, string? description) => $$"""
        {
          "id": "{{id}}",
          "type": "image",
          "url": {{(url is null ? "null" : $"\"{url}\"")}},
          "preview_url": "https://files.social.example.nhs.uk/media_attachments/files/{{id}}/small/a1b2c3.png",
          "remote_url": null,
          "text_url": null,
          "meta": { "original": { "width": 1200, "height": 675, "size": "1200x675", "aspect": 1.7777777777777777 } },
          "description": {{System.Text.Json.JsonSerializer.Serialize(description)}},
          "blurhash": "UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}"
        }
        """;

    public const string Token = """
        {
          "access_token": "ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0",
          "token_type": "Bearer",
          "scope": "read:accounts read:statuses write:statuses write:media",
          "created_at": 1795000000
        }
        """;

    public const string Application = """
        {
          "id": "563419",
          "name": "Signpost",
          "website": "https://signpost.riverside.example",
          "scopes": ["read:accounts", "read:statuses", "write:statuses", "write:media"],
          "redirect_uri": "https://signpost.riverside.example/channels/oauth/callback",
          "redirect_uris": ["https://signpost.riverside.example/channels/oauth/callback"],
          "client_id": "TWhM-tNSuncnqN7DBJmoyeLnk6K3iJJ71KKXxgL1hPM",
          "client_secret": "ZEaFUFmF0umgBX1qKJDjaU99Q31lDkOU8NutzTOoliw",
          "client_secret_expires_at": 0
        }
        """;

    public const string Instance = """
        {
          "domain": "social.example.nhs.uk",
          "title": "NHS social",
          "version": "4.3.2",
          "configuration": {
            "statuses": { "max_characters": 1000, "max_media_attachments": 4, "characters_reserved_per_url": 23 },
            "media_attachments": { "image_size_limit": 16777216, "video_size_limit": 103809024 }
          }
        }
        """;

    public const string InvalidToken = """{ "error": "The access token is invalid" }""";

    public const string RecordNotFound = """{ "error": "Record not found" }""";

    public const string TooLong = """{ "error": "Validation failed: Text character limit of 500 exceeded" }""";

    public const string TooManyRequests = """{ "error": "Too many requests" }""";

    public const string InvalidGrant = """
        {
          "error": "invalid_grant",
          "error_description": "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."
        }
        """;
}
