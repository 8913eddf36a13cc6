using System.Text;
using FeedPublisher.Inbox;

namespace FeedPublisher.Tests.Inbox;

public sealed class FileNameFitTests
{
    [Fact]
    public void Name_that_fits_is_kept_as_it_is()
    {
        Assert.Equal("harbour.md.error.txt", FileNameFit.Fit("harbour.md", ".error.txt"));
    }

    [Theory]
    [InlineData('n', 250)]
    [InlineData('é', 120)] // two bytes each: 240 bytes
    [InlineData('東', 84)] // three bytes each: 252 bytes
    public void Long_name_is_cut_on_a_character_boundary_to_fit_255_bytes_with_its_suffix(char letter, int count)
    {
        var stem = new string(letter, count);

        var fitted = FileNameFit.Fit(stem, ".error.txt");

        Assert.InRange(Encoding.UTF8.GetByteCount(fitted), 200, FileNameFit.MaxNameBytes);
        Assert.EndsWith(".error.txt", fitted);
        Assert.StartsWith(new string(letter, 50), fitted);
        Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(fitted)));
    }

    [Fact]
    public void Two_long_names_that_share_their_start_get_different_fitted_names()
    {
        var common = new string('a', 250);

        Assert.NotEqual(FileNameFit.Fit(common + "1", ".error.txt"), FileNameFit.Fit(common + "2", ".error.txt"));
    }
}
