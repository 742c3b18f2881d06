using System.Net;
using Signpost.Web.Tests.Infrastructure;

namespace Signpost.Web.Tests.Organisations;

public sealed class RoleTests(SignpostWebFactory factory) : IClassFixture<SignpostWebFactory>
{
    public static TheoryData<string, string, HttpStatusCode> Pages => new()
    {
        { DemoPeople.Staff, "", HttpStatusCode.OK },
        { DemoPeople.Staff, "/admin", HttpStatusCode.Forbidden },
        { DemoPeople.Staff, "/admin/teams", HttpStatusCode.Forbidden },
        { DemoPeople.Staff, "/admin/people", HttpStatusCode.Forbidden },
        { DemoPeople.Staff, "/audit", HttpStatusCode.Forbidden },
        { DemoPeople.Staff, "/house-rules", HttpStatusCode.Forbidden },
        { DemoPeople.Officer, "/house-rules", HttpStatusCode.Forbidden },
        { DemoPeople.Officer, "/audit", HttpStatusCode.Forbidden },
        { DemoPeople.Manager, "/house-rules", HttpStatusCode.OK },
        { DemoPeople.Manager, "/admin/people", HttpStatusCode.Forbidden },
        { DemoPeople.Auditor, "/audit", HttpStatusCode.OK },
        { DemoPeople.Auditor, "/house-rules", HttpStatusCode.Forbidden },
        { DemoPeople.Auditor, "/admin", HttpStatusCode.Forbidden },
        { DemoPeople.Admin, "/admin", HttpStatusCode.OK },
        { DemoPeople.Admin, "/admin/organisation", HttpStatusCode.OK },
        { DemoPeople.Admin, "/admin/teams", HttpStatusCode.OK },
        { DemoPeople.Admin, "/admin/teams/new", HttpStatusCode.OK },
        { DemoPeople.Admin, "/admin/people", HttpStatusCode.OK },
        { DemoPeople.Admin, "/admin/people/add", HttpStatusCode.OK },
        { DemoPeople.Admin, "/audit", HttpStatusCode.OK },
        { DemoPeople.Admin, "/house-rules", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_ForEachRole_IsShownOnlyToTheRolesThatMayUseIt(string person, string path, HttpStatusCode expected)
    {
        var client = await factory.SignInAsync(person);

        var response = await client.GetAsync($"/o/{DemoPeople.Icb}{path}");

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Contains("You cannot see this page", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Navigation_ForAStaffMember_ShowsOnlyWhatTheyMayUse()
    {
        var client = await factory.SignInAsync(DemoPeople.Staff);

        var home = await client.GetDocumentAsync($"/o/{DemoPeople.Icb}");

        var links = home.QuerySelectorAll("a.nhsuk-header__navigation-link").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["Home", "Content requests", "Check a post"], links);
    }

    [Fact]
    public async Task Navigation_ForAnAdministrator_ShowsEverySection()
    {
        var client = await factory.SignInAsync(DemoPeople.Admin);

        var home = await client.GetDocumentAsync($"/o/{DemoPeople.Icb}");

        var links = home.QuerySelectorAll("a.nhsuk-header__navigation-link").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["Home", "Content requests", "Check a post", "Channels", "House rules", "Policy settings", "Audit trail", "Administration"], links);
    }
}
