using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>The one serializer setup for what the store keeps, and the way long JSON is spread over columns.</summary>
internal static class StoreJson
{
    /// <summary>A string property holds at most 64 KiB (32 K UTF-16 characters); an entity at most 1 MiB.</summary>
    private const int ChunkLength = 30_000;

    /// <summary>Chunks per entity: 14 × 30,000 UTF-16 characters stays under the 1 MiB entity limit with room for keys.</summary>
    private const int ChunksPerRow = 14;
    private const string Column = "Json";

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },

        // Non-Latin text stays as itself, not as six-character \u escapes: rows are not HTML, and size matters here.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Write<T>(TableEntity entity, T value) => WriteChunks(entity, JsonSerializer.Serialize(value, Options));

    public static T Read<T>(TableEntity entity)
    {
        var chunks = entity.GetInt32("JsonChunks") ?? 1;
        var builder = new StringBuilder();
        for (var i = 0; i < chunks; i++)
        {
            builder.Append(entity.GetString(i == 0 ? Column : Column + i));
        }

        return JsonSerializer.Deserialize<T>(builder.ToString(), Options)
            ?? throw new InvalidOperationException($"Row {entity.PartitionKey}/{entity.RowKey} holds no {typeof(T).Name}.");
    }

    /// <summary>
    /// Spreads a value that may outgrow one entity over rows "key", "key|01", "key|02"… in one partition.
    /// All rows go in the same transaction as the rest of the command.
    /// </summary>
    public static List<TableEntity> WriteRows<T>(string partitionKey, string rowKey, T value)
    {
        var json = JsonSerializer.Serialize(value, Options);
        var perRow = ChunkLength * ChunksPerRow;
        var rows = new List<TableEntity>();
        for (var offset = 0; offset == 0 || offset < json.Length; offset += perRow)
        {
            var entity = new TableEntity(partitionKey, rows.Count == 0 ? rowKey : $"{rowKey}|{rows.Count:D2}");
            WriteChunks(entity, json.Substring(offset, Math.Min(perRow, json.Length - offset)));
            rows.Add(entity);
        }

        return rows;
    }

    /// <summary>Spreads text over the columns Json, Json1, Json2… of one entity, each under the 64 KiB property limit.</summary>
    private static void WriteChunks(TableEntity entity, string text)
    {
        var chunks = 0;
        for (var offset = 0; offset == 0 || offset < text.Length; offset += ChunkLength)
        {
            entity[chunks == 0 ? Column : Column + chunks] = text.Substring(offset, Math.Min(ChunkLength, text.Length - offset));
            chunks++;
        }

        entity["JsonChunks"] = chunks;
    }

    /// <summary>Reads what <see cref="WriteRows"/> wrote, given its rows in any order.</summary>
    public static T ReadRows<T>(IEnumerable<TableEntity> rows)
    {
        var builder = new StringBuilder();
        foreach (var row in rows.OrderBy(r => r.RowKey, StringComparer.Ordinal))
        {
            var chunks = row.GetInt32("JsonChunks") ?? 1;
            for (var i = 0; i < chunks; i++)
            {
                builder.Append(row.GetString(i == 0 ? Column : Column + i));
            }
        }

        return JsonSerializer.Deserialize<T>(builder.ToString(), Options)
            ?? throw new InvalidOperationException($"Rows hold no {typeof(T).Name}.");
    }
}
