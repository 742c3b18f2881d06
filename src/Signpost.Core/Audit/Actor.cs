namespace Signpost.Core.Audit;

/// <summary>Who did something: a signed-in person, the command line, or Signpost itself.</summary>
public sealed record Actor(Guid? UserId, string Name)
{
    public static Actor System { get; } = new(null, "Signpost");
    public static Actor CommandLine { get; } = new(null, "Command line");

    public static Actor Anonymous(string name) => new(null, name);
}
