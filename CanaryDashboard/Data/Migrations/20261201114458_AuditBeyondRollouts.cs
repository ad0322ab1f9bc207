using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CanaryDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditBeyondRollouts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<int>(
                name: "RolloutId",
                table: "AuditLog",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "INTEGER");

            migrationBuilder.AddColumn<string>(
                name: "Address",
                table: "AuditLog",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Subject",
                table: "AuditLog",
                type: "TEXT",
                maxLength: 256,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Address",
                table: "AuditLog");

            migrationBuilder.DropColumn(
                name: "Subject",
                table: "AuditLog");

            migrationBuilder.AlterColumn<int>(
                name: "RolloutId",
                table: "AuditLog",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "INTEGER",
                oldNullable: true);
        }
    }
}
