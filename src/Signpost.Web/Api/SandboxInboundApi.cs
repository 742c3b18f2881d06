using Microsoft.AspNetCore.Http.HttpResults;
using Signpost.Core.Data;
using Signpost.Core.Features.Sandbox;
using Signpost.Core.Features.Users;
using Signpost.Web.Infrastructure;

namespace Signpost.Web.Api;

/// <summary>What a simulated member of the public sends: kind is comment, reply, message or mention.</summary>
public sealed record SandboxInboundRequest(string? Kind, string? Text, string? Author, string? InReplyTo, string? DisplayName);

/// <summary>The Sandbox post made and the inbox message it became.</summary>
public sealed record SandboxInboundResponse(Guid MessageId, Guid SandboxPostId, string Author);

/// <summary>POST /sandbox/channels/{id}/inbound.</summary>
public static class SandboxInboundApi
{
    private const OrganisationRoles Comms = OrganisationRoles.CommunicationsOfficer | OrganisationRoles.CommunicationsManager | OrganisationRoles.DutyManager;

    /// <summary>Whether the Sandbox's public side may be driven (Sandbox:Enabled, on unless a deployment turns it off).</summary>
    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue("Sandbox:Enabled", true);

    public static void MapSandboxInboundApi(this RouteGroupBuilder api)
    {
        api.MapPost("/sandbox/channels/{id:guid}/inbound", async Task<Results<Created<SandboxInboundResponse>, NotFound>> (
            Guid id, SandboxInboundRequest request, IConfiguration configuration, OrganisationContext organisation, SandboxInboundService service, AppDbContext db, CancellationToken ct) =>
        {
            if (!IsEnabled(configuration))
            {
                return TypedResults.NotFound();
            }

            var actor = await TeamsApi.ActorAsync(db, organisation, ct);
            var result = await service.SendAsync(organisation.OrganisationId, id,
                new SandboxInboundOptions(request.Kind, request.Text, request.Author, request.InReplyTo, request.DisplayName), actor, ct);
            return TypedResults.Created($"/api/v1/inbox/{result.MessageId}", new SandboxInboundResponse(result.MessageId, result.PostId, result.AuthorHandle));
        }).WithMetadata(new RequireRolesAttribute(Comms))
          .ProducesValidationProblem()
          .WithSummary("Makes a simulated member of the public comment on, reply to, message or mention a Sandbox channel; the message is in the inbox when this answers.");
    }
}
