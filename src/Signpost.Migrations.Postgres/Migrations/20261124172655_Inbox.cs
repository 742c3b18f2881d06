using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Signpost.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Inbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "HiddenAt",
                table: "SandboxPosts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RecipientAccountId",
                table: "SandboxPosts",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "SandboxPosts",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "InboxCursor",
                table: "Channels",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InboxError",
                table: "Channels",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "InboxPolledAt",
                table: "Channels",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "InboxSettings",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ResponseTargetMinutes = table.Column<int>(type: "integer", nullable: false),
                    AutoReplyEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AutoReplyText = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    StrikeThreshold = table.Column<int>(type: "integer", nullable: false),
                    PageAcknowledgeMinutes = table.Column<int>(type: "integer", nullable: false),
                    BlockedWords = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboxSettings", x => x.OrganisationId);
                    table.ForeignKey(
                        name: "FK_InboxSettings_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OnCallShifts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    StartsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OnCallShifts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OnCallShifts_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_OnCallShifts_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "OutboxTextMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    PhoneNumber = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Body = table.Column<string>(type: "character varying(918)", maxLength: 918, nullable: false),
                    Reference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SendAfter = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NotifyId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    FailedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    LeaseOwner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LeaseExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxTextMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PublicAuthors",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ChannelId = table.Column<Guid>(type: "uuid", nullable: false),
                    Network = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PlatformId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Handle = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Strikes = table.Column<int>(type: "integer", nullable: false),
                    BlockProposed = table.Column<bool>(type: "boolean", nullable: false),
                    Blocked = table.Column<bool>(type: "boolean", nullable: false),
                    BlockedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    BlockReference = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    FirstSeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastSeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PublicAuthors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PublicAuthors_Channels_ChannelId",
                        column: x => x.ChannelId,
                        principalTable: "Channels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PublicAuthors_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SandboxBlocks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    BlockedAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxBlocks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SandboxBlocks_SandboxAccounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "SandboxAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SandboxReports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReporterAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    SubjectAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    PostId = table.Column<Guid>(type: "uuid", nullable: true),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SandboxReports_SandboxAccounts_ReporterAccountId",
                        column: x => x.ReporterAccountId,
                        principalTable: "SandboxAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SavedReplies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    SuggestedForBits = table.Column<int>(type: "integer", nullable: false),
                    Archived = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SavedReplies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SavedReplies_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AuthorStrikes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReasonCode = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuthorStrikes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AuthorStrikes_PublicAuthors_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "PublicAuthors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "InboxMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ChannelId = table.Column<Guid>(type: "uuid", nullable: false),
                    Network = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PlatformId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Text = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: false),
                    InReplyToPlatformId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    RootPlatformId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    ConversationId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Url = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    PublicationId = table.Column<Guid>(type: "uuid", nullable: true),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LabelBits = table.Column<int>(type: "integer", nullable: false),
                    Priority = table.Column<int>(type: "integer", nullable: false),
                    OutOfHours = table.Column<bool>(type: "boolean", nullable: false),
                    TriageReasonsJson = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    AssigneeUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ResponseDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FirstRespondedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Visibility = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ProcessedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ProcessingLeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RedactedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RedactedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    RedactedCategories = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboxMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InboxMessages_AspNetUsers_AssigneeUserId",
                        column: x => x.AssigneeUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_InboxMessages_Channels_ChannelId",
                        column: x => x.ChannelId,
                        principalTable: "Channels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_InboxMessages_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_InboxMessages_PublicAuthors_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "PublicAuthors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DepartmentHandOffs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    Department = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    Question = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SentByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    SentByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Answer = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    AnsweredBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    IncludesPersonalData = table.Column<bool>(type: "boolean", nullable: false),
                    ConfirmedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DepartmentHandOffs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DepartmentHandOffs_InboxMessages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "InboxMessages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DutyPages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    PagedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AcknowledgeBy = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AcknowledgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AcknowledgedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    EscalatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DutyPages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DutyPages_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DutyPages_InboxMessages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "InboxMessages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "InboxNotes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: true),
                    AuthorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboxNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InboxNotes_InboxMessages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "InboxMessages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InboxReplies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: true),
                    AuthorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    SavedReplyId = table.Column<Guid>(type: "uuid", nullable: true),
                    Automatic = table.Column<bool>(type: "boolean", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PlatformId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Url = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboxReplies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InboxReplies_InboxMessages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "InboxMessages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_InboxReplies_SavedReplies_SavedReplyId",
                        column: x => x.SavedReplyId,
                        principalTable: "SavedReplies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ModerationRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: true),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: false),
                    Action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ReasonCode = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    UserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Automatic = table.Column<bool>(type: "boolean", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PlatformReference = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModerationRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ModerationRecords_InboxMessages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "InboxMessages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ModerationRecords_PublicAuthors_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "PublicAuthors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SafeguardingReferrals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    Concern = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    WhoIsAtRisk = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ImmediateDanger = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    EvidenceJson = table.Column<string>(type: "text", nullable: false),
                    ReferredByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReferredByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    LeadUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    ReportedToPlatformAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SafeguardingReferrals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SafeguardingReferrals_InboxMessages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "InboxMessages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SafeguardingReferrals_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SandboxPosts_RecipientAccountId_Sequence",
                table: "SandboxPosts",
                columns: new[] { "RecipientAccountId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_SandboxPosts_Sequence",
                table: "SandboxPosts",
                column: "Sequence");

            migrationBuilder.CreateIndex(
                name: "IX_AuthorStrikes_AuthorId_CreatedAt",
                table: "AuthorStrikes",
                columns: new[] { "AuthorId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AuthorStrikes_AuthorId_MessageId",
                table: "AuthorStrikes",
                columns: new[] { "AuthorId", "MessageId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DepartmentHandOffs_MessageId_SentAt",
                table: "DepartmentHandOffs",
                columns: new[] { "MessageId", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DepartmentHandOffs_TokenHash",
                table: "DepartmentHandOffs",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DutyPages_MessageId_Level",
                table: "DutyPages",
                columns: new[] { "MessageId", "Level" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DutyPages_OrganisationId_AcknowledgedAt_AcknowledgeBy",
                table: "DutyPages",
                columns: new[] { "OrganisationId", "AcknowledgedAt", "AcknowledgeBy" });

            migrationBuilder.CreateIndex(
                name: "IX_DutyPages_UserId_AcknowledgedAt",
                table: "DutyPages",
                columns: new[] { "UserId", "AcknowledgedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_AssigneeUserId",
                table: "InboxMessages",
                column: "AssigneeUserId");

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_AuthorId",
                table: "InboxMessages",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_ChannelId_PlatformId",
                table: "InboxMessages",
                columns: new[] { "ChannelId", "PlatformId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_ChannelId_RootPlatformId",
                table: "InboxMessages",
                columns: new[] { "ChannelId", "RootPlatformId" });

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_OrganisationId_AssigneeUserId_ReceivedAt",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "AssigneeUserId", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_OrganisationId_Priority_ReceivedAt_Id",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "Priority", "ReceivedAt", "Id" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_OrganisationId_ReceivedAt_Id",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "ReceivedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_OrganisationId_ResponseDueAt",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "ResponseDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_OrganisationId_Status_ReceivedAt",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "Status", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_ProcessedAt",
                table: "InboxMessages",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_InboxNotes_MessageId_CreatedAt",
                table: "InboxNotes",
                columns: new[] { "MessageId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_InboxReplies_MessageId_CreatedAt",
                table: "InboxReplies",
                columns: new[] { "MessageId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_InboxReplies_SavedReplyId",
                table: "InboxReplies",
                column: "SavedReplyId");

            migrationBuilder.CreateIndex(
                name: "IX_ModerationRecords_AuthorId_CreatedAt",
                table: "ModerationRecords",
                columns: new[] { "AuthorId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ModerationRecords_MessageId_CreatedAt",
                table: "ModerationRecords",
                columns: new[] { "MessageId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ModerationRecords_OrganisationId_CreatedAt",
                table: "ModerationRecords",
                columns: new[] { "OrganisationId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OnCallShifts_OrganisationId_StartsAt_EndsAt",
                table: "OnCallShifts",
                columns: new[] { "OrganisationId", "StartsAt", "EndsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OnCallShifts_UserId",
                table: "OnCallShifts",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxTextMessages_SentAt_FailedAt_SendAfter",
                table: "OutboxTextMessages",
                columns: new[] { "SentAt", "FailedAt", "SendAfter" });

            migrationBuilder.CreateIndex(
                name: "IX_PublicAuthors_ChannelId_PlatformId",
                table: "PublicAuthors",
                columns: new[] { "ChannelId", "PlatformId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PublicAuthors_OrganisationId_Strikes",
                table: "PublicAuthors",
                columns: new[] { "OrganisationId", "Strikes" });

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingReferrals_MessageId",
                table: "SafeguardingReferrals",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingReferrals_OrganisationId_Status_CreatedAt",
                table: "SafeguardingReferrals",
                columns: new[] { "OrganisationId", "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SandboxBlocks_AccountId_BlockedAccountId",
                table: "SandboxBlocks",
                columns: new[] { "AccountId", "BlockedAccountId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SandboxReports_ReporterAccountId",
                table: "SandboxReports",
                column: "ReporterAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_SandboxReports_SubjectAccountId",
                table: "SandboxReports",
                column: "SubjectAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_SavedReplies_OrganisationId_Title",
                table: "SavedReplies",
                columns: new[] { "OrganisationId", "Title" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuthorStrikes");

            migrationBuilder.DropTable(
                name: "DepartmentHandOffs");

            migrationBuilder.DropTable(
                name: "DutyPages");

            migrationBuilder.DropTable(
                name: "InboxNotes");

            migrationBuilder.DropTable(
                name: "InboxReplies");

            migrationBuilder.DropTable(
                name: "InboxSettings");

            migrationBuilder.DropTable(
                name: "ModerationRecords");

            migrationBuilder.DropTable(
                name: "OnCallShifts");

            migrationBuilder.DropTable(
                name: "OutboxTextMessages");

            migrationBuilder.DropTable(
                name: "SafeguardingReferrals");

            migrationBuilder.DropTable(
                name: "SandboxBlocks");

            migrationBuilder.DropTable(
                name: "SandboxReports");

            migrationBuilder.DropTable(
                name: "SavedReplies");

            migrationBuilder.DropTable(
                name: "InboxMessages");

            migrationBuilder.DropTable(
                name: "PublicAuthors");

            migrationBuilder.DropIndex(
                name: "IX_SandboxPosts_RecipientAccountId_Sequence",
                table: "SandboxPosts");

            migrationBuilder.DropIndex(
                name: "IX_SandboxPosts_Sequence",
                table: "SandboxPosts");

            migrationBuilder.DropColumn(
                name: "HiddenAt",
                table: "SandboxPosts");

            migrationBuilder.DropColumn(
                name: "RecipientAccountId",
                table: "SandboxPosts");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "SandboxPosts");

            migrationBuilder.DropColumn(
                name: "InboxCursor",
                table: "Channels");

            migrationBuilder.DropColumn(
                name: "InboxError",
                table: "Channels");

            migrationBuilder.DropColumn(
                name: "InboxPolledAt",
                table: "Channels");
        }
    }
}
