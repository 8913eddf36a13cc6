namespace FeedPublisher.Tests.Support;

// xunit 2 has no runtime skip, so the decision is made when the tests are discovered: where ../shared/samples is
// absent (a fresh clone, CI's hidden-sample run) these tests are reported as skipped with the reason, not passed.

/// <summary>A fact about the real exported sample; skipped, with the reason, where the sample is not beside the repository.</summary>
public sealed class RealSampleFactAttribute : FactAttribute
{
    public RealSampleFactAttribute()
    {
        if (!TestFiles.HasRealSample)
            Skip = TestFiles.NoRealSampleReason;
    }
}

/// <summary>A theory about the real exported sample; skipped, with the reason, where the sample is not beside the repository.</summary>
public sealed class RealSampleTheoryAttribute : TheoryAttribute
{
    public RealSampleTheoryAttribute()
    {
        if (!TestFiles.HasRealSample)
            Skip = TestFiles.NoRealSampleReason;
    }
}
