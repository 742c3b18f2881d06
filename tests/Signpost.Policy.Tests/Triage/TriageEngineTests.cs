using System.Text.Json;
using Signpost.Policy.Settings;
using Signpost.Policy.Triage;

namespace Signpost.Policy.Tests.Triage;

public sealed class TriageEngineTests
{
    private static readonly TriageEngine Engine = new(OrganisationSettings.DemoIcb);

    private static TriageResult Triage(string text, string receivedAt = "2026-11-24T10:00:00Z") =>
        Engine.Triage(new InboundMessage
        {
            Id = "m1",
            Platform = Platform.Facebook,
            Kind = InboundMessageKind.Comment,
            Text = text,
            ReceivedAt = DateTimeOffset.Parse(receivedAt, System.Globalization.CultureInfo.InvariantCulture),
        });

    [Theory]
    [InlineData("i want to end it all tonight, nobody listens", "immediate_danger")]
    [InlineData("I don't want to be here anymore", "immediate_danger")]
    [InlineData("took an overdose an hour ago", "immediate_danger")]
    [InlineData("dad has collapsed in the car park and is not breathing", "immediate_danger")]
    [InlineData("I want to end it all", "safeguarding")]
    [InlineData("the kids next door are left alone all night and always hungry", "safeguarding")]
    [InlineData("I think my niece is being groomed by an older man she met online", "safeguarding")]
    [InlineData("My partner hits me when he's drunk", "safeguarding")]
    [InlineData("the nurse left my dad on a trolley for 14 hours", "patient_safety")]
    [InlineData("they gave my mum the wrong medication on ward 12", "patient_safety")]
    [InlineData("dirty ward, blood on the floor of the toilets", "patient_safety")]
    [InlineData("nobody checked on her all night", "patient_safety")]
    [InlineData("Can I take ibuprofen with my antibiotics?", "medical_question")]
    [InlineData("how many calpol can i give my 2 year old", "medical_question")]
    [InlineData("They cancelled my hip operation again the day before", "complaint")]
    [InlineData("I want to make a formal complaint about the discharge lounge", "complaint")]
    [InlineData("you lot are f***ing useless idiots", "abuse")]
    [InlineData("I know where the practice manager lives. Watch your back", "abuse")]
    [InlineData("go back to your own country", "discrimination")]
    [InlineData("Foreign doctors who can't even speak English shouldn't be allowed to work here", "discrimination")]
    [InlineData("Vaccines cause autism, wake up", "misinformation")]
    [InlineData("the covid jab has a microchip in it", "misinformation")]
    [InlineData("DM me for crypto investment returns", "spam")]
    [InlineData("Lose 10kg in 10 days with our NHS-approved slimming pills!!! Click here for 70% off", "spam")]
    [InlineData("My solicitor will be writing to the trust", "legal")]
    [InlineData("I'm going to sue the hospital", "legal")]
    [InlineData("I'm a journalist at the Riverside Echo working on a story, could you comment?", "media")]
    [InlineData("Under the FOI Act please provide the number of agency nurses", "foi")]
    [InlineData("my nhs number is 943 476 5919", "personal_data")]
    [InlineData("call me back on 07700 900123 please", "personal_data")]
    [InlineData("My address is 14 Elm Road, Riverside RV3 7QT", "personal_data")]
    [InlineData("DOB 12/03/1984, results to the new surgery please", "personal_data")]
    [InlineData("Absolute shambles, this ICB is a disgrace", "criticism")]
    [InlineData("Why is the ICB wasting money on fancy logos when there aren't enough GP appointments? Sort your priorities out.", "criticism")]
    [InlineData("Thank you so much to the staff on ward 7, you were amazing", "praise")]
    [InlineData("the physio team are killing it", "praise")]
    [InlineData("when does the flu clinic open", "enquiry")]
    [InlineData("Is the walk in centre open on Boxing Day?", "enquiry")]
    public void Triage_RealisticMessage_GivesLabel(string text, string label)
    {
        var result = Triage(text);

        Assert.Contains(label, result.Labels.Select(l => l.ToCode()));
    }

