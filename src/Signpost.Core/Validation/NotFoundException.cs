namespace Signpost.Core.Validation;

/// <summary>The thing asked for does not exist, or is not in the caller's organisation.</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException(string kind, object id)
        : base($"{kind} {id} was not found.")
    {
    }

    public NotFoundException()
    {
    }

    public NotFoundException(string message)
        : base(message)
    {
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
