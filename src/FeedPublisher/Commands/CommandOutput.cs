using System.Text.Encodings.Web;
using System.Text.Json;

namespace FeedPublisher.Commands;

/// <summary>Data on stdout, as text for people or as JSON (<c>--json</c>) for scripts; errors on stderr.</summary>
public static class CommandOutput
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));

    public static void Error(string message) => Console.Error.WriteLine($"FeedPublisher: {message}");

    /// <summary>A date as the site's readers see it: in Site:TimeZone, with its offset.</summary>
    public static string Date(DateTimeOffset value, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(value, zone).ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);
}
