using Microsoft.AspNetCore.DataProtection;
using Signpost.Core.Audit;
using Signpost.Platforms;

namespace Signpost.Core.Features.Channels;

/// <summary>
/// Encrypts and decrypts channel credentials with ASP.NET Core Data Protection (keys in the
/// database, optionally protected by the deployment's certificate). Whoever reads a credential
/// records why, with <see cref="ReadRecord"/>, in the same save as the work it was read for
/// (004 §6.10.1: every access to account credentials is logged).
/// </summary>
public sealed class ChannelCredentials(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Signpost.ChannelCredential.v1");

    public string Protect(PlatformCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return _protector.Protect(credential.ToJson());
    }

    /// <summary>The channel's credential; throws <see cref="PlatformException"/> (auth lost) when there is none or it cannot be read.</summary>
    public PlatformCredential Unprotect(Channel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (string.IsNullOrEmpty(channel.CredentialCiphertext))
        {
            throw new PlatformException(PlatformErrorKind.AuthLost, "The channel has no stored credential. Reconnect the channel.");
        }

        try
        {
            return PlatformCredential.FromJson(_protector.Unprotect(channel.CredentialCiphertext));
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new PlatformException(PlatformErrorKind.AuthLost, "The channel's stored credential cannot be decrypted (the key ring changed). Reconnect the channel.", inner: e);
        }
    }

    /// <summary>The audit event for reading a channel's credential.</summary>
    public static AuditRecord ReadRecord(Channel channel, string purpose, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return new AuditRecord(AuditEventCode.ChannelCredentialRead, actor, channel.OrganisationId,
            $"Read the credential of {channel.Name} to {purpose}", "Channel", channel.Id.ToString(), new { purpose });
    }
}
