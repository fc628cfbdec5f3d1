using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using TeamsDecisions.App.Bot;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;
using TeamsDecisions.Core;
using TeamsDecisions.Core.Search;
using TeamsDecisions.Infrastructure.Publishing;
using TeamsDecisions.Teams;
using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.App.Search;

/// <summary>What the manifest declares for the message extension (appPackage/manifest.json, composeExtensions); the deployment tests compare the two.</summary>
public static class MessageExtensionCommands
{
    /// <summary>The query command's id: composeExtensions[0].commands[0].id.</summary>
    public const string FindDecision = "findDecision";

    /// <summary>The command's one parameter: what the person typed.</summary>
    public const string QueryParameter = "query";
}

/// <summary>
/// The "Find a decision" message extension (composeExtension/query) and link unfurling (composeExtension/queryLink).
/// Both answer with compact decision cards, each with a thumbnail preview for the list. Teams waits 5 s for the answer,
/// so the work runs within Bot:InvokeBudget; a failure is answered with a message result saying what went wrong.
/// </summary>
internal sealed partial class MessageExtensionHandler(
    SearchScopes scopes,
    DecisionFinder finder,
    IOptions<PublishingOptions> publishing,
    IOptions<BotOptions> bot,
    TimeProvider clock,
    ILogger<MessageExtensionHandler> logger)
{
    /// <summary>Results per page when Teams does not say (it asks for 25 by default).</summary>
    public const int DefaultCount = 10;

    /// <summary>At most this many results per answer, so the answer stays small and quick.</summary>
    public const int MaxCount = 25;

    public async Task<InvokeResponse> QueryAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var query = MessagingExtensionQuery.From(turn.Activity.Value);
        if (query is null || query.CommandId != MessageExtensionCommands.FindDecision)
        {
            return MessagingExtensionResponses.Message("This app has no such search. Use \"Find a decision\".");
        }

        return await WithinBudgetAsync("query", async token =>
        {
            if (await scopes.ForAsync(turn, token).ConfigureAwait(false) is not { } scope)
            {
                return MessagingExtensionResponses.Message("Teams did not say who you are, so I cannot tell which decisions you may see.");
            }

            var skip = Math.Max(0, query.QueryOptions?.Skip ?? 0);
            var count = Math.Clamp(query.QueryOptions?.Count ?? DefaultCount, 1, MaxCount);
            var words = query.Text(MessageExtensionCommands.QueryParameter);
            var found = query.IsInitialRun || string.IsNullOrWhiteSpace(words)
                ? await finder.RecentAsync(scope, skip + count, token).ConfigureAwait(false)
                : await finder.SearchAsync(words, scope, skip + count, token).ConfigureAwait(false);
            var attachments = new List<MessagingExtensionAttachment>();
            foreach (var card in await Task.WhenAll(found.Skip(skip).Take(count).Select(f => AttachmentAsync(f, token))).ConfigureAwait(false))
            {
                attachments.Add(card);
            }

            return MessagingExtensionResponses.Results(attachments);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A pasted link to a decision page: the app's own (/decisions/{team}/DEC-nnnn on Publishing:PublicBaseUrl) or the
    /// SharePoint page the outbox recorded for it. The person must be on the roster of the decision's team, in the
    /// same tenant; anything else (a page of another team, an unknown link) answers an empty result, never an error.
    /// </summary>
    public async Task<InvokeResponse> QueryLinkAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (AppBasedLinkQuery.From(turn.Activity.Value)?.Url is not { } text || !Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            return MessagingExtensionResponses.Empty();
        }

        return await WithinBudgetAsync("queryLink", async token =>
        {
            var found = await UnfurlAsync(turn, url, token).ConfigureAwait(false);
            return found is null
                ? MessagingExtensionResponses.Empty()
                : MessagingExtensionResponses.Results([await AttachmentAsync(found, token).ConfigureAwait(false)]);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>"/decisions/{team}/DEC-0042" under <paramref name="baseUrl"/> → the team and number; false for anything else.</summary>
    public static bool TryParseAppPage(Uri url, Uri baseUrl, out TeamId team, out DecisionNumber number)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(baseUrl);
        team = default;
        number = default;
        if (!string.Equals(url.Host, baseUrl.Host, StringComparison.OrdinalIgnoreCase) || url.Port != baseUrl.Port)
        {
            return false;
        }

        var basePath = baseUrl.AbsolutePath.TrimEnd('/');
        var path = url.AbsolutePath;
        if (!path.StartsWith(basePath + "/decisions/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var parts = path[(basePath.Length + "/decisions/".Length)..].Split('/');
        if (parts.Length != 2 || !DecisionNumber.TryParse(parts[1], out number))
        {
            return false;
        }

        var id = Uri.UnescapeDataString(parts[0]);
        if (string.IsNullOrWhiteSpace(id) || id.Length > TeamId.MaxLength)
        {
            return false;
        }

        team = new TeamId(id);
        return true;
    }

    private async Task<FoundDecision?> UnfurlAsync(TurnContext turn, Uri url, CancellationToken cancellationToken)
    {
        if (TryParseAppPage(url, publishing.Value.PublicBaseUrl, out var team, out var number))
        {
            return await scopes.MaySeeAsync(turn, team, cancellationToken).ConfigureAwait(false)
                ? await finder.DecisionAsync(team, number, cancellationToken).ConfigureAwait(false)
                : null;
        }

        // A SharePoint page is named "dec-0042-<title>.aspx"; which team's it is, only the outbox knows: look in the
        // person's own teams, and unfurl only the decision whose recorded page is exactly this URL.
        if (PageName().Match(url.Segments[^1]) is not { Success: true } name
            || !DecisionNumber.TryParse(name.Groups[1].Value, out number)
            || await scopes.ForAsync(turn, cancellationToken).ConfigureAwait(false) is not { } scope)
        {
            return null;
        }

        foreach (var candidate in scope.Teams)
        {
            if (await finder.DecisionAsync(candidate, number, cancellationToken).ConfigureAwait(false) is { } found
                && await finder.PublishedPageAsync(found.Hit.Rfc, cancellationToken).ConfigureAwait(false) is { } page
                && SamePage(page, url))
            {
                return found;
            }
        }

        return null;
    }

    private static bool SamePage(Uri page, Uri url) =>
        string.Equals(page.GetLeftPart(UriPartial.Path).TrimEnd('/'), url.GetLeftPart(UriPartial.Path).TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private async Task<MessagingExtensionAttachment> AttachmentAsync(FoundDecision found, CancellationToken cancellationToken)
    {
        var card = await finder.CompactAsync(found, cancellationToken).ConfigureAwait(false);
        var (title, subtitle) = SearchCards.Preview(found.Hit);
        var preview = new ThumbnailCard(title, subtitle);
        return new MessagingExtensionAttachment(Attachment.AdaptiveCardContentType, CardJson.ToElement(card), preview.ToAttachment());
    }

    private async Task<InvokeResponse> WithinBudgetAsync(string what, Func<CancellationToken, Task<InvokeResponse>> answer, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(bot.Value.InvokeBudget, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await answer(linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.SearchFailed(logger, ex, what);
            return MessagingExtensionResponses.Message(ex is OperationCanceledException or Core.StoreUnavailableException
                ? "Finding decisions took too long just now. Try again in a moment."
                : "Decisions could not be searched just now. Try again in a moment; if it keeps failing, tell your admin.");
        }
    }

    [GeneratedRegex(@"^dec-(\d{1,9})-[^/]*\.aspx$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex PageName();
}
