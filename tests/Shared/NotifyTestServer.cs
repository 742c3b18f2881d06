using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Signpost.Tests.Shared;

/// <summary>A text message as the test Notify server received and accepted it.</summary>
public sealed record NotifyReceivedSms(string Id, string PhoneNumber, string TemplateId, IReadOnlyDictionary<string, string> Personalisation, string? Reference, string Issuer, long IssuedAt);

/// <summary>
/// A local server that answers POST /v2/notifications/sms as GOV.UK Notify documents it, on
/// 127.0.0.1 and a free port: it checks the bearer JSON Web Token (header typ JWT and alg HS256; iss
/// the service id; iat within 30 seconds of its clock; the HS256 signature with the secret key),
/// checks the body (phone_number a UK mobile, template_id the template it knows, personalisation an
/// object of strings, reference a string), answers 201 with the documented response, and keeps what
/// it accepted for the tests to look at. Told to, it answers the documented errors instead
/// (429 RateLimitError, 500 Exception, 400 BadRequestError) for the next requests.
/// </summary>
public sealed class NotifyTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly ConcurrentQueue<(int Status, string Error, string Message)> _faults = new();
    private readonly ConcurrentQueue<NotifyReceivedSms> _received = new();
    private readonly ConcurrentQueue<string> _refused = new();

    private NotifyTestServer(WebApplication app, TimeProvider clock, string serviceId, string secretKey, string templateId)
    {
        _app = app;
        _clock = clock;
        ServiceId = serviceId;
        SecretKey = secretKey;
        TemplateId = templateId;
    }

    public string ServiceId { get; }
    public string SecretKey { get; }
    public string TemplateId { get; }

    /// <summary>An API key in Notify's form: key name, service id, secret key.</summary>
    public string ApiKey => $"signpost_test-{ServiceId}-{SecretKey}";

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The messages accepted (201), in order.</summary>
    public IReadOnlyList<NotifyReceivedSms> Received => [.. _received];

    /// <summary>Why requests were refused (400 or 403 for a bad token or body), in order.</summary>
    public IReadOnlyList<string> Refused => [.. _refused];

    /// <summary>Starts a server; <paramref name="clock"/> is what iat is checked against (the app's clock in tests that move it).</summary>
    public static async Task<NotifyTestServer> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new NotifyTestServer(app, clock ?? TimeProvider.System, Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        app.MapPost("/v2/notifications/sms", (Func<HttpContext, Task<IResult>>)server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The next <paramref name="times"/> requests are answered 429 with Notify's RateLimitError.</summary>
    public void RateLimitNext(int times = 1) => Fail(times, 429, "RateLimitError", "Exceeded rate limit for key type TEAM of 3000 requests per 60 seconds");

    /// <summary>The next <paramref name="times"/> requests are answered 500 with Notify's Exception.</summary>
    public void ServerErrorNext(int times = 1) => Fail(times, 500, "Exception", "Internal server error");

    /// <summary>The next request is refused 400 with Notify's BadRequestError and this message.</summary>
    public void BadRequestNext(string message = "Can't send to this recipient using a team-only API key") => Fail(1, 400, "BadRequestError", message);

    private void Fail(int times, int status, string error, string message)
    {
        for (var i = 0; i < times; i++)
        {
            _faults.Enqueue((status, error, message));
        }
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        if (Authenticate(context.Request.Headers.Authorization.ToString()) is { } authError)
        {
            _refused.Enqueue(authError);
            return Error(403, "AuthError", authError);
        }

        if (_faults.TryDequeue(out var fault))
        {
            return Error(fault.Status, fault.Error, fault.Message);
        }

        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
        }
        catch (JsonException)
        {
            return Refuse("Invalid JSON supplied in POST data");
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return Refuse("Invalid JSON supplied in POST data");
        }

        if (!body.TryGetProperty("phone_number", out var phone) || phone.ValueKind != JsonValueKind.String)
        {
            return Refuse("phone_number is a required property");
        }

        var digits = new string([.. (phone.GetString() ?? "").Where(char.IsAsciiDigit)]);
        if (!(digits.StartsWith("447", StringComparison.Ordinal) && digits.Length == 12) && !(digits.StartsWith("07", StringComparison.Ordinal) && digits.Length == 11))
        {
            return Refuse("phone_number Not a UK mobile number");
        }

        if (!body.TryGetProperty("template_id", out var template) || template.ValueKind != JsonValueKind.String)
        {
            return Refuse("template_id is a required property");
        }

        if (template.GetString() != TemplateId)
        {
            return Refuse("Template not found");
        }

        var personalisation = new Dictionary<string, string>();
        if (body.TryGetProperty("personalisation", out var fields))
        {
            if (fields.ValueKind != JsonValueKind.Object)
            {
                return Refuse("personalisation is not of type object");
            }

            foreach (var field in fields.EnumerateObject())
            {
                personalisation[field.Name] = field.Value.ToString();
            }
        }

        if (!personalisation.TryGetValue("message", out var text))
        {
            return Refuse("Missing personalisation: message");
        }

        string? reference = null;
        if (body.TryGetProperty("reference", out var r))
        {
            if (r.ValueKind != JsonValueKind.String)
            {
                return Refuse("reference is not of type string");
            }

            reference = r.GetString();
        }

        var claims = Claims(context.Request.Headers.Authorization.ToString());
        var id = Guid.NewGuid().ToString();
        _received.Enqueue(new NotifyReceivedSms(id, phone.GetString()!, TemplateId, personalisation, reference, claims.Iss, claims.Iat));
        var baseUrl = BaseUrl.ToString().TrimEnd('/');
        return Results.Json(new Dictionary<string, object?>
        {
            ["id"] = id,
            ["reference"] = reference,
            ["content"] = new Dictionary<string, object?> { ["body"] = text, ["from_number"] = "Signpost" },
            ["uri"] = $"{baseUrl}/v2/notifications/{id}",
            ["template"] = new Dictionary<string, object?> { ["id"] = TemplateId, ["version"] = 1, ["uri"] = $"{baseUrl}/v2/template/{TemplateId}" },
        }, statusCode: 201);
    }

    private IResult Refuse(string message)
    {
        _refused.Enqueue(message);
        return Error(400, "BadRequestError", message);
    }

    private static IResult Error(int status, string error, string message) =>
        Results.Json(new Dictionary<string, object?>
        {
            ["status_code"] = status,
            ["errors"] = new[] { new Dictionary<string, string> { ["error"] = error, ["message"] = message } },
        }, statusCode: status);

    /// <summary>Null when the token is right; otherwise Notify's words for what is wrong.</summary>
    private string? Authenticate(string authorization)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return "Unauthorized: authentication token must be provided";
        }

        var parts = authorization["Bearer ".Length..].Split('.');
        if (parts.Length != 3)
        {
            return "Invalid token: signature, api token not found";
        }

        try
        {
            using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
            if (header.RootElement.GetProperty("typ").GetString() != "JWT" || header.RootElement.GetProperty("alg").GetString() != "HS256")
            {
                return "Invalid token: algorithm used is not HS256";
            }

            var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(SecretKey), Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
            if (!CryptographicOperations.FixedTimeEquals(expected, FromBase64Url(parts[2])))
            {
                return "Invalid token: signature, api token not found";
            }

            var (iss, iat) = Claims(authorization);
            if (iss != ServiceId)
            {
                return "Invalid token: service not found";
            }

            if (Math.Abs(_clock.GetUtcNow().ToUnixTimeSeconds() - iat) > 30)
            {
                return "Error: Your system clock must be accurate to within 30 seconds";
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return "Invalid token: signature, api token not found";
        }

        return null;
    }

    private static (string Iss, long Iat) Claims(string authorization)
    {
        var parts = authorization["Bearer ".Length..].Split('.');
        using var claims = JsonDocument.Parse(FromBase64Url(parts[1]));
        return (claims.RootElement.GetProperty("iss").GetString() ?? "", claims.RootElement.GetProperty("iat").GetInt64());
    }

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
