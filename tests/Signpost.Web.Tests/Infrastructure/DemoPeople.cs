namespace Signpost.Web.Tests.Infrastructure;

/// <summary>The demo sign-ins the tests act as (see DemoData).</summary>
public static class DemoPeople
{
    public const string Officer = "comms.officer@riverside.example";
    public const string Manager = "comms.manager@riverside.example";
    public const string Auditor = "auditor@riverside.example";
    public const string Admin = "admin@riverside.example";
    public const string Staff = "staff@riverside.example";
    public const string PeopleTeam = "people.team@riverside.example";
    public const string TrustAdmin = "trust.officer@riverside-community.example";
    public const string Icb = "riverside-icb";
    public const string Trust = "riverside-community";
}
