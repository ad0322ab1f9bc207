using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CanaryDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ThresholdProfiles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    LatencyDecay = table.Column<double>(type: "REAL", nullable: false),
                    ErrorSlope = table.Column<double>(type: "REAL", nullable: false),
                    SafetyFloor = table.Column<double>(type: "REAL", nullable: false),
                    ErrorFloor = table.Column<double>(type: "REAL", nullable: false),
                    MinWeight = table.Column<double>(type: "REAL", nullable: false),
                    MaxWeight = table.Column<double>(type: "REAL", nullable: false),
                    LatencyThreshold = table.Column<double>(type: "REAL", nullable: false),
                    ErrorThreshold = table.Column<double>(type: "REAL", nullable: false),
                    MinRequests = table.Column<double>(type: "REAL", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ThresholdProfiles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Rollouts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Namespace = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    FirstSeenAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Policy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ThresholdProfileId = table.Column<long>(type: "INTEGER", nullable: true),
                    JobLabel = table.Column<string>(type: "TEXT", nullable: true),
                    CanaryVersionLabel = table.Column<string>(type: "TEXT", nullable: true),
                    StableVersionLabel = table.Column<string>(type: "TEXT", nullable: true),
                    PollsToAdvance = table.Column<int>(type: "INTEGER", nullable: false),
                    BreachesToAbort = table.Column<int>(type: "INTEGER", nullable: false),
                    AllowAutoPromoteToFull = table.Column<bool>(type: "INTEGER", nullable: false),
                    SettingsUpdatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SettingsUpdatedBy = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Rollouts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Rollouts_ThresholdProfiles_ThresholdProfileId",
                        column: x => x.ThresholdProfileId,
                        principalTable: "ThresholdProfiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AuditLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RolloutId = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    User = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PatchTarget = table.Column<string>(type: "TEXT", nullable: true),
                    PatchBody = table.Column<string>(type: "TEXT", nullable: true),
                    KubectlCommand = table.Column<string>(type: "TEXT", nullable: true),
                    Error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditLog", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AuditLog_Rollouts_RolloutId",
                        column: x => x.RolloutId,
                        principalTable: "Rollouts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Decisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RolloutId = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Policy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    SafeWeight = table.Column<double>(type: "REAL", nullable: false),
                    EngineWeight = table.Column<double>(type: "REAL", nullable: true),
                    LatencyDelta = table.Column<double>(type: "REAL", nullable: true),
                    ErrorDelta = table.Column<double>(type: "REAL", nullable: true),
                    EngineReason = table.Column<string>(type: "TEXT", nullable: false),
                    Rule = table.Column<string>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TargetWeight = table.Column<double>(type: "REAL", nullable: true),
                    TargetStepIndex = table.Column<int>(type: "INTEGER", nullable: true),
                    PatchTarget = table.Column<string>(type: "TEXT", nullable: true),
                    PatchBody = table.Column<string>(type: "TEXT", nullable: true),
                    PatchOutcome = table.Column<string>(type: "TEXT", nullable: true),
                    PatchSucceeded = table.Column<bool>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Decisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Decisions_Rollouts_RolloutId",
                        column: x => x.RolloutId,
                        principalTable: "Rollouts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MinuteAggregates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RolloutId = table.Column<int>(type: "INTEGER", nullable: false),
                    Minute = table.Column<long>(type: "INTEGER", nullable: false),
                    SampleCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ProceedCount = table.Column<int>(type: "INTEGER", nullable: false),
                    BreachCount = table.Column<int>(type: "INTEGER", nullable: false),
                    InsufficientDataCount = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxStepIndex = table.Column<int>(type: "INTEGER", nullable: true),
                    Avg_ActualWeight = table.Column<double>(type: "REAL", nullable: true),
                    Avg_CanaryErrorRate = table.Column<double>(type: "REAL", nullable: true),
                    Avg_CanaryP99 = table.Column<double>(type: "REAL", nullable: true),
                    Avg_CanaryPoolIdle = table.Column<double>(type: "REAL", nullable: true),
                    Avg_CanaryPoolMax = table.Column<double>(type: "REAL", nullable: true),
                    Avg_CanaryPoolOpen = table.Column<double>(type: "REAL", nullable: true),
                    Avg_CanaryRequestRate = table.Column<double>(type: "REAL", nullable: true),
                    Avg_CanaryRequests = table.Column<double>(type: "REAL", nullable: true),
                    Avg_EngineWeight = table.Column<double>(type: "REAL", nullable: true),
                    Avg_ErrorDelta = table.Column<double>(type: "REAL", nullable: true),
                    Avg_LatencyDelta = table.Column<double>(type: "REAL", nullable: true),
                    Avg_SafeWeight = table.Column<double>(type: "REAL", nullable: true),
                    Avg_SetWeight = table.Column<double>(type: "REAL", nullable: true),
                    Avg_StableErrorRate = table.Column<double>(type: "REAL", nullable: true),
                    Avg_StableP99 = table.Column<double>(type: "REAL", nullable: true),
                    Avg_StablePoolIdle = table.Column<double>(type: "REAL", nullable: true),
                    Avg_StablePoolMax = table.Column<double>(type: "REAL", nullable: true),
                    Avg_StablePoolOpen = table.Column<double>(type: "REAL", nullable: true),
                    Avg_StableRequestRate = table.Column<double>(type: "REAL", nullable: true),
                    Avg_StableRequests = table.Column<double>(type: "REAL", nullable: true),
                    Max_ActualWeight = table.Column<double>(type: "REAL", nullable: true),
                    Max_CanaryErrorRate = table.Column<double>(type: "REAL", nullable: true),
                    Max_CanaryP99 = table.Column<double>(type: "REAL", nullable: true),
                    Max_CanaryPoolIdle = table.Column<double>(type: "REAL", nullable: true),
                    Max_CanaryPoolMax = table.Column<double>(type: "REAL", nullable: true),
                    Max_CanaryPoolOpen = table.Column<double>(type: "REAL", nullable: true),
                    Max_CanaryRequestRate = table.Column<double>(type: "REAL", nullable: true),
                    Max_CanaryRequests = table.Column<double>(type: "REAL", nullable: true),
                    Max_EngineWeight = table.Column<double>(type: "REAL", nullable: true),
                    Max_ErrorDelta = table.Column<double>(type: "REAL", nullable: true),
                    Max_LatencyDelta = table.Column<double>(type: "REAL", nullable: true),
                    Max_SafeWeight = table.Column<double>(type: "REAL", nullable: true),
                    Max_SetWeight = table.Column<double>(type: "REAL", nullable: true),
                    Max_StableErrorRate = table.Column<double>(type: "REAL", nullable: true),
                    Max_StableP99 = table.Column<double>(type: "REAL", nullable: true),
                    Max_StablePoolIdle = table.Column<double>(type: "REAL", nullable: true),
                    Max_StablePoolMax = table.Column<double>(type: "REAL", nullable: true),
                    Max_StablePoolOpen = table.Column<double>(type: "REAL", nullable: true),
                    Max_StableRequestRate = table.Column<double>(type: "REAL", nullable: true),
                    Max_StableRequests = table.Column<double>(type: "REAL", nullable: true),
                    Min_ActualWeight = table.Column<double>(type: "REAL", nullable: true),
                    Min_CanaryErrorRate = table.Column<double>(type: "REAL", nullable: true),
                    Min_CanaryP99 = table.Column<double>(type: "REAL", nullable: true),
                    Min_CanaryPoolIdle = table.Column<double>(type: "REAL", nullable: true),
                    Min_CanaryPoolMax = table.Column<double>(type: "REAL", nullable: true),
                    Min_CanaryPoolOpen = table.Column<double>(type: "REAL", nullable: true),
                    Min_CanaryRequestRate = table.Column<double>(type: "REAL", nullable: true),
                    Min_CanaryRequests = table.Column<double>(type: "REAL", nullable: true),
                    Min_EngineWeight = table.Column<double>(type: "REAL", nullable: true),
                    Min_ErrorDelta = table.Column<double>(type: "REAL", nullable: true),
                    Min_LatencyDelta = table.Column<double>(type: "REAL", nullable: true),
                    Min_SafeWeight = table.Column<double>(type: "REAL", nullable: true),
                    Min_SetWeight = table.Column<double>(type: "REAL", nullable: true),
                    Min_StableErrorRate = table.Column<double>(type: "REAL", nullable: true),
                    Min_StableP99 = table.Column<double>(type: "REAL", nullable: true),
                    Min_StablePoolIdle = table.Column<double>(type: "REAL", nullable: true),
                    Min_StablePoolMax = table.Column<double>(type: "REAL", nullable: true),
                    Min_StablePoolOpen = table.Column<double>(type: "REAL", nullable: true),
                    Min_StableRequestRate = table.Column<double>(type: "REAL", nullable: true),
                    Min_StableRequests = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MinuteAggregates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MinuteAggregates_Rollouts_RolloutId",
                        column: x => x.RolloutId,
                        principalTable: "Rollouts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RolloutRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RolloutId = table.Column<int>(type: "INTEGER", nullable: false),
                    Revision = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FirstBreachAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AbortedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    BreachToAbortSeconds = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RolloutRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RolloutRuns_Rollouts_RolloutId",
                        column: x => x.RolloutId,
                        principalTable: "Rollouts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Samples",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RolloutId = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    StepIndex = table.Column<int>(type: "INTEGER", nullable: true),
                    Verdict = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    ActualWeight = table.Column<double>(type: "REAL", nullable: true),
                    CanaryErrorRate = table.Column<double>(type: "REAL", nullable: true),
                    CanaryP99 = table.Column<double>(type: "REAL", nullable: true),
                    CanaryPoolIdle = table.Column<double>(type: "REAL", nullable: true),
                    CanaryPoolMax = table.Column<double>(type: "REAL", nullable: true),
                    CanaryPoolOpen = table.Column<double>(type: "REAL", nullable: true),
                    CanaryRequestRate = table.Column<double>(type: "REAL", nullable: true),
                    CanaryRequests = table.Column<double>(type: "REAL", nullable: true),
                    EngineWeight = table.Column<double>(type: "REAL", nullable: true),
                    ErrorDelta = table.Column<double>(type: "REAL", nullable: true),
                    LatencyDelta = table.Column<double>(type: "REAL", nullable: true),
                    SafeWeight = table.Column<double>(type: "REAL", nullable: true),
                    SetWeight = table.Column<double>(type: "REAL", nullable: true),
                    StableErrorRate = table.Column<double>(type: "REAL", nullable: true),
                    StableP99 = table.Column<double>(type: "REAL", nullable: true),
                    StablePoolIdle = table.Column<double>(type: "REAL", nullable: true),
                    StablePoolMax = table.Column<double>(type: "REAL", nullable: true),
                    StablePoolOpen = table.Column<double>(type: "REAL", nullable: true),
                    StableRequestRate = table.Column<double>(type: "REAL", nullable: true),
                    StableRequests = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Samples", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Samples_Rollouts_RolloutId",
                        column: x => x.RolloutId,
                        principalTable: "Rollouts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_At",
                table: "AuditLog",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_RolloutId_At_Id",
                table: "AuditLog",
                columns: new[] { "RolloutId", "At", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Decisions_RolloutId_At_Id",
                table: "Decisions",
                columns: new[] { "RolloutId", "At", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_MinuteAggregates_RolloutId_Minute",
                table: "MinuteAggregates",
                columns: new[] { "RolloutId", "Minute" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RolloutRuns_RolloutId_StartedAt",
                table: "RolloutRuns",
                columns: new[] { "RolloutId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RolloutRuns_StartedAt_Id",
                table: "RolloutRuns",
                columns: new[] { "StartedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Rollouts_Namespace_Name",
                table: "Rollouts",
                columns: new[] { "Namespace", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Rollouts_ThresholdProfileId",
                table: "Rollouts",
                column: "ThresholdProfileId");

            migrationBuilder.CreateIndex(
                name: "IX_Samples_RolloutId_At",
                table: "Samples",
                columns: new[] { "RolloutId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ThresholdProfiles_Name_Version",
                table: "ThresholdProfiles",
                columns: new[] { "Name", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditLog");

            migrationBuilder.DropTable(
                name: "Decisions");

            migrationBuilder.DropTable(
                name: "MinuteAggregates");

            migrationBuilder.DropTable(
                name: "RolloutRuns");

            migrationBuilder.DropTable(
                name: "Samples");

            migrationBuilder.DropTable(
                name: "Rollouts");

            migrationBuilder.DropTable(
                name: "ThresholdProfiles");
        }
    }
}
