namespace Signpost.Platforms.Tests.X;

/// <summary>
/// Answers shaped as docs.x.com documents them (OAuth 2.0 token, users/me, manage Posts, Posts
/// lookup, user Posts timeline, media upload v2 and metadata; problem bodies for errors), with
/// Riverside's data.
/// </summary>
internal static class XPayloads
{
    public const string UserId = "1580512345678901234";

    public const string Username = "NHSRiversideICB";

    public const string Me = $$"""{ "data": { "id": "{{UserId}}", "name": "NHS Riverside ICB", "username": "{{Username}}" } }""";

    public static string Token(string access = "access-2", string refresh = "refresh-2") => $$"""
        {
          "token_type": "bearer",
          "expires_in": 7200,
          "access_token": "{{access}}",
          "scope": "tweet.read tweet.write users.read offline.access media.write",
          "refresh_token": "{{refresh}}"
        }
        """;

    public const string InvalidRefreshToken = """{ "error": "invalid_request", "error_description": "Value passed for the token was invalid." }""";

    public static string Created(string id, string text) => $$"""
        { "data": { "edit_history_tweet_ids": ["{{id}}"], "id": "{{id}}", "text": {{System.Text.Json.JsonSerializer.Serialize(text)}} } }
        """;

    public const string Deleted = """{ "data": { "deleted": true } }""";

    public static string Post(string id) => $$"""
        { "data": { "edit_history_tweet_ids": ["{{id}}"], "id": "{{id}}", "text": "Flu jabs at the Riverside hub" } }
        """;

    /// <summary>Posts lookup for a post that is not there: 200 with only errors.</summary>
    public static string PostNotFound(string id) => $$"""
        {
          "errors": [
            {
              "value": "{{id}}",
              "detail": "Could not find tweet with id: [{{id}}].",
              "title": "Not Found Error",
              "resource_type": "tweet",
              "parameter": "id",
              "resource_id": "{{id}}",
              "type": "https://api.twitter.com/2/problems/resource-not-found"
            }
          ]
        }
        """;

    public const string Unauthorized = """{ "title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized" }""";

    public const string Duplicate = """
        { "detail": "You are not allowed to create a Tweet with duplicate content.", "type": "about:blank", "title": "Forbidden", "status": 403 }
        """;

    public const string TooManyRequests = """{ "title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank", "status": 429 }""";

    public const string InvalidReplyId = """
        {
          "errors": [
            {
              "parameters": { "reply.in_reply_to_tweet_id": ["abc"] },
              "message": "The `reply.in_reply_to_tweet_id` query parameter value [abc] is not valid"
            }
          ],
          "title": "Invalid Request",
          "detail": "One or more parameters to your request was invalid.",
          "type": "https://api.twitter.com/2/problems/invalid-request"
        }
        """;

    public static string Media(string id, string? processing = null) => $$"""
        {
          "data": {
            "id": "{{id}}",
            "media_key": "3_{{id}}",
            "size": 11,
            "expires_after_secs": 86400{{(processing is null ? "" : ",\n    \"processing_info\": " + processing)}}
          }
        }
        """;

    public static string Metadata(string id, string alt) => $$"""
        { "data": { "id": "{{id}}", "associated_metadata": { "alt_text": { "text": {{System.Text.Json.JsonSerializer.Serialize(alt)}} } } } }
        """;

    public static string Timeline(params string[] posts) => $$"""
        { "data": [{{string.Join(",", posts)}}], "meta": { "result_count": {{posts.Length}}, "newest_id": "1", "oldest_id": "1" } }
        """;

    /// <summary>A post in a timeline with created_at, entities and referenced_tweets, as requested with tweet.fields.</summary>
    public static string TimelinePost(string id, string text, string urls = "[]", string? repliedTo = null, string? mediaKeys = null)
    {
        var referenced = repliedTo is null ? "" : $$""", "referenced_tweets": [{ "type": "replied_to", "id": "{{repliedTo}}" }]""";
        var attachments = mediaKeys is null ? "" : $$""", "attachments": { "media_keys": {{mediaKeys}} }""";
        return $$"""
            {
              "id": "{{id}}",
              "text": {{System.Text.Json.JsonSerializer.Serialize(text)}},
              "created_at": "2026-11-24T09:58:00.000Z",
              "edit_history_tweet_ids": ["{{id}}"],
              "entities": { "urls": {{urls}} }{{referenced}}{{attachments}}
            }
            """;
    }
}
