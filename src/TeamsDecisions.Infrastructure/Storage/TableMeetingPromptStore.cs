using Azure;
using Azure.Data.Tables;
using TeamsDecisions.Core.Meetings;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>Opt-ins, personal conversations and per-series prompt memory in the MeetingPrompts table.</summary>
internal sealed class TableMeetingPromptStore(TableStorageContext tables) : IMeetingPromptStore
{
    private const string People = "person";

    public Task OptInAsync(PersonalConversation conversation, CancellationToken cancellationToken) => SaveAsync(conversation, optedIn: true, cancellationToken);

    public Task RememberConversationAsync(PersonalConversation conversation, CancellationToken cancellationToken) => SaveAsync(conversation, optedIn: null, cancellationToken);

    public async Task OptOutAsync(string userId, CancellationToken cancellationToken)
    {
        // Merge into the existing row only (someone who never talked to the bot has nothing to opt out of); a
        // scan's claim columns on the same row stay as they are.
        try
        {
            await tables.MeetingPrompts.UpdateEntityAsync(new TableEntity(People, Key(userId)) { ["OptedIn"] = false, ["OptedOut"] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    public async Task<IReadOnlyList<PersonalConversation>> OptedInAsync(CancellationToken cancellationToken)
    {
        var people = new List<PersonalConversation>();
        await foreach (var row in tables.MeetingPrompts.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {People} and OptedIn eq {true}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            people.Add(StoreJson.Read<PersonalConversation>(row));
        }

        return people;
    }

    public async Task<PersonalConversation?> FindConversationAsync(string userId, CancellationToken cancellationToken)
    {
        var row = await TableRead.GetAsync(tables.MeetingPrompts, People, Key(userId), cancellationToken).ConfigureAwait(false);
        return row is null || row.GetBoolean("OptedOut") == true ? null : StoreJson.Read<PersonalConversation>(row);
    }

    public async Task<bool> TryClaimPersonAsync(string userId, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var row = await TableRead.GetAsync(tables.MeetingPrompts, People, Key(userId), cancellationToken).ConfigureAwait(false);
        return row is not null && await TableClaims.TryClaimAsync(tables.MeetingPrompts, row, owner, now, until, cancellationToken).ConfigureAwait(false);
    }

    public async Task<MeetingPromptState> GetStateAsync(string userId, string seriesId, CancellationToken cancellationToken)
    {
        var row = await TableRead.GetAsync(tables.MeetingPrompts, Key(userId), TableKeys.Encode(seriesId), cancellationToken).ConfigureAwait(false);
        return row is null ? new MeetingPromptState(seriesId, null, false) : StoreJson.Read<MeetingPromptState>(row);
    }

    public async Task SaveStateAsync(string userId, MeetingPromptState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var entity = new TableEntity(Key(userId), TableKeys.Encode(state.SeriesId));
        StoreJson.Write(entity, state);
        await tables.MeetingPrompts.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    private async Task SaveAsync(PersonalConversation conversation, bool? optedIn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);

        // Merge: columns not set here (OptedIn when only remembering, OptedOut, a scan's claim) keep their values.
        var entity = new TableEntity(People, Key(conversation.UserId));
        if (optedIn is { } value)
        {
            entity["OptedIn"] = value;
            entity["OptedOut"] = !value;
        }

        StoreJson.Write(entity, conversation);
        await tables.MeetingPrompts.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    private static string Key(string userId) => TableKeys.Encode(userId.ToUpperInvariant());
}
