using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TeamsDecisions.Testing;

namespace TeamsDecisions.Faults.Tests;

/// <summary>One card update (PUT v3/conversations/{conversation}/activities/{activity}) as the Connector received it.</summary>
/// <param name="At">When it arrived, on <see cref="Stopwatch.GetTimestamp"/>'s clock.</param>
/// <param name="Conversation">The conversation id, unescaped: for a channel thread <c>{team};messageid={root}</c>.</param>
/// <param name="Body">The activity JSON the app sent: the card it now shows.</param>
internal sealed record CardUpdate(long At, string Conversation, string Body);

/// <summary>One message posted (POST v3/conversations/{conversation}/activities) and answered with its id.</summary>
internal sealed record PostedMessage(string Conversation, string Body);

/// <summary>
/// A loopback Bot Connector, the team's serviceUrl: it accepts every post and card update (the channel card the app
/// keeps up to date) and lists one channel. It keeps every card update, for whoever measures what the channel shows,
/// and every message posted. While <see cref="HoldPosts"/> is set, a post is received but never answered (a Connector
/// that hangs), until the caller gives up or dies; such a post was not delivered.
/// </summary>
internal sealed class StubConnector : IAsyncDisposable
{
    private const string UpdatePrefix = "/_connector/v3/conversations/";

    private readonly ConcurrentQueue<CardUpdate> updates = new();
    private readonly ConcurrentQueue<PostedMessage> posts = new();
    private readonly TaskCompletionSource<string> held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication server = null!;
    private int requests;

    public Uri ServiceUrl { get; private set; } = null!;

    public int Requests => Volatile.Read(ref requests);

    /// <summary>Every card update received so far, in arrival order.</summary>
    public IReadOnlyList<CardUpdate> Updates => [.. updates];

    /// <summary>Every message posted and answered so far, in arrival order.</summary>
    public IReadOnlyList<PostedMessage> Posts => [.. posts];

    /// <summary>While true, posts are held unanswered.</summary>
    public bool HoldPosts { get; set; }

    /// <summary>Completes with the body of the first post that was held.</summary>
    public Task<string> FirstHeldPost => held.Task;

    public static async Task<StubConnector> StartAsync()
    {
        var connector = new StubConnector();
        (connector.server, connector.ServiceUrl) = await LoopbackHost.StartAsync(() => connector.AnswerAsync, "/_connector/");
        return connector;
    }

    public async ValueTask DisposeAsync()
    {
        await server.StopAsync();
        await server.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref requests);
        var path = context.Request.Path.Value ?? string.Empty;
        context.Response.ContentType = "application/json";
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await context.Response.WriteAsync(path.Contains("/v3/teams/", StringComparison.Ordinal) ? "{\"conversations\":[]}" : "[]");
            return;
        }

        if (HttpMethods.IsPut(context.Request.Method) && path.StartsWith(UpdatePrefix, StringComparison.Ordinal) && path.IndexOf("/activities/", UpdatePrefix.Length, StringComparison.Ordinal) is var at and > 0)
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            updates.Enqueue(new CardUpdate(Stopwatch.GetTimestamp(), Uri.UnescapeDataString(path[UpdatePrefix.Length..at]), body));
        }

        if (HttpMethods.IsPost(context.Request.Method) && path.StartsWith(UpdatePrefix, StringComparison.Ordinal) && path.EndsWith("/activities", StringComparison.Ordinal))
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (HoldPosts)
            {
                held.TrySetResult(body);
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }

                return;
            }

            posts.Enqueue(new PostedMessage(Uri.UnescapeDataString(path[UpdatePrefix.Length..path.LastIndexOf("/activities", StringComparison.Ordinal)]), body));
        }

        var id = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        await context.Response.WriteAsync($"{{\"id\":\"{id}\",\"activityId\":\"{id}\"}}");
    }
}
