using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CanaryDashboard.Data.Migrations
{
    /// <summary>
    /// Every sample and decision records where its engine parameters came from (issue 10): the
    /// source (configuration or profile) and the profile's name and version. Nullable: rows written
    /// before this migration did not record it and read back as "not recorded".
    /// </summary>
    public partial class RecordParameterOrigin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ParameterSource",
                table: "Samples",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProfileName",
                table: "Samples",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ProfileVersion",
                table: "Samples",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ParameterSource",
                table: "Decisions",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProfileName",
                table: "Decisions",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ProfileVersion",
                table: "Decisions",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ParameterSource",
                table: "Samples");

            migrationBuilder.DropColumn(
                name: "ProfileName",
                table: "Samples");

            migrationBuilder.DropColumn(
                name: "ProfileVersion",
                table: "Samples");

            migrationBuilder.DropColumn(
                name: "ParameterSource",
                table: "Decisions");

            migrationBuilder.DropColumn(
                name: "ProfileName",
                table: "Decisions");

            migrationBuilder.DropColumn(
                name: "ProfileVersion",
                table: "Decisions");
        }
    }
}