    [Theory]
    [InlineData("I'm dying to get my booster!", "immediate_danger")]
    [InlineData("the physio team are killing it", "immediate_danger")]
    [InlineData("the wait killed me but the nurses were lovely", "immediate_danger")]
    [InlineData("nearly died laughing at your christmas video", "immediate_danger")]
    [InlineData("thank you for the suicide prevention training yesterday", "immediate_danger")]
    [InlineData("Brilliant talk on domestic abuse awareness today", "safeguarding")]
    [InlineData("is the dog grooming place next to the health centre open?", "safeguarding")]
    [InlineData("is your safeguarding lead the right person for DBS checks?", "safeguarding")]
    [InlineData("wrong number on your website for the eye clinic", "patient_safety")]
    [InlineData("nobody answered the phone all morning", "patient_safety")]
    [InlineData("can I get my flu jab at the pharmacy?", "medical_question")]
    [InlineData("No complaints from me, the clinic was spot on", "complaint")]
    [InlineData("Is it true that the MMR causes autism?", "misinformation")]
    [InlineData("MMR does not cause autism, the myth was debunked", "misinformation")]
    [InlineData("Sue on reception sends her regards", "legal")]
    [InlineData("Read the article in the paper about the new scanner", "media")]
    [InlineData("how do i find my nhs number", "personal_data")]
    [InlineData("I rang 0300 123 4567 and got through straight away", "personal_data")]
    [InlineData("Can you tell me the opening times? thanks", "praise")]
    [InlineData("Thanks for nothing. Cancelled again.", "praise")]
    [InlineData("so you're cutting the community nursing budget again? shameful", "enquiry")]
    [InlineData("why is it impossible to see a dentist round here?", "enquiry")]
    [InlineData("I have a terrible headache, should I see a doctor?", "criticism")]
    public void Triage_TrapMessage_DoesNotGiveLabel(string text, string label)
    {
        var result = Triage(text);

        Assert.DoesNotContain(label, result.Labels.Select(l => l.ToCode()));
    }

    [Theory]
    [InlineData("I want to end it all", TriagePriority.Urgent)]
    [InlineData("the nurse left my dad on a trolley for 14 hours", TriagePriority.Urgent)]
    [InlineData("Can I take ibuprofen with my antibiotics?", TriagePriority.High)]
    [InlineData("My solicitor will be writing to the trust", TriagePriority.High)]
    [InlineData("when does the flu clinic open", TriagePriority.Normal)]
    [InlineData("these waiting lists are a disgrace", TriagePriority.Normal)]
    [InlineData("thank you so much, brilliant care", TriagePriority.Low)]
    [InlineData("Happy new year everyone", TriagePriority.Low)]
    public void Triage_Labels_DerivePriority(string text, TriagePriority expected)
    {
        Assert.Equal(expected, Triage(text).Priority);
    }

    [Fact]
    public void Triage_NoLabel_IsLowWithNoReasons()
    {
        var result = Triage("Happy new year everyone");

        Assert.Empty(result.Labels);
        Assert.Empty(result.Reasons);
        Assert.Equal(TriagePriority.Low, result.Priority);
    }

    [Fact]
    public void Triage_SeveralLabels_OrdersByPriorityThenRulesOrder()
    {
        var result = Triage("The nurses were lovely but we waited 11 hours in A&E, and my solicitor says they gave my dad the wrong medication");

        Assert.Equal(
            [TriageLabel.PatientSafety, TriageLabel.Complaint, TriageLabel.Legal, TriageLabel.Praise],
            result.Labels);
    }

