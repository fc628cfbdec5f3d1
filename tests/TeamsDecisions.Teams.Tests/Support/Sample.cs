using TeamsDecisions.Teams.Activities;

namespace TeamsDecisions.Teams.Tests.Support;

/// <summary>Ids and activities shaped like the ones Teams sends.</summary>
internal static class Sample
{
    public const string AppId = "8a0b8d5c-3c7e-4b4e-9d1e-1f2a3b4c5d6e";
    public const string TenantA = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string TenantB = "0d6e4a1b-2c3d-4e5f-8a9b-0c1d2e3f4a5b";
    public const string TeamsServiceUrl = "https://smba.trafficmanager.net/amer/";
    public const string ChannelConversationId = "19:d1f4b2a0c9e84b5e9f3c2a1b0e9d8c7f@thread.tacv2;messageid=1715678000000";

    /// <summary>"Now" for tests on a fake clock: far from the wall clock, so code that reads the real time shows it.</summary>
    public static readonly DateTimeOffset Now = new(2031, 3, 14, 9, 26, 53, TimeSpan.Zero);

    public static Activity Message(string serviceUrl = TeamsServiceUrl, string? tenant = TenantA, string channelId = "msteams") => new()
    {
        Type = ActivityTypes.Message,
        Id = "1715678497457",
        ChannelId = channelId,
        ServiceUrl = serviceUrl,
        From = new ChannelAccount { Id = "29:1AbCdEfGhIjKlMnOpQrStUv", Name = "Ada Lovelace", AadObjectId = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f" },
        Recipient = new ChannelAccount { Id = "28:" + AppId, Name = "TeamsDecisions" },
        Conversation = new ConversationAccount { Id = ChannelConversationId, IsGroup = true, ConversationType = "channel", TenantId = tenant },
        ChannelData = tenant is null ? null : new TeamsChannelData { Tenant = new TenantInfo(tenant) },
        Text = "<at>TeamsDecisions</at> help",
    };

    /// <summary>The same activity under an id no other test posts, so "the bot never saw it" is about one request.</summary>
    public static Activity WithNewId(Activity activity) => activity with { Id = Guid.NewGuid().ToString("N") };
}
