using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TeamsDecisions.Core.Rfcs;
using TeamsDecisions.Faults.Tests;

namespace TeamsDecisions.Bench.Faults;

/// <summary>Reads the channel card the app sent to the Connector as a person in the channel would: its tally.</summary>
internal static class ChannelCard
{
    /// <summary>The tally's four columns, each a count above its label, in this order (as RfcCard lays them out).</summary>
    private static readonly string[] Labels = ["Approve", "Approve with concerns", "Object", "Abstain"];

    /// <summary>The tally shown by the card in a card update, or null when the card shows none.</summary>
    public static VoteTally? Tally(CardUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        List<string> texts;
        try
        {
            texts = CardInvoke.Texts(JsonNode.Parse(update.Body));
        }
        catch (JsonException)
        {
            return null;
        }

        for (var i = 0; i + (2 * Labels.Length) <= texts.Count; i++)
        {
            var counts = new int[Labels.Length];
            var matches = true;
            for (var k = 0; k < Labels.Length && matches; k++)
            {
                matches = texts[i + (2 * k) + 1] == Labels[k] && int.TryParse(texts[i + (2 * k)], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out counts[k]);
            }

            if (matches)
            {
                return new VoteTally(counts[0], counts[1], counts[2], counts[3]);
            }
        }

        return null;
    }
}
