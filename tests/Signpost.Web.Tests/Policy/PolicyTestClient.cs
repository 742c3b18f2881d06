using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Signpost.Core.Audit;
using Signpost.Core.Data;
using Signpost.Core.Features.Tokens;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Policy;

/// <summary>What the policy tests do through the API: get a token, check posts, triage messages.</summary>
public static class PolicyTestClient
{
    /// <summary>An API client with a new token for the person in the organisation.</summary>
    public static async Task<HttpClient> ApiAsync(this SignpostWebFactory factory, string email, string organisationSlug)
    {
        await using var scope = factory.DataScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var organisation = await db.Organisations.SingleAsync(o => o.Slug == organisationSlug);
        var token = await scope.ServiceProvider.GetRequiredService<AccessTokenService>()
            .CreateAsync(new CreateAccessTokenOptions(user.Id, organisation.Id, $"Test {Guid.NewGuid():N}", 30), Actor.System);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Secret);
        return client;
    }

    /// <summary>The codes of the findings for one post.</summary>
    public static async Task<IReadOnlyList<string>> CheckCodesAsync(this HttpClient api, object post)
    {
        var response = await api.PostAsJsonAsync("/api/v1/check", post);
        Assert.True(response.IsSuccessStatusCode, $"POST /api/v1/check gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()!)];
    }
}
