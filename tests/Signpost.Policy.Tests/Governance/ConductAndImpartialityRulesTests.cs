using Signpost.Policy.Settings;
using static Signpost.Policy.Tests.Governance.GovernanceTestKit;

namespace Signpost.Policy.Tests.Governance;

public sealed class ConductAndImpartialityRulesTests
{
    private static OrganisationSettings WithElection() => OrganisationSettings.DemoIcb with
    {
        PreElectionPeriods = [new PreElectionPeriod { Name = "Local elections 2027", Start = new DateOnly(2027, 3, 25), End = new DateOnly(2027, 5, 6) }],
    };

    [Fact]
    public void Party_PartyName_FiresOnTheName()
    {
        const string text = "We welcome the Labour Party's pledge.";

        var finding = Assert.Single(Findings("POL-PARTY", text));

        Assert.Equal("Labour Party's", Spanned(text, finding));
        Assert.Equal(Severity.Warning, finding.Severity);
    }

    [Fact]
    public void Party_GovernmentDecision_Fires()
    {
        const string text = "The government's decision to close it is wrong.";

        var finding = Assert.Single(Findings("POL-PARTY", text));

        Assert.Equal("government's decision to", Spanned(text, finding));
    }

    [Theory]
    [InlineData("Tour the labour ward this Saturday.")]
    [InlineData("Conservative treatment helps most back pain.")]
    [InlineData("The successful candidate will join our team.")]
    [InlineData("Vote for your favourite nurse in our awards.")]
    public void Party_HealthWordingOrJobAdvert_DoesNotFire(string text)
    {
        Assert.Empty(Findings("POL-PARTY", text));
    }

    [Fact]
    public void PreElection_LaunchDuringPeriod_FiresOnce()
    {
        var post = new Post { Text = "Launching our new service today!", ScheduledFor = new DateTimeOffset(2027, 4, 1, 9, 0, 0, TimeSpan.Zero) };

        var finding = Assert.Single(Findings("POL-PRE-ELECTION", post, WithElection()));

        Assert.Equal("Launching", Spanned(post.Text, finding));
        Assert.Equal(Severity.Error, finding.Severity);
    }

    [Fact]
    public void PreElection_LastDayInLondonButNextDayInUtc_Fires()
    {
        // 23:30 BST on 6 May is 22:30 UTC on 6 May; 00:30 BST on 7 May is 23:30 UTC on 6 May.
        var inside = new Post { Text = "We announce new funding.", ScheduledFor = new DateTimeOffset(2027, 5, 6, 22, 30, 0, TimeSpan.Zero) };
        var outside = inside with { ScheduledFor = new DateTimeOffset(2027, 5, 6, 23, 30, 0, TimeSpan.Zero) };

        Assert.Single(Findings("POL-PRE-ELECTION", inside, WithElection()));
        Assert.Empty(Findings("POL-PRE-ELECTION", outside, WithElection()));
    }

    [Theory]
    [InlineData("Our opening hours over the bank holiday are on our website.")]
    [InlineData("Get your flu jab: it's free if you're over 65.")]
    public void PreElection_OperationalOrPublicHealth_DoesNotFire(string text)
    {
        var post = new Post { Text = text, ScheduledFor = new DateTimeOffset(2027, 4, 1, 9, 0, 0, TimeSpan.Zero) };

        Assert.Empty(Findings("POL-PRE-ELECTION", post, WithElection()));
    }

    [Fact]
    public void PreElection_OutsidePeriod_DoesNotFire()
    {
        var post = new Post { Text = "Launching our new service!", ScheduledFor = new DateTimeOffset(2027, 6, 1, 9, 0, 0, TimeSpan.Zero) };

        Assert.Empty(Findings("POL-PRE-ELECTION", post, WithElection()));
    }

    [Fact]
    public void Announcement_DepartmentalAccount_FiresOnFirstWord()
    {
        const string text = "We are delighted to announce our brand new service!";

        var finding = Assert.Single(Findings("POL-ANNOUNCEMENT", text, account: AccountKind.Departmental));

        Assert.Equal("delighted to announce", Spanned(text, finding));
    }

    [Fact]
    public void Announcement_CorporateAccount_DoesNotFire()
    {
        Assert.Empty(Findings("POL-ANNOUNCEMENT", "We are delighted to announce our brand new service!"));
    }

