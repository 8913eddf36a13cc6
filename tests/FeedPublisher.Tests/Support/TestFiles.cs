namespace FeedPublisher.Tests.Support;

/// <summary>Where the fixtures under TestData/ and the real sample beside the repository are.</summary>
public static class TestFiles
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static string RepositoryRoot => Root.Value;

    /// <summary>
    /// The project's own article in the export's shape: blank lines before the title, a byline with two trailing spaces,
    /// a date line, paragraphs split mid-sentence, italics and the site's contact trailer. Named like an export file.
    /// </summary>
    public const string ExportShaped = "000_5f3c2a9e8b7d6c41.txt";

    /// <summary>The real exported article in ../shared/samples, beside the repository on a developer's machine, not in a fresh clone.</summary>
    public static string SamplePath => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "samples", "000_01adffd9e7f90a7b.txt"));

    public static bool HasRealSample => File.Exists(SamplePath);

    /// <summary>Why a real-sample test did not run; the behaviours it checks are checked on <see cref="ExportShaped"/> anyway.</summary>
    public static string NoRealSampleReason =>
        $"The real sample is not beside the repository (no {SamplePath}); the export shape is checked on TestData/{ExportShaped}.";

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static string FixtureText(string name) => File.ReadAllText(Fixture(name));

    public static byte[] FixtureBytes(string name) => File.ReadAllBytes(Fixture(name));

    public static byte[] SampleBytes()
    {
        Assert.True(File.Exists(SamplePath), $"The real sample article is missing: expected it at {SamplePath} (../shared/samples beside the repository).");
        return File.ReadAllBytes(SamplePath);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FeedPublisher.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No FeedPublisher.sln above {AppContext.BaseDirectory}; the tests must run from a build inside the repository.");
    }
}
