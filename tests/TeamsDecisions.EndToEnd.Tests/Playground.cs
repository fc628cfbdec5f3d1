using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TeamsDecisions.Testing;

namespace TeamsDecisions.EndToEnd.Tests;

/// <summary>The people and places of playground/.m365agentsplayground.yml.</summary>
internal static class Teams
{
    public const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string Bot = "28:5c0ac9b5-7b2a-4f49-9d6c-3e1f0a4b8d21";
    public const string Team = "19:a3f1c0de7b5e4c2f9d8e6b4a2c0e1f3d@thread.tacv2";
    public const string General = Team;
    public const string Architecture = "19:5b7e9d1c3a2f4e6d8c0b1a3e5f7d9c2b@thread.tacv2";

    public static readonly Person Zofia = new("29:1a7Zofia-Wojcik-local", "6b2d1a3e-0c1f-4a4e-9a57-1c1f0f8c0a01", "Zofia Wójcik");
    public static readonly Person Aiko = new("29:1bAiko-Tanaka-local", "0f7b9d7c-5f6e-4bb5-8d55-52d0b0d7a102", "Aiko Tanaka");
    public static readonly Person Ivan = new("29:1cIvan-Petrov-local", "9c1e3f44-2b7a-4c58-a0f4-6f6c5d3a2b03", "Ivan Petrov");
    public static readonly Person Mohammed = new("29:1dMohammed-Ali-local", "3a8f0e21-7d4c-4e0b-b1c9-8e2f7a6d5c04", "Mohammed Al-Ali");
    public static readonly Person Soren = new("29:1fSoren-Odegard-local", "7e4a9c30-1f8b-4d27-9b63-2c5d8e1f4a06", "Søren Ødegård");

    public static string Thread(string channel, string rootMessageId) => $"{channel};messageid={rootMessageId}";
}

internal sealed record Person(string TeamsId, string EntraId, string Name);

/// <summary>A message the Playground shows (created or updated by the bot), as its WebSocket stream reports it; its mentions are under "mentions".</summary>
internal sealed record PlaygroundMessage(string Action, string ConversationId, string MessageId, JsonObject? Card, string? Text, JsonArray? Entities = null);

/// <summary>
/// The Microsoft 365 Agents Playground (npm @microsoft/m365agentsplayground), started on a free loopback port with
/// our config, driven through the HTTP and WebSocket API its own web UI uses.
/// </summary>
internal sealed partial class Playground : IAsyncDisposable
{
    private readonly Process process;
    private readonly HttpClient http;
    private readonly ClientWebSocket socket = new();
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<PlaygroundMessage> messages = new();
    private readonly string workDir;
    private Task? reader;

