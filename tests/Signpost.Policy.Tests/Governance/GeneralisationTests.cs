using static Signpost.Policy.Tests.Governance.GovernanceTestKit;

namespace Signpost.Policy.Tests.Governance;

/// <summary>
/// Cases found with the held-out post set (HeldOut/heldout-posts.jsonl) and probes like it: wording
/// the labelled set did not cover, where the rules missed or over-fired.
/// </summary>
public sealed class GeneralisationTests
{
    [Theory]
    [InlineData("\"It was bloody hard work,\" says Jackie.")]
    [InlineData("Overheard in A&E: 'Bugger me, that was quick!'")]
    public void Profanity_BritishSwearing_Fires(string text)
    {
        Assert.Single(Findings("CONDUCT-PROFANITY", text));
    }

    [Theory]
    [InlineData("See your GP if you have bloody diarrhoea.")]
    [InlineData("A bloody show can be an early sign of labour.")]
    [InlineData("Our finger-prick blood test gives results in minutes.")]
    [InlineData("The heel prick test checks newborn babies for 9 rare conditions.")]
    [InlineData("Blue tits are nesting in our hospital garden.")]
    public void Profanity_ClinicalOrOrdinaryPhrase_DoesNotFire(string text)
    {
        Assert.Empty(Findings("CONDUCT-PROFANITY", text));
    }

    [Theory]
    [InlineData("Our receptionists were called 'useless idiots' last month.", "idiots")]
    [InlineData("Only morons refuse vaccines.", "morons")]
    [InlineData("Anyone who does that is a nutter.", "nutter")]
    public void Abusive_InsultOrItsPlural_Fires(string text, string word)
    {
        var finding = Assert.Single(Findings("CONDUCT-ABUSIVE", text));

        Assert.Equal(word, Spanned(text, finding));
    }

    [Theory]
    [InlineData("Reply to Mark: your DOB is recorded as 14/07/1962, so please bring ID.")]
    [InlineData("Her date of birth was given as 3rd March 1950.")]
    public void DateOfBirth_AfterIsRecordedAs_Fires(string text)
    {
        Assert.Single(Findings("IG-DATE-OF-BIRTH", text));
    }

    [Fact]
    public void DateOfBirth_EligibilityRange_DoesNotFire()
    {
        Assert.Empty(Findings("IG-DATE-OF-BIRTH", "Children born on or after 1 January 2025 will be offered the MMRV vaccine."));
    }

    [Theory]
    [InlineData("Hi Kerry, give 5ml of liquid paracetamol every 4 to 6 hours.")]
    [InlineData("Hi Sam, 10ml of the syrup twice daily should help.")]
    public void MedicalAdvice_DoseWithHowOften_Fires(string text)
    {
        Assert.Single(Findings("CONDUCT-MEDICAL-ADVICE", text));
    }

    [Fact]
    public void MedicalAdvice_BringYourMedicines_DoesNotFire()
    {
        Assert.Empty(Findings("CONDUCT-MEDICAL-ADVICE", "You should take your medicines with you when you come into hospital."));
    }

    [Theory]
    [InlineData("Thank you to Councillor Jane Hill (Conservative) for opening our garden.", "(Conservative)")]
    [InlineData("Cllr Sam Lee (Lab) visited the ward.", "(Lab)")]
    [InlineData("The Labour-run council has agreed the plan.", "Labour-run")]
    public void Party_PartyLabels_Fire(string text, string label)
    {
        var finding = Assert.Single(Findings("POL-PARTY", text));

        Assert.Equal(label, Spanned(text, finding));
    }

    [Theory]
    [InlineData("Conservative treatment of back pain means gentle exercise, not surgery.")]
    [InlineData("Labour can start slowly. Call your midwife when contractions are regular.")]
    [InlineData("Induction of labour (IOL) is offered at 41 weeks.")]
    public void Party_ClinicalLabourAndConservative_DoNotFire(string text)
    {
        Assert.Empty(Findings("POL-PARTY", text));
    }

    [Fact]
    public void Phone_EightDigitFreephoneAfterPhoneWords_Fires()
    {
        const string text = "Children can call Childline free on 0800 1111, day or night.";

        var finding = Assert.Single(Findings("IG-PHONE", text));

        Assert.Equal("0800 1111", Spanned(text, finding));
    }

    [Fact]
    public void Phone_EightDigitsWithoutPhoneWords_DoesNotFire()
    {
        Assert.Empty(Findings("IG-PHONE", "Order 0800 1111 was delivered."));
    }

    [Theory]
    [InlineData("Meet Jenny Hall, who was diagnosed with breast cancer at 34.", "Jenny Hall")]
    [InlineData("Jean Black, 84, was treated for pneumonia on our respiratory ward.", "Jean Black")]
    [InlineData("Alan Ward was admitted to hospital after a fall at home.", "Alan Ward")]
    public void PatientDetail_SurnameThatIsACommonWord_Fires(string text, string name)
    {
        var finding = Assert.Single(Findings("IG-PATIENT-DETAIL", text));

        Assert.Equal(name, Spanned(text, finding));
    }

    [Theory]
    [InlineData("John Smith Ward, our new surgical ward, opens on Monday.")]
    [InlineData("Thank you to Eastbrook Hall, who hosted our blood pressure checks.")]
    [InlineData("Staff nurse Ben Clarke has won our Patient Experience Award for his work with the discharge team.")]
    public void PatientDetail_PlaceOrStaff_DoesNotFire(string text)
    {
        Assert.Empty(Findings("IG-PATIENT-DETAIL", text));
    }
}
