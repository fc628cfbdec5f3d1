using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace TeamsDecisions.Bench.Faults;

/// <summary>/healthz polled from the moment of a fault until it has gone bad and come back Healthy (or gave up).</summary>
internal sealed class HealthTimeline
{
    /// <summary>Often enough to see a recovery of a second; a real platform probes about once a minute.</summary>
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    private readonly List<(TimeSpan At, string Status)> samples = [];

    private HealthTimeline()
    {
    }

    /// <summary>Polls until Healthy follows anything else, or <paramref name="limit"/> passes; when it never turns bad, stops after <paramref name="quiet"/>.</summary>
    public static async Task<HealthTimeline> WatchAsync(Uri app, TimeSpan limit, TimeSpan quiet)
    {
        using var http = new HttpClient { BaseAddress = app, Timeout = TimeSpan.FromSeconds(6) };
        var timeline = new HealthTimeline();
        var from = Stopwatch.GetTimestamp();
        var troubled = false;
        while (true)
        {
            var at = Stopwatch.GetElapsedTime(from);
            var status = await StatusAsync(http);
            timeline.samples.Add((at, status));
            troubled |= status != "Healthy";
            var now = Stopwatch.GetElapsedTime(from);
            if ((troubled && status == "Healthy") || now > limit || (!troubled && now > quiet))
            {
                return timeline;
            }

            await Task.Delay(Every);
        }
    }

    /// <summary>Each change of status with when it was first seen: "HTTP 200: Degraded 0.0 s → Healthy 3.1 s".</summary>
    public override string ToString()
    {
        var changes = samples.Where((s, i) => i == 0 || s.Status != samples[i - 1].Status).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Status} {s.At.TotalSeconds:F1} s"));
        var codes = samples.All(s => s.Status is "Healthy" or "Degraded") ? "HTTP 200" : "**not all HTTP 200**";
        return $"{codes}: " + string.Join(" → ", changes);
    }

    private static async Task<string> StatusAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return $"HTTP {(int)response.StatusCode}";
            }

            return JsonDocument.Parse(body).RootElement.TryGetProperty("status", out var status) ? status.GetString() ?? "(none)" : "(no status)";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return "no answer";
        }
    }
}
