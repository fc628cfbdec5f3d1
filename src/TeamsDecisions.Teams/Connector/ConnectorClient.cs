using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.Teams.Connector;

/// <summary>
/// The Connector REST client (a typed HttpClient). Retries on 429/412/502/504 honouring Retry-After, with
/// jittered exponential back-off and a total bound, are the HttpClient's resilience handler (see AddTeamsBot); its
/// waits and timeouts run on the registered <see cref="TimeProvider"/>.
/// </summary>
public sealed class ConnectorClient(HttpClient http, IConnectorTokenProvider tokens, ILogger<ConnectorClient> logger) : IConnectorClient
{
    /// <summary>Teams serves at most 500 members a page (smaller asks under 50 are raised to 50).</summary>
    private const int RosterPageSize = 500;

    /// <summary>Teams allows 25,000 members in a team: 50 pages of 500; more pages means the paging is not ending.</summary>
    private const int MaxRosterPages = 50;

    public async Task<string?> SendAsync(Uri serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        var response = await SendJsonAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities", activity, cancellationToken).ConfigureAwait(false);
        return response?.Id;
    }

    public async Task UpdateAsync(Uri serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        await SendJsonAsync<ResourceResponse>(HttpMethod.Put, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", activity with { Id = activityId }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ConversationResourceResponse> CreateConversationAsync(Uri serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken) =>
        await SendJsonAsync<ConversationResourceResponse>(HttpMethod.Post, serviceUrl, "v3/conversations", parameters, cancellationToken).ConfigureAwait(false)
            ?? throw new ConnectorException("The Connector created the conversation but returned no id.", 200);

    public async Task<TeamsMember?> GetMemberAsync(Uri serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken)
    {
        try
        {
            return await SendJsonAsync<TeamsMember>(HttpMethod.Get, serviceUrl, $"v3/conversations/{Escape(conversationId)}/members/{Escape(memberId)}", null, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex) when (ex.Status is 404 or 400)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<TeamsMember>> GetMembersAsync(Uri serviceUrl, string conversationId, CancellationToken cancellationToken) =>
        await SendJsonAsync<List<TeamsMember>>(HttpMethod.Get, serviceUrl, $"v3/conversations/{Escape(conversationId)}/members", null, cancellationToken).ConfigureAwait(false) ?? [];

    public async Task<IReadOnlyList<TeamsMember>> GetAllMembersAsync(Uri serviceUrl, string conversationId, CancellationToken cancellationToken)
    {
        var members = new List<TeamsMember>();
        string? continuation = null;
        for (var page = 0; page < MaxRosterPages; page++)
        {
            var query = continuation is null ? $"?pageSize={RosterPageSize}" : $"?pageSize={RosterPageSize}&continuationToken={Escape(continuation)}";
            TeamsPagedMembers? result;
            try
            {
                result = await SendJsonAsync<TeamsPagedMembers>(HttpMethod.Get, serviceUrl, $"v3/conversations/{Escape(conversationId)}/pagedmembers{query}", null, cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectorException ex) when (ex.Status == 404 && page == 0)
            {
                // Connectors that have no paged roster (the Agents Playground) still answer the plain list.
                return await GetMembersAsync(serviceUrl, conversationId, cancellationToken).ConfigureAwait(false);
            }

            members.AddRange(result?.Members ?? []);
            continuation = result?.ContinuationToken;
            if (string.IsNullOrEmpty(continuation))
            {
                return members;
            }
        }

        throw new ConnectorException($"The roster of {conversationId} has more than {MaxRosterPages * RosterPageSize} members; it was not read to the end.", 200);
    }

    public async Task<IReadOnlyList<TeamChannel>> GetChannelsAsync(Uri serviceUrl, string teamId, CancellationToken cancellationToken)
    {
        var list = await SendJsonAsync<TeamChannelList>(HttpMethod.Get, serviceUrl, $"v3/teams/{Escape(teamId)}/conversations", null, cancellationToken).ConfigureAwait(false);
        return list?.Conversations ?? [];
    }

    private async Task<T?> SendJsonAsync<T>(HttpMethod method, Uri serviceUrl, string path, object? body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        var baseUrl = serviceUrl.AbsoluteUri.EndsWith('/') ? serviceUrl : new Uri(serviceUrl.AbsoluteUri + "/");
        using var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: ActivityJson.Options);
        }

        if (await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage sent;
        try
        {
            sent = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // One failure type for callers: the Connector could not be reached in time, after the retries.
            throw new ConnectorException($"The Bot Connector could not be reached for {method.Method} {path}: {ex.Message}", ex);
        }

        using var response = sent;
        if (!response.IsSuccessStatusCode)
        {
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                Log.ConnectorFailed(logger, method.Method, path, (int)response.StatusCode);
            }

            throw new ConnectorException($"The Bot Connector answered {(int)response.StatusCode} to {method.Method} {path}.", (int)response.StatusCode)
            {
                RetryAfter = response.Headers.RetryAfter switch
                {
                    { Delta: { } delta } => delta,
                    { Date: { } date } => date - DateTimeOffset.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero,
                    _ => null,
                },
            };
        }

        if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
        {
            return default;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(text) ? default : System.Text.Json.JsonSerializer.Deserialize<T>(text, ActivityJson.Options);
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
