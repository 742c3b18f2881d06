using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Signpost.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class InboxLabelIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_Label_Abuse",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "ReceivedAt", "Id" },
                filter: "(\"LabelBits\" & 32) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_Label_Complaint",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "ReceivedAt", "Id" },
                filter: "(\"LabelBits\" & 16) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_Label_Criticism",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "ReceivedAt", "Id" },
                filter: "(\"LabelBits\" & 8192) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_Label_Discrimination",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "ReceivedAt", "Id" },
                filter: "(\"LabelBits\" & 64) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_Label_Enquiry",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "ReceivedAt", "Id" },
                filter: "(\"LabelBits\" & 32768) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_Label_Foi",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "ReceivedAt", "Id" },
                filter: "(\"LabelBits\" & 2048) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_Label_ImmediateDanger",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "ReceivedAt", "Id" },
                filter: "(\"LabelBits\" & 1) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_Label_Legal",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "ReceivedAt", "Id" },
                filter: "(\"LabelBits\" & 512) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_Label_Media",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "ReceivedAt", "Id" },
                filter: "(\"LabelBits\" & 1024) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_Label_MedicalQuestion",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "ReceivedAt", "Id" },
                filter: "(\"LabelBits\" & 8) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_Label_Misinformation",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "ReceivedAt", "Id" },
                filter: "(\"LabelBits\" & 128) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_Label_PatientSafety",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "ReceivedAt", "Id" },
                filter: "(\"LabelBits\" & 4) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_Label_PersonalData",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "ReceivedAt", "Id" },
                filter: "(\"LabelBits\" & 4096) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_Label_Praise",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "ReceivedAt", "Id" },
                filter: "(\"LabelBits\" & 16384) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_Label_Safeguarding",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "ReceivedAt", "Id" },
                filter: "(\"LabelBits\" & 2) <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_Label_Spam",
                table: "InboxMessages",
                columns: new[] { "OrganisationId", "ReceivedAt", "Id" },
                filter: "(\"LabelBits\" & 256) <> 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_InboxMessages_Label_Abuse",
                table: "InboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_InboxMessages_Label_Complaint",
                table: "InboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_InboxMessages_Label_Criticism",
                table: "InboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_InboxMessages_Label_Discrimination",
                table: "InboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_InboxMessages_Label_Enquiry",
                table: "InboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_InboxMessages_Label_Foi",
                table: "InboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_InboxMessages_Label_ImmediateDanger",
                table: "InboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_InboxMessages_Label_Legal",
                table: "InboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_InboxMessages_Label_Media",
                table: "InboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_InboxMessages_Label_MedicalQuestion",
                table: "InboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_InboxMessages_Label_Misinformation",
                table: "InboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_InboxMessages_Label_PatientSafety",
                table: "InboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_InboxMessages_Label_PersonalData",
                table: "InboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_InboxMessages_Label_Praise",
                table: "InboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_InboxMessages_Label_Safeguarding",
                table: "InboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_InboxMessages_Label_Spam",
                table: "InboxMessages");
        }
    }
}
