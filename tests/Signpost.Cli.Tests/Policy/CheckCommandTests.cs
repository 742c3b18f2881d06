using System.Text.Json;

namespace Signpost.Cli.Tests.Policy;

public sealed class CheckCommandTests
{
    // RULES.md: "#covwarks → suggest #CovWarks".
    private const string CovWarksPost =
        """{"id":"p1","platform":"x","account":"corporate","text":"Get your COVID-19 booster at any pharmacy. #covwarks","media":[{"kind":"image","alt":"A nurse giving a vaccination"}]}""";

    [Fact]
    public async Task Check_NhsPostWithLowerCaseHashtag_WritesHashtagCaseWithSpanAndSuggestion()
    {
        var run = await PolicyCli.RunAsync(CovWarksPost + "\n", "check");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var result = Assert.Single(run.Objects);
        Assert.Equal("p1", result.GetProperty("id").GetString());
        var finding = Assert.Single(result.GetProperty("findings").EnumerateArray());
        Assert.Equal("A11Y-HASHTAG-CASE", finding.GetProperty("code").GetString());
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal(43, finding.GetProperty("start").GetInt32());
        Assert.Equal(9, finding.GetProperty("length").GetInt32());
        Assert.Equal("#CovWarks", finding.GetProperty("suggestion").GetString());
        Assert.Contains("#covwarks", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_OutputLine_IsCompactJsonInTheContractShape()
    {
        var run = await PolicyCli.RunAsync(CovWarksPost + "\n", "check");

        var line = Assert.Single(run.Lines);
        Assert.StartsWith("""{"id":"p1","findings":[{"code":"A11Y-HASHTAG-CASE","severity":"warning","start":43,"length":9,"message":""", line, StringComparison.Ordinal);
        Assert.EndsWith(""","suggestion":"#CovWarks"}]}""", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_CleanPost_WritesEmptyFindings()
    {
        var run = await PolicyCli.RunAsync(
            """{"id":"p2","platform":"facebook","text":"Flu vaccinations are free for everyone aged 65 and over. Book at your GP practice. #FluJab"}""" + "\n",
            "check");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"id":"p2","findings":[]}""", Assert.Single(run.Lines));
    }

    [Fact]
    public async Task Check_WholePostFinding_HasNullStartLengthAndSuggestion()
    {
        var run = await PolicyCli.RunAsync(
            """{"id":"p3","platform":"x","text":"Meet our new paediatric team.","media":[{"kind":"video","captions":false}]}""" + "\n",
            "check");

        var finding = Assert.Single(Assert.Single(run.Objects).GetProperty("findings").EnumerateArray());
        Assert.Equal("A11Y-CAPTIONS-MISSING", finding.GetProperty("code").GetString());
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("start").ValueKind);
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("length").ValueKind);
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("suggestion").ValueKind);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public async Task Check_ThousandsOfLines_KeepsInputOrder(string threads)
    {
        var lines = Enumerable.Range(1, 3000).Select(i => i % 7 == 0
            ? $$"""{"id":"p{{i}}","text":"Join us at the #riversidehealthfair on Saturday {{i}}."}"""
            : $$"""{"id":"p{{i}}","platform":"x","text":"Post number {{i}} about NHS 111 online."}""");

        var run = await PolicyCli.RunAsync(lines, "check", "--threads", threads);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Enumerable.Range(1, 3000).Select(i => $"p{i}"), run.Objects.Select(o => o.GetProperty("id").GetString()));
        Assert.All(run.Objects.Where((_, i) => (i + 1) % 7 == 0), o => Assert.Contains(
            o.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "A11Y-HASHTAG-CASE"));
    }

    [Fact]
    public async Task Check_BadLines_AreReportedWithTheirNumberAndTheRunGoesOn()
    {
        string[] lines =
        [
            """{"id":"p1","text":"Our clinic is open today."}""",
            "this is not json",
            """[{"id":"p3"}]""",
            """{"id":"p4"}""",
            """{"id":"p5","platform":"twitter","text":"Hello"}""",
            """{"id":"p6","text":"Open today."} {"id":"p6b"}""",
            """{"id":"p7","text":"Our clinic is open tomorrow."}""",
        ];

        var run = await PolicyCli.RunAsync(lines, "check");

        Assert.Equal(1, run.ExitCode);
        var objects = run.Objects;
        Assert.Equal(7, objects.Count);
        Assert.Equal("p1", objects[0].GetProperty("id").GetString());
        Assert.Equal([2, 3, 4, 5, 6], objects.Skip(1).Take(5).Select(o => o.GetProperty("line").GetInt32()));
        Assert.StartsWith("not valid JSON", objects[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("a post must be a JSON object", objects[2].GetProperty("error").GetString());
        Assert.Equal("a post needs \"text\"", objects[3].GetProperty("error").GetString());
        Assert.Equal(
            "\"platform\" \"twitter\" is not one of: facebook, instagram, x, linkedin, youtube, tiktok, nextdoor, threads, mastodon, bluesky",
            objects[4].GetProperty("error").GetString());
        Assert.Equal("p7", objects[6].GetProperty("id").GetString());
        Assert.All(objects.Skip(1).Take(5), o => Assert.Equal(["line", "error"], o.EnumerateObject().Select(p => p.Name)));
    }

    [Theory]
    [InlineData("""{"id":"p1","text":"Hi","account":"official"}""", "\"account\" \"official\" is not one of: corporate, departmental, personal")]
    [InlineData("""{"id":"p1","text":"Hi","media":[{"kind":"audio"}]}""", "\"kind\" \"audio\" is not one of: image, gif, video")]
    [InlineData("""{"id":"p1","text":"Hi","media":{"kind":"image"}}""", "\"media\" must be a list of {\"kind\",\"alt\",\"captions\",\"consent\"} objects")]
    [InlineData("""{"id":"p1","text":"Hi","media":[{"kind":"video","captions":"yes"}]}""", "\"captions\" must be true or false")]
    [InlineData("""{"id":"p1","text":"Hi","scheduledFor":"next Tuesday"}""", "\"scheduledFor\" must be an ISO 8601 date and time, e.g. \"2026-11-24T19:30:00Z\"")]
    [InlineData("""{"id":"p1","text":42}""", "\"text\" must be a string")]
    [InlineData("""{"id":["p1"],"text":"Hi"}""", "\"id\" must be a string or a number")]
    public async Task Check_FieldWithABadValue_IsABadLineThatSaysWhy(string line, string error)
    {
        var run = await PolicyCli.RunAsync(line + "\n", "check");

        Assert.Equal(1, run.ExitCode);
        var result = Assert.Single(run.Objects);
        Assert.Equal(1, result.GetProperty("line").GetInt32());
        Assert.Equal(error, result.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Check_BlankLines_AreSkippedButCounted()
    {
        var run = await PolicyCli.RunAsync("\n{\"id\":\"p1\",\"text\":\"Open today.\"}\n   \n\nnot json\n\n", "check");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(2, run.Lines.Count);
        Assert.Equal(5, run.Objects[1].GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Check_CrLfLinesByteOrderMarkAndNoFinalNewline_AreRead()
    {
        var run = await PolicyCli.RunAsync("\uFEFF{\"id\":\"p1\",\"text\":\"Open today.\"}\r\n{\"id\":\"p2\",\"text\":\"Open tomorrow.\"}", "check");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["p1", "p2"], run.Objects.Select(o => o.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Check_EmptyInput_WritesNothingAndSucceeds()
    {
        var run = await PolicyCli.RunAsync("", "check");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Check_NumericIdAndExtraFields_EchoesTheIdAsANumber()
    {
        var run = await PolicyCli.RunAsync("""{"id":42,"text":"Open today.","expect":[],"author":{"name":"Sam"}}""" + "\n", "check");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"id":42,"findings":[]}""", Assert.Single(run.Lines));
    }

    [Fact]
    public async Task Check_NonAsciiAndQuotes_AreWrittenReadably()
    {
        var run = await PolicyCli.RunAsync("""{"id":"café \"1\"","text":"Open today."}""" + "\n", "check");

        Assert.Equal("""{"id":"café \"1\"","findings":[]}""", Assert.Single(run.Lines));
    }

    [Fact]
    public async Task Check_LineLongerThanTheLimit_IsABadLineAndTheNextLineIsRead()
    {
        var huge = "{\"id\":\"big\",\"text\":\"" + new string('a', (1 << 20) + 10) + "\"}";

        var run = await PolicyCli.RunAsync([huge, """{"id":"p2","text":"Open today."}"""], "check");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(1, run.Objects[0].GetProperty("line").GetInt32());
        Assert.Contains("longer than", run.Objects[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("p2", run.Objects[1].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Check_AccountAndHandleFields_ReachTheAccountRules()
    {
        var run = await PolicyCli.RunAsync(
            """{"id":"p1","platform":"x","account":"personal","handle":"@RiversideICBJo","text":"Lovely day at the hub."}""" + "\n",
            "check");

        Assert.Contains(Assert.Single(run.Objects).GetProperty("findings").EnumerateArray(),
            f => f.GetProperty("code").GetString() == "ACCOUNT-PERSONAL-HANDLE");
    }

    [Fact]
    public async Task Check_ScheduledForInAPreElectionPeriodFromSettings_FiresPreElection()
    {
        using var settings = PolicyCli.WriteTempFile("""
            {"preElectionPeriods": [{"name": "Local elections 2027", "start": "2027-03-25", "end": "2027-05-06"}]}
            """);
        string[] lines =
        [
            """{"id":"in","text":"We are proud to launch our new service for carers.","scheduledFor":"2027-04-01T09:00:00Z"}""",
            """{"id":"after","text":"We are proud to launch our new service for carers.","scheduledFor":"2027-05-07T09:00:00Z"}""",
        ];

        var run = await PolicyCli.RunAsync(lines, "check", "--settings", settings.Path);

        Assert.Equal(0, run.ExitCode);
        static IEnumerable<string?> Codes(JsonElement o) => o.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString());
        Assert.Contains("POL-PRE-ELECTION", Codes(run.Objects[0]));
        Assert.DoesNotContain("POL-PRE-ELECTION", Codes(run.Objects[1]));
    }

    [Fact]
    public async Task Check_SettingsFile_ReplacesTheDemoSettings()
    {
        const string Post = """{"id":"p1","text":"Email press.office@riverside.example for details."}""";
        using var settings = PolicyCli.WriteTempFile("""{"publishedEmails": ["press.office@riverside.example"]}""");

        var demo = await PolicyCli.RunAsync(Post + "\n", "check");
        var own = await PolicyCli.RunAsync(Post + "\n", "check", "--settings", settings.Path);

        Assert.Contains(Assert.Single(demo.Objects).GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "IG-EMAIL");
        Assert.DoesNotContain(Assert.Single(own.Objects).GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "IG-EMAIL");
    }

    [Fact]
    public async Task Check_InvalidSettings_ExitsWithUsageErrorNamingEachField()
    {
        using var settings = PolicyCli.WriteTempFile("""{"limits": {"emojis": 99}, "workingHours": {"days": ["Mon", "Funday"]}}""");

        var run = await PolicyCli.RunAsync(CovWarksPost + "\n", "check", "--settings", settings.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains("limits.emojis: must be between 0 and 50 (was 99).", run.Error, StringComparison.Ordinal);
        Assert.Contains("workingHours.days[1]: \"Funday\" is not a day", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SettingsNotJson_ExitsWithUsageErrorGivingLineAndColumn()
    {
        using var settings = PolicyCli.WriteTempFile("{\n  \"limits\": {\"emojis\": 3,,}\n}");

        var run = await PolicyCli.RunAsync(CovWarksPost + "\n", "check", "--settings", settings.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 2, column", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_InputFile_IsReadInsteadOfStandardInput()
    {
        using var input = PolicyCli.WriteTempFile(CovWarksPost + "\n" + """{"id":"p2","text":"Open today."}""" + "\n", ".jsonl");

        var run = await PolicyCli.RunAsync("not json\n", "check", "--input", input.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["p1", "p2"], run.Objects.Select(o => o.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("--input")]
    [InlineData("--settings")]
    public async Task Check_MissingFile_ExitsWithUsageError(string option)
    {
        var run = await PolicyCli.RunAsync(CovWarksPost + "\n", "check", option, "/no/such/file.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains("/no/such/file.json", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check", "--no-such-option")]
    [InlineData("check", "--threads", "0")]
    [InlineData("check", "--threads", "many")]
    [InlineData("check", "extra-argument")]
    public async Task Check_UsageError_ExitsWith2(params string[] args)
    {
        var run = await PolicyCli.RunAsync(CovWarksPost + "\n", args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.NotEqual("", run.Error);
    }
}