    [Fact]
    public void Triage_EveryLabel_HasAReasonWhoseSpanIsTheEvidence()
    {
        const string text = "My mum was left on a trolley for 9 hours. My NHS number is 943 476 5919. I'm going to sue, useless idiots";
        var result = Triage(text);

        Assert.NotEmpty(result.Labels);
        foreach (var label in result.Labels)
        {
            Assert.Contains(result.Reasons, r => r.Label == label);
        }

        foreach (var reason in result.Reasons.Where(r => r.Start is not null))
        {
            Assert.Equal(reason.Evidence, text.Substring(reason.Start!.Value, reason.Length!.Value));
            Assert.False(string.IsNullOrWhiteSpace(reason.Rule));
        }
    }

    [Fact]
    public void Triage_NhsNumberReason_PointsAtTheDigits()
    {
        const string text = "nhs no 401 023 2137 for my dad";
        var reason = Assert.Single(Triage(text).Reasons, r => r.Label == TriageLabel.PersonalData && r.Rule.Contains("Modulus 11", StringComparison.Ordinal));

        Assert.Equal(7, reason.Start);
        Assert.Equal(12, reason.Length);
    }

    [Fact]
    public void Triage_PublishedPhoneNumber_IsNotPersonalData()
    {
        var settings = OrganisationSettings.DemoIcb with { PublishedPhones = ["07700 900999"] };
        var engine = new TriageEngine(settings);

        var result = engine.Triage(new InboundMessage { Text = "I tried 07700 900999 and it rang out", ReceivedAt = DateTimeOffset.UnixEpoch });

        Assert.DoesNotContain(TriageLabel.PersonalData, result.Labels);
    }

    [Theory]
    [InlineData("2026-11-24T19:30:00Z", true)]  // Tuesday evening
    [InlineData("2026-11-24T10:00:00Z", false)]
    [InlineData("2026-11-28T10:00:00Z", true)]  // Saturday
    [InlineData("2026-12-28T10:00:00Z", true)]  // substitute bank holiday
    public void Triage_ReceivedAt_SetsOutOfHours(string receivedAt, bool expected)
    {
        Assert.Equal(expected, Triage("when does the flu clinic open", receivedAt).OutOfHours);
    }

    [Fact]
    public void PageDutyManager_PatientSafetyOutOfHours_IsTrue()
    {
        // 004 §6.4.5: out of hours, a risk to patient safety goes to the duty communications manager.
        Assert.True(Triage("the nurse left my dad on a trolley for 14 hours", "2026-11-24T22:00:00Z").PageDutyManager);
        Assert.False(Triage("the nurse left my dad on a trolley for 14 hours", "2026-11-24T11:00:00Z").PageDutyManager);
        Assert.True(Triage("I want to end it all", "2026-11-24T11:00:00Z").PageDutyManager);
    }

    [Fact]
    public void Serialize_LabelsAndPriority_UseRulesNames()
    {
        var json = JsonSerializer.Serialize(new { labels = new[] { TriageLabel.ImmediateDanger, TriageLabel.PersonalData }, priority = TriagePriority.Urgent });

        Assert.Equal("""{"labels":["immediate_danger","personal_data"],"priority":"urgent"}""", json);
    }

    [Fact]
    public void ToCode_EveryLabel_MatchesItsJsonName()
    {
        foreach (var label in TriageLabels.All)
        {
            Assert.Equal($"\"{label.ToCode()}\"", JsonSerializer.Serialize(label));
            Assert.True(TriageLabels.TryParse(label.ToCode(), out var parsed));
            Assert.Equal(label, parsed);
        }
    }

    [Fact]
    public void Triage_EmptyText_HasNoLabels()
    {
        Assert.Empty(Triage("").Labels);
    }

    [Fact]
    public void Triage_ManyThreads_GiveTheSameAnswers()
    {
        var texts = new[] { "I want to end it all", "when does the flu clinic open", "you lot are useless idiots", "my nhs number is 943 476 5919" };
        var expected = texts.Select(t => string.Join(',', Triage(t).Labels)).ToArray();

        Parallel.For(0, 2000, i =>
        {
            var t = i % texts.Length;
            Assert.Equal(expected[t], string.Join(',', Triage(texts[t]).Labels));
        });
    }
}
