using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>The one serializer setup for what the store keeps, and the way long JSON is spread over columns.</summary>
internal static class StoreJson
{
    /// <summary>A string property holds at most 64 KiB (32 K UTF-16 characters); an entity at most 1 MiB.</summary>
    private const int ChunkLength = 30_000;
    private const string Column = "Json";

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Write<T>(TableEntity entity, T value)
    {
        var json = JsonSerializer.Serialize(value, Options);
        var chunks = 0;
        for (var offset = 0; offset < json.Length; offset += ChunkLength)
        {
            entity[chunks == 0 ? Column : Column + chunks] = json.Substring(offset, Math.Min(ChunkLength, json.Length - offset));
            chunks++;
        }

        entity["JsonChunks"] = chunks;
    }

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
}
