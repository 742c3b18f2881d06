using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Signpost.Web.Infrastructure;

/// <summary>Describes the API and its bearer personal access tokens in the OpenAPI document.</summary>
public sealed class OpenApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Signpost API",
            Version = "v1",
            Description = "Social media management and governance for NHS organisations. Authenticate with a personal access token " +
                "(`Authorization: Bearer sp_…`), created on your profile page or with `signpost token create`. A token acts for one person " +
                "in one organisation. Errors are RFC 9457 problem details.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A Signpost personal access token (sp_…).",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
