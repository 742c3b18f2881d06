using System.Net.Mail;

namespace Signpost.Core.Validation;

public static class EmailAddress
{
    /// <summary>A plain address (name@domain.tld), without display names.</summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 254 || value.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        return MailAddress.TryCreate(value, out var address)
            && address.Address == value
            && address.Host.Contains('.', StringComparison.Ordinal);
    }
}
