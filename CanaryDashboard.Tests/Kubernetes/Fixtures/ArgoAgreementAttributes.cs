namespace CanaryDashboard.Tests.Kubernetes.Fixtures;

// xunit 2 has no Assert.Skip: a test that needs Argo's shared fixtures carries one of these, which set
// Skip (with the reason and where the folder was looked for) when the folder is absent, so the runner
// reports it as skipped rather than failed or passed. A skipped theory is one skipped test; its data is
// never enumerated.

/// <summary>A fact that compares with Argo's shared fixtures; skipped when they are absent.</summary>
public sealed class ArgoAgreementFactAttribute : FactAttribute
{
    public ArgoAgreementFactAttribute()
    {
        if (!ArgoFixtures.SharedAvailable)
            Skip = ArgoFixtures.SkipReason;
    }
}

/// <summary>A theory that compares with Argo's shared fixtures; skipped when they are absent.</summary>
public sealed class ArgoAgreementTheoryAttribute : TheoryAttribute
{
    public ArgoAgreementTheoryAttribute()
    {
        if (!ArgoFixtures.SharedAvailable)
            Skip = ArgoFixtures.SkipReason;
    }
}
