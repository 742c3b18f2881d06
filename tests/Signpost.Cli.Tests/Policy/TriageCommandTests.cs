using System.Text.Json;

namespace Signpost.Cli.Tests.Policy;

public sealed class TriageCommandTests
{
    // RULES.md's example: a medical question on a Tuesday evening (out of hours).
    private const string MedicalQuestion =
        """{"id":"m1","platform":"facebook","kind":"comment","text":"Can I take ibuprofen with my blood pressure tablets?","receivedAt":"2026-11-24T19:30:00Z"}""";

    [Fact]
    public async Task Triage_RulesMdExample_WritesTheContractLine()
    {
        var run = await PolicyCli.RunAsync(MedicalQuestion + "\n", "triage");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Equal("""{"id":"m1","labels":["medical_question"],"priority":"high","outOfHours":true}""", Assert.Single(run.Lines));
    }

    [Fact]
    public async Task Triage_WithinWorkingHours_IsNotOutOfHours()
    {
        var run = await PolicyCli.RunAsync(MedicalQuestion.Replace("19:30", "10:30", StringComparison.Ordinal) + "\n", "triage");

        Assert.False(Assert.Single(run.Objects).GetProperty("outOfHours").GetBoolean());
    }

    [Fact]
    public async Task Triage_SettingsWithLongerHours_ChangesOutOfHours()
    {
        using var settings = PolicyCli.WriteTempFile("""{"workingHours": {"start": "08:00", "end": "20:00"}}""");

        var run = await PolicyCli.RunAsync(MedicalQuestion + "\n", "triage", "--settings", settings.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.False(Assert.Single(run.Objects).GetProperty("outOfHours").GetBoolean());
    }

    [Fact]
    public async Task Triage_UrgentMessage_IsUrgentWithItsLabelsMostUrgentFirst()
    {
        var run = await PolicyCli.RunAsync(
            """{"id":"m2","platform":"x","kind":"message","text":"i want to end it all tonight, nobody at the GP listens","receivedAt":"2026-01-05T08:15:00Z"}""" + "\n",
            "triage");

        var result = Assert.Single(run.Objects);
        Assert.Equal("urgent", result.GetProperty("priority").GetString());
        Assert.Equal("immediate_danger", result.GetProperty("labels")[0].GetString());
    }

    [Fact]
    public async Task Triage_Explain_AddsTheReasonsBehindEachLabel()
    {
        var run = await PolicyCli.RunAsync(MedicalQuestion + "\n", "triage", "--explain");

        var result = Assert.Single(run.Objects);
        var reasons = result.GetProperty("reasons").EnumerateArray().ToList();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.Equal("medical_question", r.GetProperty("label").GetString()));
        Assert.Contains(reasons, r => r.GetProperty("evidence").GetString() == "ibuprofen" && r.GetProperty("start").GetInt32() == 11);
    }

    [Fact]
    public async Task Triage_WithoutExplain_HasNoReasons()
    {
        var run = await PolicyCli.RunAsync(MedicalQuestion + "\n", "triage");

        Assert.False(Assert.Single(run.Objects).TryGetProperty("reasons", out _));
    }

    [Fact]
    public async Task Triage_ThousandsOfMessages_KeepsInputOrder()
    {
        var lines = Enumerable.Range(1, 2500).Select(i =>
            $$"""{"id":"m{{i}}","text":"Thank you to the staff on ward {{i}}, you were brilliant.","receivedAt":"2026-11-24T10:00:00Z"}""");

        var run = await PolicyCli.RunAsync(lines, "triage", "--threads", "2");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Enumerable.Range(1, 2500).Select(i => $"m{i}"), run.Objects.Select(o => o.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("""{"id":"m1","kind":"tweet","text":"Hi"}""", "\"kind\" \"tweet\" is not one of: comment, message, mention, reply, review, other")]
    [InlineData("""{"id":"m1","receivedAt":"2026-11-24T19:30:00Z"}""", "a message needs \"text\"")]
    [InlineData("""{"id":"m1","text":"Hi","receivedAt":"yesterday"}""", "\"receivedAt\" must be an ISO 8601 date and time, e.g. \"2026-11-24T19:30:00Z\"")]
    [InlineData("""{"id":"m1","text":"Hi","platform":"myspace"}""", "\"platform\" \"myspace\" is not one of: facebook, instagram, x, linkedin, youtube, tiktok, nextdoor, threads, mastodon, bluesky")]
    public async Task Triage_BadLine_IsReportedAndTheRunGoesOn(string line, string error)
    {
        var run = await PolicyCli.RunAsync([line, MedicalQuestion], "triage");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(1, run.Objects[0].GetProperty("line").GetInt32());
        Assert.Equal(error, run.Objects[0].GetProperty("error").GetString());
        Assert.Equal("m1", run.Objects[1].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Triage_TimeWithoutOffset_IsReadAsUtc()
    {
        // 17:30 UTC on a winter Tuesday is 17:30 in London: after 17:00, so out of hours.
        var run = await PolicyCli.RunAsync("""{"id":"m1","text":"Thanks!","receivedAt":"2026-11-24T17:30:00"}""" + "\n", "triage");

        Assert.True(Assert.Single(run.Objects).GetProperty("outOfHours").GetBoolean());
    }

    [Fact]
    public async Task Triage_InvalidSettings_ExitsWithUsageError()
    {
        using var settings = PolicyCli.WriteTempFile("""{"workingHours": {"timeZone": "Europe/Riverside"}}""");

        var run = await PolicyCli.RunAsync(MedicalQuestion + "\n", "triage", "--settings", settings.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("workingHours.timeZone", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Triage_LabelledMessages_AllReadWithoutBadLines()
    {
        var path = Path.Combine(RepositoryRoot(), "tests", "Signpost.Policy.Tests", "Triage", "labelled-messages.jsonl");

        var run = await PolicyCli.RunAsync("", "triage", "--input", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadLines(path).Count(l => l.Length > 0), run.Lines.Count);
        Assert.All(run.Objects, o => Assert.Equal(JsonValueKind.Array, o.GetProperty("labels").ValueKind));
    }

    // The source file's own path: the test binaries may be built outside the repository (--artifacts-path).
    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}
