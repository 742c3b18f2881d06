using Signpost.Platforms.LinkedIn;

namespace Signpost.Platforms.Tests.LinkedIn;

public sealed class LittleTextTests
{
    [Theory]
    [InlineData("Plain words stay as they are.", "Plain words stay as they are.")]
    [InlineData("Clinics (Mon-Fri) [not bank holidays]", @"Clinics \(Mon-Fri\) \[not bank holidays\]")]
    [InlineData("Ask us @ reception | or call", @"Ask us \@ reception \| or call")]
    [InlineData("{braces} <angle> *stars* _under_ ~tilde~", @"\{braces\} \<angle\> \*stars\* \_under\_ \~tilde\~")]
    [InlineData(@"C:\path", @"C:\\path")]
    [InlineData("Get your #FluJab today", "Get your #FluJab today")]
    [InlineData("Call 111 # or press #", @"Call 111 \# or press \#")]
    [InlineData("Ward#3", @"Ward\#3")]
    public void Escape_ReservedCharacters_BackslashedExceptHashtags(string text, string expected)
    {
        Assert.Equal(expected, LittleText.Escape(text));
    }

    [Theory]
    [InlineData("Read https://www.nhs.uk/conditions/flu_vaccine/ today", "Read https://www.nhs.uk/conditions/flu_vaccine/ today")]
    [InlineData("(see https://www.nhs.uk/111)", @"\(see https://www.nhs.uk/111\)")]
    [InlineData("See https://en.wikipedia.org/wiki/Fever_(disease).", "See https://en.wikipedia.org/wiki/Fever_%28disease%29.")]
    [InlineData("[https://example.nhs.uk/a|b]", @"\[https://example.nhs.uk/a%7Cb\]")]
    public void Escape_WebAddresses_KeptWholeSoLinkedInLinksThem(string text, string expected)
    {
        Assert.Equal(expected, LittleText.Escape(text));
    }
}
