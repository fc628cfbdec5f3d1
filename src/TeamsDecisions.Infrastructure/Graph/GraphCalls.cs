using System.Globalization;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using TeamsDecisions.Core.Ports;

namespace TeamsDecisions.Infrastructure.Graph;

/// <summary>
/// One way to call Graph: the SDK's own retry handler is switched off per request (after its retries it throws an
/// AggregateException that loses the status and Retry-After), and short throttling — 429/503/504 with a Retry-After
/// of at most 10 s — is waited out here, up to 3 times, each attempt a freshly built request. Longer waits surface
/// as <see cref="RetryLaterException"/> carrying the Retry-After, for the caller's schedule.
/// </summary>
internal static class GraphCalls
{
    public const int InlineRetries = 3;
    public static readonly TimeSpan MaxInlineWait = TimeSpan.FromSeconds(10);
    public static readonly RetryHandlerOption NoSdkRetry = new() { MaxRetry = 0 };

    public static async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (ApiException ex) when (ex.ResponseStatusCode is 429 or 503 or 504 && attempt < InlineRetries && RetryAfter(ex) is { } wait && wait <= MaxInlineWait)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException ex) when (ex.ResponseStatusCode is 429 or 503 or 502 or 504)
            {
                var detail = ex is Microsoft.Graph.Models.ODataErrors.ODataError { Error.Message: { } message } ? $": {message}" : ".";
                throw new RetryLaterException($"Microsoft Graph answered {ex.ResponseStatusCode}{detail}", RetryAfter(ex) ?? TimeSpan.Zero, ex);
            }
        }
    }

    public static Task CallAsync(Func<Task> call, CancellationToken cancellationToken) =>
        CallAsync(
            async () =>
            {
                await call().ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    public static TimeSpan? RetryAfter(ApiException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        if (ex.ResponseHeaders is null || !ex.ResponseHeaders.TryGetValue("Retry-After", out var values))
        {
            return null;
        }

        return int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
    }
}
