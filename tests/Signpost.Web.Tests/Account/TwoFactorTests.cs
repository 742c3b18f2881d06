using System.Net;
using System.Security.Cryptography;
using Signpost.Core.Features.Demo;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Account;

public sealed class TwoFactorTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    private const string Person = "line.manager@riverside.example";

    [Fact]
    public async Task TurnOn_ThenSignIn_AsksForTheCodeFromTheApp()
    {
        var client = await factory.SignInAsync(Person);
        var setup = await client.GetDocumentAsync("/profile/two-factor");
        var key = setup.QuerySelector("#shared-key")!.TextContent.Replace(" ", "", StringComparison.Ordinal);
        Assert.NotNull(setup.QuerySelector("img.signpost-qr[alt]"));

        var wrong = await client.SubmitFormAsync("/profile/two-factor", new() { ["Code"] = "000000" }, handler: "Enable");
        Assert.Contains("Enter the 6-digit code your authenticator app shows now", (await wrong.ReadDocumentAsync()).ErrorMessages());

        var enabled = await client.SubmitFormAsync("/profile/two-factor", new() { ["Code"] = Totp(key) }, handler: "Enable");
        var codes = (await enabled.ReadDocumentAsync()).QuerySelectorAll("#recovery-codes li").Select(li => li.TextContent).ToList();
        Assert.Equal(10, codes.Count);

        var fresh = factory.CreateBrowser();
        var password = await fresh.SubmitFormAsync("/account/sign-in", new() { ["Input.Email"] = Person, ["Input.Password"] = DemoData.Password });
        Assert.StartsWith("/account/sign-in/code", password.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.GetAsync($"/o/{DemoPeople.Icb}")).StatusCode);

        var badCode = await fresh.SubmitFormAsync("/account/sign-in/code", new() { ["Code"] = "123" });
        Assert.Contains("Enter the 6-digit code from your authenticator app", (await badCode.ReadDocumentAsync()).ErrorMessages());

        var code = await fresh.SubmitFormAsync("/account/sign-in/code", new() { ["Code"] = Totp(key) });
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync($"/o/{DemoPeople.Icb}")).StatusCode);

        // A recovery code works once.
        var other = factory.CreateBrowser();
        await other.SubmitFormAsync("/account/sign-in", new() { ["Input.Email"] = Person, ["Input.Password"] = DemoData.Password });
        var recovered = await other.SubmitFormAsync("/account/sign-in/recovery-code", new() { ["RecoveryCode"] = codes[0] });
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        var again = factory.CreateBrowser();
        await again.SubmitFormAsync("/account/sign-in", new() { ["Input.Email"] = Person, ["Input.Password"] = DemoData.Password });
        var reused = await again.SubmitFormAsync("/account/sign-in/recovery-code", new() { ["RecoveryCode"] = codes[0] });
        Assert.Contains("That recovery code is not right, or has been used already", (await reused.ReadDocumentAsync()).ErrorMessages());
    }

    /// <summary>RFC 6238 with the parameters authenticator apps use: SHA-1, 30 seconds, 6 digits.</summary>
    private static string Totp(string base32Key)
    {
        var key = Base32Decode(base32Key);
        var counter = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(message);
        }

        // RFC 6238 authenticator codes are defined on HMAC-SHA1.
#pragma warning disable CA5350
        var hash = HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32Decode(string input)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var output = new List<byte>();
        foreach (var c in input.TrimEnd('=').ToUpperInvariant())
        {
            value = (value << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. output];
    }
}
