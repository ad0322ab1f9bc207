using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CanaryDashboard.Data.Migrations
{
    /// <summary>
    /// Every raw sample records the evidence its decision weighed: the verdict, where the counts
    /// start, the p99 and error deltas with their interval ends (an infinite end is stored as null:
    /// see <c>SampleEvidence</c>), the counts per version, and both versions' counts with the
    /// histogram buckets as compact JSON for replays. Nullable: older rows read back as "no evidence".
    /// Minute aggregates do not get them (an average of intervals is no interval).
    /// </summary>
    public partial class RecordEvidence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "EvidenceCanaryErrors",
                table: "Samples",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "EvidenceCanaryRequests",
                table: "Samples",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EvidenceCounts",
                table: "Samples",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "EvidenceErrorDelta",
                table: "Samples",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "EvidenceErrorHigh",
                table: "Samples",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "EvidenceErrorLow",
                table: "Samples",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "EvidenceLatencyDelta",
                table: "Samples",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "EvidenceLatencyHigh",
                table: "Samples",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "EvidenceLatencyLow",
                table: "Samples",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "EvidenceSince",
                table: "Samples",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "EvidenceStableErrors",
                table: "Samples",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "EvidenceStableRequests",
                table: "Samples",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EvidenceVerdict",
                table: "Samples",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EvidenceCanaryErrors",
                table: "Samples");

            migrationBuilder.DropColumn(
                name: "EvidenceCanaryRequests",
                table: "Samples");

            migrationBuilder.DropColumn(
                name: "EvidenceCounts",
                table: "Samples");

            migrationBuilder.DropColumn(
                name: "EvidenceErrorDelta",
                table: "Samples");

            migrationBuilder.DropColumn(
                name: "EvidenceErrorHigh",
                table: "Samples");

            migrationBuilder.DropColumn(
                name: "EvidenceErrorLow",
                table: "Samples");

            migrationBuilder.DropColumn(
                name: "EvidenceLatencyDelta",
                table: "Samples");

            migrationBuilder.DropColumn(
                name: "EvidenceLatencyHigh",
                table: "Samples");

            migrationBuilder.DropColumn(
                name: "EvidenceLatencyLow",
                table: "Samples");

            migrationBuilder.DropColumn(
                name: "EvidenceSince",
                table: "Samples");

            migrationBuilder.DropColumn(
                name: "EvidenceStableErrors",
                table: "Samples");

            migrationBuilder.DropColumn(
                name: "EvidenceStableRequests",
                table: "Samples");

            migrationBuilder.DropColumn(
                name: "EvidenceVerdict",
                table: "Samples");
        }
    }
}
