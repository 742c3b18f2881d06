namespace Signpost.Web.Pages.Shared;

public static class FieldIds
{
    /// <summary>The HTML id of a field, from its model name ("Input.Email" → "Input_Email").</summary>
    public static string For(string name) => name.Replace('.', '_').Replace('[', '_').Replace(']', '_');
}