    [Theory]
    [InlineData("What a shit week.", "shit")]
    [InlineData("Fucking proud of this team.", "Fucking")]
    public void Profanity_SwearWord_FiresWithoutRepeatingIt(string text, string word)
    {
        var finding = Assert.Single(Findings("CONDUCT-PROFANITY", text));

        Assert.Equal(word, Spanned(text, finding));
        Assert.DoesNotContain(word, finding.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Our sexual health clinic in Scunthorpe is open.")]
    [InlineData("Book your breast screening today.")]
    [InlineData("Our addiction services can help. Try a mocktail, not a cocktail.")]
    [InlineData("Health checks in Sussex: an analysis.")]
    [InlineData("Blood in your poo? Speak to your GP.")]
    [InlineData("Don't ignore a niggling cough.")]
    public void Profanity_HealthWording_DoesNotFire(string text)
    {
        Assert.Empty(Findings("CONDUCT-PROFANITY", text));
    }

    [Fact]
    public void Profanity_ExtraWordFromSettings_Fires()
    {
        var settings = OrganisationSettings.DemoIcb with
        {
            ExtraWords = new Dictionary<string, IReadOnlyList<string>> { ["CONDUCT-PROFANITY"] = ["frickin"] },
        };

        Assert.Single(Findings("CONDUCT-PROFANITY", "A frickin great day.", settings: settings));
    }

    [Fact]
    public void Abusive_Insult_Fires()
    {
        const string text = "Anyone who refuses is a moron.";

        var finding = Assert.Single(Findings("CONDUCT-ABUSIVE", text));

        Assert.Equal("moron", Spanned(text, finding));
        Assert.Equal(Severity.Error, finding.Severity);
    }

    [Theory]
    [InlineData("Our Gypsy, Roma and Traveller health team visited.")]
    [InlineData("Join our LGBTQ+ staff network at Pride.")]
    public void Abusive_InclusiveWording_DoesNotFire(string text)
    {
        Assert.Empty(Findings("CONDUCT-ABUSIVE", text));
    }

    [Theory]
    [InlineData("Hi Dave, you should take 2 paracetamol every 4 hours.", "you should take 2 paracetamol")]
    [InlineData("Stop taking your antibiotics.", "Stop taking your")]
    [InlineData("Try 500mg twice a day.", "500mg twice a day")]
    [InlineData("Hi Ann, double your dose of insulin tonight.", "double your dose")]
    public void MedicalAdvice_AdviceToAnIndividual_FiresWithSignpostingSuggestion(string text, string advice)
    {
        var finding = Assert.Single(Findings("CONDUCT-MEDICAL-ADVICE", text));

        Assert.Equal(advice, Spanned(text, finding));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("NHS 111", finding.Suggestion, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Get your flu jab this winter.")]
    [InlineData("Call 999 in an emergency.")]
    [InlineData("Speak to your pharmacist about coughs and colds.")]
    [InlineData("Please take 2 minutes to fill in our survey.")]
    [InlineData("Stop smoking services are free.")]
    public void MedicalAdvice_PublicHealthMessage_DoesNotFire(string text)
    {
        Assert.Empty(Findings("CONDUCT-MEDICAL-ADVICE", text));
    }

    [Fact]
    public void MedicalAdvice_PersonalAccount_DoesNotFire()
    {
        Assert.Empty(Findings("CONDUCT-MEDICAL-ADVICE", "I take 2 paracetamol and it works.", account: AccountKind.Personal));
    }

    [Theory]
    [InlineData("We are sorry about your complaint, Mr Hughes.", "your complaint")]
    [InlineData("The employment tribunal ruled today.", "employment tribunal")]
    [InlineData("We can't comment on the ongoing investigation.", "ongoing investigation")]
    [InlineData("The family intends to sue the trust.", "sue")]
    [InlineData("The inquest opens next week.", "inquest")]
    public void Legal_LegalMatter_Fires(string text, string expected)
    {
        var finding = Assert.Single(Findings("CONDUCT-LEGAL", text));

        Assert.Equal(expected, Spanned(text, finding));
        Assert.Equal(Severity.Error, finding.Severity);
    }

    [Theory]
    [InlineData("How to make a complaint: contact PALS.")]
    [InlineData("Congratulations to Sue Baker on 30 years!")]
    [InlineData("Our food court is open until 8pm.")]
    public void Legal_SignpostingOrName_DoesNotFire(string text)
    {
        Assert.Empty(Findings("CONDUCT-LEGAL", text));
    }
}
