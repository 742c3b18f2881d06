namespace Signpost.Core.Validation;

/// <summary>
/// Bad input: nothing was changed. Carries a message per field, which the pages show next to the
/// field and the API returns as RFC 9457 validation problem details.
/// </summary>
public sealed class InvalidRequestException : Exception
{
    public InvalidRequestException(IReadOnlyDictionary<string, string[]> errors)
        : base(string.Join(" ", errors.SelectMany(e => e.Value)))
    {
        Errors = errors;
    }

    public InvalidRequestException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    public InvalidRequestException()
        : this(new Dictionary<string, string[]>())
    {
    }

    public InvalidRequestException(string message)
        : this("", message)
    {
    }

    public InvalidRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = new Dictionary<string, string[]> { [""] = [message] };
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}

/// <summary>Collects field errors and throws them together.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public void Required(string field, string? value, string message)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, message);
        }
    }

    public void MaxLength(string field, string? value, int max, string label)
    {
        if (value is not null && value.Trim().Length > max)
        {
            Add(field, $"{label} must be {max} characters or fewer");
        }
    }

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw ToException();
        }
    }

    public InvalidRequestException ToException() =>
        new(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
