using Signpost.Policy.Settings;
using static Signpost.Policy.Tests.Governance.GovernanceTestKit;

namespace Signpost.Policy.Tests.Governance;

public sealed class InformationGovernanceRulesTests
{
    [Theory]
    [InlineData("NHS number 943 476 5919 passed on.", "943 476 5919")]
    [InlineData("Ref 9434765919.", "9434765919")]
    [InlineData("Ref 401-023-2137 today", "401-023-2137")]
    public void NhsNumber_ValidNumber_FiresOnTheNumberWithoutEchoingIt(string text, string number)
    {
        var findings = Findings("IG-NHS-NUMBER", text);

        var finding = Assert.Single(findings);
        Assert.Equal(number, Spanned(text, finding));
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.DoesNotContain(number, finding.Message, StringComparison.Ordinal);
        Assert.Contains("000 §3.1f", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ref 943 476 5918 is wrong.")] // fails Modulus 11
    [InlineData("Call us on 0300 123 4567.")] // phone spacing
    [InlineData("Order 19434765919 shipped.")] // inside a longer number
    [InlineData("Ref 987 654 4321 (the Wikipedia example, invalid).")]
    [InlineData("Call 0303 123 4563 now.")] // phone prefix and phone words
    public void NhsNumber_PhoneOrInvalidOrLongerNumber_DoesNotFire(string text)
    {
        Assert.Empty(Findings("IG-NHS-NUMBER", text));
    }

    [Theory]
    [InlineData("Call Sarah on 07700 900123 today.", "07700 900123")]
    [InlineData("Ring (01632) 960 001.", "(01632) 960 001")]
    [InlineData("Reach us on +44 20 7946 0958.", "+44 20 7946 0958")]
    public void Phone_UnpublishedNumber_FiresOnTheNumber(string text, string number)
    {
        var finding = Assert.Single(Findings("IG-PHONE", text));

        Assert.Equal(number, Spanned(text, finding));
        Assert.Equal(Severity.Error, finding.Severity);
    }

    [Theory]
    [InlineData("Call 0300 123 4567.")]
    [InlineData("Call +44 300 123 4567.")]
    [InlineData("Call 0300-123-4567.")]
    [InlineData("Call NHS 111 or 999 in an emergency.")]
    [InlineData("111 people came to the event.")]
    public void Phone_PublishedOrShortNumber_DoesNotFire(string text)
    {
        Assert.Empty(Findings("IG-PHONE", text));
    }

    [Fact]
    public void Phone_ShortNumberNotPublished_Fires()
    {
        var settings = OrganisationSettings.DemoIcb with { PublishedPhones = ["0300 123 4567"] };

        var finding = Assert.Single(Findings("IG-PHONE", "Call 111 for advice.", settings: settings));

        Assert.Equal("111", Spanned("Call 111 for advice.", finding));
    }

    [Fact]
    public void Email_UnpublishedAddress_FiresAsWarning()
    {
        const string text = "Email jane.smith@gmail.com to join.";

        var finding = Assert.Single(Findings("IG-EMAIL", text));

        Assert.Equal("jane.smith@gmail.com", Spanned(text, finding));
        Assert.Equal(Severity.Warning, finding.Severity);
    }

    [Theory]
    [InlineData("Email ContactUs.RiversideICB@NHS.net for help.")]
    [InlineData("Thanks @NHSEngland for the support.")]
    public void Email_PublishedAddressOrMention_DoesNotFire(string text)
    {
        Assert.Empty(Findings("IG-EMAIL", text));
    }

    [Fact]
    public void Postcode_HomePostcode_Fires()
    {
        const string text = "Thanks to the family at RV7 3QT for raising £500.";

        var finding = Assert.Single(Findings("IG-POSTCODE", text));

        Assert.Equal("RV7 3QT", Spanned(text, finding));
        Assert.Equal(Severity.Warning, finding.Severity);
    }

    [Theory]
    [InlineData("Clinic at RV1 2AB from 9am.")]
    [InlineData("Clinic at RV12AB from 9am.")]
    [InlineData("The M1 is closed at junction 24.")]
    [InlineData("Ward B12 is on the second floor.")]
    public void Postcode_PremisesOrNotAPostcode_DoesNotFire(string text)
    {
        Assert.Empty(Findings("IG-POSTCODE", text));
    }

    [Fact]
    public void Postcode_GirobankPostcode_Fires()
    {
        Assert.Single(Findings("IG-POSTCODE", "Send it to GIR 0AA please."));
    }

    [Theory]
    [InlineData("DOB 12/03/1985 on file.", "DOB 12/03/1985")]
    [InlineData("Lily was born on 3rd March 2026 at 4am.", "born on 3rd March 2026")]
    [InlineData("Confirm your date of birth: 04.07.52 now.", "date of birth: 04.07.52")]
    [InlineData("D.O.B. 1990-06-21.", "D.O.B. 1990-06-21")]
    public void DateOfBirth_KeywordThenDate_FiresOnBoth(string text, string expected)
    {
        var finding = Assert.Single(Findings("IG-DATE-OF-BIRTH", text));

        Assert.Equal(expected, Spanned(text, finding));
    }

    [Theory]
    [InlineData("The NHS was born on 5 July 1948.")]
    [InlineData("Bring your date of birth and NHS number.")]
    [InlineData("If you were born in 1960 or earlier, book your vaccine.")]
    [InlineData("Everyone born between 1 April 1950 and 31 March 1951 can book.")]
    public void DateOfBirth_NoPersonalDate_DoesNotFire(string text)
    {
        Assert.Empty(Findings("IG-DATE-OF-BIRTH", text));
    }

    [Theory]
    [InlineData("NI number AB 12 34 56 C on file.", "AB 12 34 56 C")]
    [InlineData("Ref JT123456A.", "JT123456A")]
    public void NiNumber_ValidFormat_Fires(string text, string expected)
    {
        var finding = Assert.Single(Findings("IG-NI-NUMBER", text));

        Assert.Equal(expected, Spanned(text, finding));
    }

    [Theory]
    [InlineData("QQ123456C")] // Q is never issued
    [InlineData("GB123456A")] // reserved prefix
    [InlineData("AO123456A")] // O never second
    [InlineData("AB123456E")] // suffix A–D only
    public void NiNumber_InvalidPrefixOrSuffix_DoesNotFire(string number)
    {
        Assert.Empty(Findings("IG-NI-NUMBER", $"Number {number} here."));
    }

    [Theory]
    [InlineData("John Smith on Ward 7 was diagnosed with sepsis.", "John Smith")]
    [InlineData("Mrs Patel was admitted to hospital on Tuesday.", "Mrs Patel")]
    [InlineData("Mr Green in bed 4 on Ward 9 wants visitors.", "Mr Green")]
    public void PatientDetail_NameWithCareDetail_FiresOnTheName(string text, string name)
    {
        var finding = Assert.Single(Findings("IG-PATIENT-DETAIL", text));

        Assert.Equal(name, Spanned(text, finding));
        Assert.Equal(Severity.Error, finding.Severity);
    }

    [Theory]
    [InlineData("Meet Sarah Jones, our new Director of Nursing.")]
    [InlineData("Congratulations to Sarah Jones, ward manager on Ward 7, on her award!")]
    [InlineData("Riverside Hospital admitted 320 patients this weekend.")]
    [InlineData("Our patient experience team, led by Karen Lee, reads every comment.")]
    [InlineData("Dr Amir Khan diagnosed the first case in the region.")]
    [InlineData("Sarah Jones joined the team today. A patient on Ward 7 was diagnosed with flu.")]
    public void PatientDetail_StaffOrNoNameOrOtherSentence_DoesNotFire(string text)
    {
        Assert.Empty(Findings("IG-PATIENT-DETAIL", text));
    }

    [Theory]
    [InlineData("OFFICIAL-SENSITIVE: winter plan.", "OFFICIAL-SENSITIVE")]
    [InlineData("DRAFT - opening hours.", "DRAFT")]
    [InlineData("Draft: annual report.", "Draft")]
    [InlineData("[draft] Thank you all!", "draft")]
    [InlineData("Draft – not for circulation. Changes.", "Draft – not for circulation")]
    [InlineData("EMBARGOED until 00:01.", "EMBARGOED")]
    [InlineData("For internal use only: rota.", "For internal use only")]
    [InlineData("Not for publication – notes.", "Not for publication")]
    public void ConfidentialMarker_Marker_FiresOnTheMarker(string text, string marker)
    {
        var finding = Assert.Single(Findings("IG-CONFIDENTIAL-MARKER", text));

        Assert.Equal(marker, Spanned(text, finding));
        Assert.Equal(Severity.Error, finding.Severity);
    }

    [Theory]
    [InlineData("Have your say on our draft guidance consultation.")]
    [InlineData("Our sexual health clinic is free and confidential.")]
    [InlineData("Talk to us in confidence.")]
    [InlineData("Confidential advice is available from your GP.")]
    [InlineData("Our internal audit found we met every standard.")]
    public void ConfidentialMarker_OrdinaryWording_DoesNotFire(string text)
    {
        Assert.Empty(Findings("IG-CONFIDENTIAL-MARKER", text));
    }

    [Fact]
    public void ConfidentialMarker_ExtraWordFromSettings_Fires()
    {
        var settings = OrganisationSettings.DemoIcb with
        {
            ExtraWords = new Dictionary<string, IReadOnlyList<string>> { ["IG-CONFIDENTIAL-MARKER"] = ["Riverside Restricted"] },
        };

        Assert.Single(Findings("IG-CONFIDENTIAL-MARKER", "Riverside restricted: figures.", settings: settings));
    }

    [Fact]
    public void Consent_WithdrawnSecondItem_FiresWholePostNamingTheItem()
    {
        var post = new Post
        {
            Text = "Our clinic.",
            Media = [Image(ConsentState.Covered), Image(ConsentState.Withdrawn) with { FileName = "queue.jpg" }],
        };

        var finding = Assert.Single(Findings("IG-CONSENT", post));

        Assert.Null(finding.Start);
        Assert.Null(finding.Length);
        Assert.StartsWith("Image 2 (queue.jpg) has had its consent withdrawn.", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ConsentState.Missing)]
    [InlineData(ConsentState.NotCovered)]
    [InlineData(ConsentState.Expired)]
    public void Consent_NotCoveringStates_Fire(ConsentState state)
    {
        Assert.Single(Findings("IG-CONSENT", new Post { Text = "Hello", Media = [Image(state)] }));
    }

    [Fact]
    public void Consent_NotLookedUpOrCovered_DoesNotFire()
    {
        var post = new Post { Text = "Hello", Media = [Image(), Image(ConsentState.Covered)] };

        Assert.Empty(Findings("IG-CONSENT", post));
    }
}
