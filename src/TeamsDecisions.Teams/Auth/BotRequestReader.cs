using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.Teams.Auth;

/// <summary>An inbound request: the activity, or the status to answer without processing anything.</summary>
public sealed record BotRequest(Activity? Activity, int Status, string Reason)
{
    public bool IsAccepted => Activity is not null;
}

/// <summary>
/// Reads POST /api/messages: parses the activity once, authenticates it (or, in local mode, requires a loopback
/// caller), and refuses tenants outside Bot:AllowedTenants. Nothing is processed unless this accepts it.
/// </summary>
public sealed class BotRequestReader(BotTokenValidator validator, IOptions<BotOptions> options, ILogger<BotRequestReader> logger)
{
    /// <summary>Activities are small; a card with inputs is a few KB. Anything larger is refused unread.</summary>
    public const long MaxBodyBytes = 512 * 1024;

    public async Task<BotRequest> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Refuse(413, "activity too large");
        }

        // Chunked requests carry no Content-Length: count what arrives and stop at the limit.
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
            {
                return Refuse(413, "activity too large");
            }

            body.Write(buffer, 0, read);
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize<Activity>(body.GetBuffer().AsSpan(0, (int)body.Length), ActivityJson.Options);
        }
        catch (JsonException)
        {
            return Refuse(400, "body is not an activity");
        }

        if (activity?.Type is null || activity.ServiceUrl is null)
        {
            return Refuse(400, "activity without type or serviceUrl");
        }

        var settings = options.Value;
        if (settings.IsLocalMode)
        {
            var remote = context.Connection.RemoteIpAddress;
            if (remote is null || !IPAddress.IsLoopback(remote))
            {
                return Refuse(401, "local mode accepts activities from loopback only");
            }

            if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) || !serviceUrl.IsLoopback)
            {
                return Refuse(401, "local mode accepts loopback service URLs only");
            }
        }
        else
        {
            var auth = await validator.ValidateAsync(context.Request.Headers.Authorization.ToString(), activity, cancellationToken).ConfigureAwait(false);
            if (!auth.IsValid)
            {
                return Refuse(auth.Status, auth.Reason);
            }
        }

        var tenant = activity.Conversation?.TenantId ?? activity.ChannelData?.Tenant?.Id;
        if (settings.AllowedTenants.Count > 0 && (tenant is null || !settings.AllowedTenants.Contains(tenant, StringComparer.OrdinalIgnoreCase)))
        {
            return Refuse(403, $"tenant {tenant ?? "(none)"} is not allowed");
        }

        return new BotRequest(activity, 200, "accepted");
    }

    private BotRequest Refuse(int status, string reason)
    {
        Log.RequestRefused(logger, status, reason);
        return new BotRequest(null, status, reason);
    }
}
