using System.CommandLine;

namespace Signpost.Cli;

public static partial class Commands
{
    /// <summary>The policy verbs (`check`, `triage`) of RULES.md's command-line contract.</summary>
    public static IEnumerable<Command> Policy() => [];
}
