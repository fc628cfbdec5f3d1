using TeamsDecisions.App.Bot;
using TeamsDecisions.Cards.Builders;
using TeamsDecisions.Cards.Model;

namespace TeamsDecisions.App.Search;

/// <summary>
/// "why &lt;words&gt;" and "search &lt;words&gt;": the 5 best decisions for the words in the person's scope (this team in
/// a channel or group chat; all their teams in the personal chat). A reply in an RFC's own thread that starts with
/// "why" stays a comment on that RFC (people ask "why not …?" there); the command works everywhere else.
/// </summary>
internal sealed class FindCommand(SearchScopes scopes, DecisionFinder finder)
{
    private static readonly string[] Prefixes = ["why", "search", "find"];

    /// <summary>The words after "why", "search" or "find" (empty when none), or null when <paramref name="text"/> is not this command.</summary>
    public static string? Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim().TrimStart('/');
        foreach (var prefix in Prefixes)
        {
            if (trimmed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && (trimmed.Length == prefix.Length || char.IsWhiteSpace(trimmed[prefix.Length])))
            {
                return trimmed[prefix.Length..].Trim();
            }
        }

        return null;
    }

    public async Task<AdaptiveCard> AnswerAsync(TurnContext turn, string words, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (string.IsNullOrWhiteSpace(words.Trim('?', '.', '!', ' ')))
        {
            return SearchCards.WhatToSearch();
        }

        if (await scopes.ForAsync(turn, cancellationToken).ConfigureAwait(false) is not { } scope)
        {
            return MessageCards.Error("Who are you?", "Teams did not say who sent this (no Entra id on the message), so I cannot tell which decisions you may see.", "Try again from the Teams app.");
        }

        var found = scope.Teams.Count == 0 ? [] : await finder.SearchAsync(words, scope, SearchCards.Shown, cancellationToken).ConfigureAwait(false);
        return SearchCards.Results(words, found);
    }
}