    private Playground(Process process, int port, string workDir)
    {
        this.process = process;
        this.workDir = workDir;
        Port = port;
        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public Uri ServiceUrl => new($"http://127.0.0.1:{Port}/_connector");

    public IReadOnlyCollection<PlaygroundMessage> Messages => messages;

    public static async Task<Playground> StartAsync(Uri appEndpoint)
    {
        var workDir = Path.Combine(Path.GetTempPath(), "teamsdecisions-playground-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(workDir);
        File.Copy(Path.Combine(RepoPaths.Root, "playground", ".m365agentsplayground.yml"), Path.Combine(workDir, ".m365agentsplayground.yml"));
        var port = FreePort();
        var start = new ProcessStartInfo(Path.Combine(RepoPaths.Tools, ".bin", "agentsplayground"))
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["TEAMSAPPTESTER_BROWSER"] = "none";
        foreach (var arg in new[] { "--dt", "-c", "msteams", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-e", appEndpoint.AbsoluteUri, "--service-url", $"http://127.0.0.1:{port}/_connector" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the Agents Playground.");
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (ListeningOn().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // It silently takes another port when ours is taken: believe what it prints.
        var actual = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var playground = new Playground(process, actual, workDir);
        await playground.ConnectAsync().ConfigureAwait(false);
        return playground;
    }

    public async Task InstallAsync(string conversationId)
    {
        using var response = await http.PostAsync(new Uri($"_debug/conversation/{Uri.EscapeDataString(conversationId)}/installation", UriKind.Relative), null).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Posts a message as the Playground's current user (its API sends every message as that user).</summary>
    public async Task<string> SendAsync(string conversationId, string text, bool mentionBot = true)
    {
        var body = new JsonObject
        {
            ["from"] = new JsonObject { ["id"] = Teams.Zofia.TeamsId },
            ["text"] = mentionBot ? $"<at>TeamsDecisions</at> {text}" : text,
            ["textFormat"] = "plain",
        };
        if (mentionBot)
        {
            body["mentions"] = new JsonArray(new JsonObject { ["mentioned"] = new JsonObject { ["id"] = Teams.Bot }, ["text"] = "<at>TeamsDecisions</at>" });
        }

        using var response = await http.PostAsJsonAsync(new Uri($"_conversation/v1/conversations/{Uri.EscapeDataString(conversationId)}/messages", UriKind.Relative), body).ConfigureAwait(false);
        var json = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.IsTrue(response.IsSuccessStatusCode, json);
        return JsonNode.Parse(json)!["messageId"]!.ToString();
    }

    /// <summary>Clicks an Action.Execute as <paramref name="as"/>: returns the invoke response (type and value) the bot sent.</summary>
    public async Task<JsonObject> InvokeAsync(Person @as, string conversationId, string cardMessageId, string verb, JsonObject data)
    {
        var body = new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["from"] = new JsonObject { ["id"] = @as.TeamsId },
            ["replyToId"] = cardMessageId,
            ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data } },
        };
        using var response = await http.PostAsJsonAsync(new Uri("_conversation/v1/invoke", UriKind.Relative), body).ConfigureAwait(false);
        var json = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.IsTrue(response.IsSuccessStatusCode, $"{verb}: {json}");
        return JsonNode.Parse(json)!.AsObject();
    }

    /// <summary>
    /// Uses a message extension as <paramref name="as"/> in <paramref name="conversationId"/> (a search, composeExtension/query,
    /// or a pasted link, composeExtension/queryLink), as the compose box would: returns the bot's composeExtension answer.
    /// </summary>
    public async Task<JsonObject> MessageExtensionAsync(Person @as, string conversationId, string name, JsonObject value)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["from"] = new JsonObject { ["id"] = @as.TeamsId },
            ["value"] = value,
        };
        using var response = await http.PostAsJsonAsync(new Uri("_conversation/v1/invoke", UriKind.Relative), body).ConfigureAwait(false);
        var json = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.IsTrue(response.IsSuccessStatusCode, $"{name}: {json}");
        return JsonNode.Parse(json)!["composeExtension"]?.AsObject() ?? throw new AssertFailedException($"{name} answered no composeExtension: {json}");
    }

    /// <summary>Waits for the bot to show a message that matches; the stream keeps every message since start.</summary>
    public async Task<PlaygroundMessage> WaitForAsync(Func<PlaygroundMessage, bool> match, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (messages.LastOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new AssertFailedException($"The Playground never showed {what}. It showed:\n{string.Join('\n', messages.Select(m => $"{m.Action} {m.ConversationId} {m.MessageId} {Title(m)}"))}");
    }

    /// <summary>
    /// Every card the bot sent is written the way the Adaptive Card schema spells it: enum values as words
    /// ("bolder", "large"), never numbers.
    /// </summary>
    public void AssertCardsUseSchemaWords()
    {
        foreach (var message in messages.Where(m => m.Card is not null))
        {
            foreach (var (key, value) in Walk(message.Card!))
            {
                if (key is "size" or "weight" or "color" or "spacing" or "style" or "horizontalAlignment" or "mode")
                {
                    Assert.AreEqual(System.Text.Json.JsonValueKind.String, value.GetValueKind(), $"{key} in {Title(message)} is {value.ToJsonString()}.");
                }
            }
        }
    }

    private static IEnumerable<(string Key, JsonNode Value)> Walk(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (value is JsonValue)
                    {
                        yield return (key, value);
                    }
                    else if (value is not null)
                    {
                        foreach (var inner in Walk(value))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array.OfType<JsonNode>())
                {
                    foreach (var inner in Walk(item))
                    {
                        yield return inner;
                    }
                }

                break;
            default:
                break;
        }
    }

    /// <summary>The first TextBlocks of a card, for assertions and failure messages.</summary>
    public static string Title(PlaygroundMessage message) =>
        message.Card?["body"] is JsonArray body ? string.Join(" | ", body.OfType<JsonObject>().Take(3).Select(b => b["text"]?.ToString() ?? b["type"]?.ToString())) : message.Text ?? string.Empty;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        socket.Abort();
        socket.Dispose();
        if (reader is not null)
        {
            try
            {
                await reader.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        process.Dispose();
        http.Dispose();
        stop.Dispose();
        try
        {
            Directory.Delete(workDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task ConnectAsync()
    {
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{Port}/_ws_conversation/v1/conversations/stream"), stop.Token).ConfigureAwait(false);
        reader = Task.Run(ReadAsync);
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[1 << 16];
        var text = new StringBuilder();
        while (!stop.IsCancellationRequested && socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer, stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                return;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            if (!result.EndOfMessage)
            {
                continue;
            }

            Record(text.ToString());
            text.Clear();
        }
    }

    private void Record(string json)
    {
        if (JsonNode.Parse(json) is not JsonObject node || node["message"] is not JsonObject message)
        {
            return;
        }

        var card = message["attachments"] is JsonArray { Count: > 0 } attachments && attachments[0]?["content"] is JsonObject content ? content : null;
        messages.Enqueue(new PlaygroundMessage(
            node["action"]?.ToString() ?? string.Empty,
            node["actionConversationId"]?.ToString() ?? string.Empty,
            message["messageId"]?.ToString() ?? string.Empty,
            card,
            message["text"]?.ToString(),
            (message["mentions"] ?? message["entities"]) as JsonArray));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Listening on (\d+)")]
    private static partial Regex ListeningOn();
}
