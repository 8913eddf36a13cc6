using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FeedPublisher.Web;

/// <summary>
/// /healthz as JSON: the overall status, then one object per stage's health check (database, feeds, inbox) holding
/// that check's data. Unhealthy (the database is gone) is 503; degraded (the last good feeds are still served) is 200.
/// </summary>
public static class HealthResponse
{
    public static HealthCheckOptions Options { get; } = new()
    {
        ResponseWriter = WriteAsync,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        var body = new MemoryStream();
        await using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("status", Name(report.Status));
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                foreach (var (key, value) in entry.Data)
                    WriteValue(json, key, value);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
            await context.Response.Body.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length), context.RequestAborted);
    }

    private static void WriteValue(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(key);
                break;
            case bool flag:
                json.WriteBoolean(key, flag);
                break;
            case int number:
                json.WriteNumber(key, number);
                break;
            case long number:
                json.WriteNumber(key, number);
                break;
            case DateTimeOffset instant:
                json.WriteString(key, instant);
                break;
            case IEnumerable<string> texts:
                json.WriteStartArray(key);
                foreach (var text in texts)
                    json.WriteStringValue(text);
                json.WriteEndArray();
                break;
            default:
                json.WriteString(key, value.ToString());
                break;
        }
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
