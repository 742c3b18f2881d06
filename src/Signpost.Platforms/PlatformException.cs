namespace Signpost.Platforms;

/// <summary>What the publisher does after a failed call.</summary>
public enum PlatformErrorKind
{
    /// <summary>Try again later with back-off (a 5xx, a dropped connection before the request was sent).</summary>
    Retryable,

    /// <summary>Too many requests: try again after <see cref="PlatformException.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>The credential no longer works (revoked, expired, password changed): a person must reconnect.</summary>
    AuthLost,

    /// <summary>The platform refused this post (too long, bad media, duplicate, policy): repeating will not help.</summary>
    Rejected,

    /// <summary>The request may have reached the platform but no answer came (timeout): the post may or may not exist.</summary>
    OutcomeUnknown,
}

/// <summary>A platform call that failed, classified for the publisher. The message is shown to people: keep secrets out.</summary>
public sealed class PlatformException : Exception
{
    public PlatformException(PlatformErrorKind kind, string message, TimeSpan? retryAfter = null, int? statusCode = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        RetryAfter = retryAfter;
        StatusCode = statusCode;
    }

    public PlatformException()
        : this(PlatformErrorKind.Retryable, "The platform call failed.")
    {
    }

    public PlatformException(string message)
        : this(PlatformErrorKind.Retryable, message)
    {
    }

    public PlatformException(string message, Exception innerException)
        : this(PlatformErrorKind.Retryable, message, inner: innerException)
    {
    }

    public PlatformErrorKind Kind { get; }

    /// <summary>For <see cref="PlatformErrorKind.RateLimited"/>: how long the platform asked us to wait.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The HTTP status, when there was one.</summary>
    public int? StatusCode { get; }
}
