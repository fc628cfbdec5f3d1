using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TeamsDecisions.Testing;

/// <summary>One sendActivityNotification as the stand-in read it, and what it answered.</summary>
public sealed record ActivityFeedPost(
    string Method,
    string Path,
    string? UserId,
    string? ActivityType,
    string? TopicSource,
    string? TopicValue,
    string? TopicWebUrl,
    string? PreviewText,
    IReadOnlyDictionary<string, string> TemplateParameters,
    DateTimeOffset At)
{
    public int Status { get; set; }
}

/// <summary>A scripted fault: answer <see cref="Status"/> (with Retry-After when given) instead of posting.</summary>
public sealed record ActivityFeedFault(int Status, int? RetryAfterSeconds = null);

/// <summary>
/// A loopback stand-in for Microsoft Graph v1.0 <c>POST /users/{id}/teamwork/sendActivityNotification</c>. It checks
/// what Graph checks, and what its documentation asks: the method and path, a JSON body whose activityType is declared
/// in appPackage/manifest.json (activities.activityTypes) with exactly the template parameters its templateText uses
/// besides {actor}, a topic that is either text with an https Teams webUrl or an entityUrl of the user's installed app
/// (the only entityUrl the user-scoped call accepts), and a preview text. Anything else is answered 400 and recorded in
/// <see cref="Violations"/>. A good post is answered 204 No Content. Faults (429 with Retry-After) are scripted.
/// GET mailboxSettings (the reminder scan asking for a person's working hours) is answered 404: no mailboxes here.
/// </summary>
public sealed partial class ActivityFeedGraphStandIn : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly object gate = new();
    private readonly List<ActivityFeedPost> posts = [];
    private readonly List<(ActivityFeedFault Fault, int Remaining)> faults = [];
    private readonly List<string> violations = [];
    private readonly IReadOnlyDictionary<string, IReadOnlySet<string>> declared;
    private int mailboxReads;

    private ActivityFeedGraphStandIn(WebApplication app, Uri baseUrl, IReadOnlyDictionary<string, IReadOnlySet<string>> declared)
    {
        this.app = app;
        BaseUrl = baseUrl;
        this.declared = declared;
    }

    /// <summary>"http://127.0.0.1:{port}/v1.0" — the Graph base URL to give the SDK.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Every request, refused and faulted ones included, in order.</summary>
    public IReadOnlyList<ActivityFeedPost> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. posts];
            }
        }
    }

    /// <summary>The notifications Graph accepted (204).</summary>
    public IReadOnlyList<ActivityFeedPost> Delivered => [.. Requests.Where(p => p.Status == 204)];

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (gate)
            {
                return [.. violations];
            }
        }
    }

    /// <summary>GET mailboxSettings calls (answered 404: no one has a mailbox here, so reminders keep the team's hours).</summary>
    public int MailboxReads => Volatile.Read(ref mailboxReads);

    /// <summary>The activity types the manifest declares, each with the template parameters its templateText names.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> DeclaredTypes => declared;

    public static async Task<ActivityFeedGraphStandIn> StartAsync()
    {
        var declared = ReadManifest(Path.Combine(RepoPaths.Root, "appPackage", "manifest.json"));
        ActivityFeedGraphStandIn? standIn = null;
        var (app, baseUrl) = await LoopbackHost.StartAsync(() => standIn!.HandleAsync, "/v1.0").ConfigureAwait(false);
        standIn = new ActivityFeedGraphStandIn(app, baseUrl, declared);
        return standIn;
    }

    /// <summary>The next <paramref name="times"/> posts get <paramref name="fault"/>.</summary>
    public void Fail(ActivityFeedFault fault, int times = 1)
    {
        lock (gate)
        {
            faults.Add((fault, times));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>activities.activityTypes of the manifest: type → the {placeholders} of its templateText other than {actor}.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> ReadManifest(string path)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(path))!;
        var types = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var type in manifest["activities"]?["activityTypes"]?.AsArray() ?? [])
        {
            var placeholders = Placeholder().Matches(type!["templateText"]!.GetValue<string>()).Select(m => m.Groups[1].Value).Where(p => p != "actor");
            types[type["type"]!.GetValue<string>()] = placeholders.ToHashSet(StringComparer.Ordinal);
        }

        return types;
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)\}")]
    private static partial Regex Placeholder();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (context.Request.Method == "GET" && segments is ["v1.0", "users", _, "mailboxSettings"])
        {
            // The reminder scan asks for the person's working hours; nobody has a mailbox here, so the team's hours apply.
            Interlocked.Increment(ref mailboxReads);
            context.Response.StatusCode = 404;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error":{"code":"ErrorItemNotFound","message":"No mailbox."}}""", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var user = segments is ["v1.0", "users", var id, "teamwork", "sendActivityNotification"] ? Uri.UnescapeDataString(id) : null;
        JsonNode? body = null;
        try
        {
            body = text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (JsonException)
        {
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body?["templateParameters"]?.AsArray() ?? [])
        {
            parameters[pair?["name"]?.GetValue<string>() ?? string.Empty] = pair?["value"]?.GetValue<string>() ?? string.Empty;
        }

        var post = new ActivityFeedPost(
            context.Request.Method,
            path,
            user,
            body?["activityType"]?.GetValue<string>(),
            body?["topic"]?["source"]?.GetValue<string>(),
            body?["topic"]?["value"]?.GetValue<string>(),
            body?["topic"]?["webUrl"]?.GetValue<string>(),
            body?["previewText"]?["content"]?.GetValue<string>(),
            parameters,
            DateTimeOffset.UtcNow);
        ActivityFeedFault? fault = null;
        lock (gate)
        {
            posts.Add(post);
            if (faults.Count > 0)
            {
                var (first, remaining) = faults[0];
                fault = first;
                if (remaining <= 1)
                {
                    faults.RemoveAt(0);
                }
                else
                {
                    faults[0] = (first, remaining - 1);
                }
            }
        }

        if (fault is not null)
        {
            if (fault.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await WriteAsync(context, post, fault.Status, "Too many requests.").ConfigureAwait(false);
            return;
        }

        var problem = Check(context.Request, user, body, post);
        if (problem is not null)
        {
            lock (gate)
            {
                violations.Add($"{context.Request.Method} {path}: {problem}");
            }

            await WriteAsync(context, post, 400, problem).ConfigureAwait(false);
            return;
        }

        post.Status = 204;
        context.Response.StatusCode = 204;
    }

    private string? Check(HttpRequest request, string? user, JsonNode? body, ActivityFeedPost post)
    {
        if (request.Method != "POST" || user is null)
        {
            return "Only POST /v1.0/users/{id}/teamwork/sendActivityNotification is served here.";
        }

        if (!Guid.TryParse(user, out _) && !user.Contains('@', StringComparison.Ordinal))
        {
            return $"'{user}' is neither an Entra object id nor a user principal name.";
        }

        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true || body is not JsonObject)
        {
            return "The body must be JSON (Content-Type: application/json).";
        }

        if (post.ActivityType is not { } type || !declared.TryGetValue(type, out var placeholders))
        {
            return $"activityType '{post.ActivityType}' is not declared in the app manifest (activities.activityTypes).";
        }

        if (!placeholders.SetEquals(post.TemplateParameters.Keys))
        {
            return $"templateParameters [{string.Join(", ", post.TemplateParameters.Keys)}] do not match the template of '{type}' [{string.Join(", ", placeholders)}].";
        }

        if (string.IsNullOrWhiteSpace(post.PreviewText))
        {
            return "previewText.content is missing.";
        }

        switch (post.TopicSource)
        {
            case "text":
                if (string.IsNullOrWhiteSpace(post.TopicValue))
                {
                    return "A text topic needs a value.";
                }

                if (!Uri.TryCreate(post.TopicWebUrl, UriKind.Absolute, out var link) || link.Scheme != Uri.UriSchemeHttps || link.Host != "teams.microsoft.com")
                {
                    return $"A text topic needs webUrl, a Teams link (https://teams.microsoft.com/l/…), not '{post.TopicWebUrl}'.";
                }

                return null;
            case "entityUrl":
                return post.TopicValue?.Contains($"/users/{user}/teamwork/installedApps/", StringComparison.OrdinalIgnoreCase) == true
                    ? null
                    : $"The user-scoped call accepts an entityUrl topic only for the user's installed app, not '{post.TopicValue}'.";
            default:
                return $"topic.source '{post.TopicSource}' is not text or entityUrl.";
        }
    }

    private static async Task WriteAsync(HttpContext context, ActivityFeedPost post, int status, string message)
    {
        post.Status = status;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        var code = status switch { 429 => "TooManyRequests", 400 => "BadRequest", _ => "Error" };
        var error = new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };
        await context.Response.WriteAsync(error.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }
}
