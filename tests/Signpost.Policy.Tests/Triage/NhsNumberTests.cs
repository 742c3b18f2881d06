using Signpost.Policy.Triage;

namespace Signpost.Policy.Tests.Triage;

public sealed class NhsNumberTests
{
    // Test vectors from /work/shared/data/nhs-number (NHS Data Dictionary, Modulus 11).
    [Theory]
    [InlineData("9434765919")]
    [InlineData("4010232137")]
    [InlineData("9000000009")]
    [InlineData("9876543210")]
    [InlineData("0032698674")]
    public void IsValid_ChecksumValid_IsTrue(string digits)
    {
        Assert.True(NhsNumber.IsValid(digits));
    }

    [Theory]
    [InlineData("9434765918")]
    [InlineData("1234567890")]
    [InlineData("9876544321")]
    [InlineData("9991234560")] // check digit would be 10
    [InlineData("987654321X")]
    [InlineData("943476591")]
    [InlineData("")]
    public void IsValid_ChecksumOrFormatInvalid_IsFalse(string digits)
    {
        Assert.False(NhsNumber.IsValid(digits));
    }
}
