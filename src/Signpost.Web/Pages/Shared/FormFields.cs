namespace Signpost.Web.Pages.Shared;

/// <summary>A text input in the NHS.UK style, with its label, hint and error message.</summary>
public sealed record InputField(string Name, string Label, string? Value)
{
    public string Type { get; init; } = "text";
    public string? Hint { get; init; }
    public string? Autocomplete { get; init; }
    public string? InputMode { get; init; }
    public string Width { get; init; } = "";
    public bool LabelIsHeading { get; init; }
    public bool SpellCheck { get; init; } = true;
}

/// <summary>A textarea in the NHS.UK style.</summary>
public sealed record TextAreaField(string Name, string Label, string? Value)
{
    public string? Hint { get; init; }
    public int Rows { get; init; } = 5;
}

/// <summary>A select in the NHS.UK style.</summary>
public sealed record SelectField(string Name, string Label, string? Value, IReadOnlyList<(string Value, string Text)> Options)
{
    public string? Hint { get; init; }
}

/// <summary>A group of checkboxes in a fieldset, in the NHS.UK style.</summary>
public sealed record CheckboxesField(string Name, string Legend, IReadOnlyList<(string Value, string Text, string? Hint, bool Checked)> Options)
{
    public string? Hint { get; init; }
}
