using System.ComponentModel.DataAnnotations;

namespace TeamsDecisions.Infrastructure.Storage;

/// <summary>Where the durable store lives. Exactly one of a connection string (Azurite, account key) or a table service URI (managed identity).</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string SectionName = "Storage";

    /// <summary>Azure Storage connection string; for Azurite the well-known development one.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>https://&lt;account&gt;.table.core.windows.net, signed in with Entra ID: the managed identity named by <see cref="ManagedIdentityClientId"/>, else DefaultAzureCredential (a developer's az login).</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The user-assigned managed identity the app signs in to the table service as (in Azure: the Bicep sets it).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Prefix for every table name (letters and digits), so that several environments can share one account.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,30}$|^$", ErrorMessage = "Storage:TablePrefix must be letters and digits, starting with a letter, at most 31 characters.")]
    public string TablePrefix { get; set; } = string.Empty;

    /// <summary>How many times a command is re-applied after another writer changed the same RFC first.</summary>
    [Range(1, 200, ErrorMessage = "Storage:MaxConflictRetries must be between 1 and 200.")]
    public int MaxConflictRetries { get; set; } = 40;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasConnectionString == (TableServiceUri is not null))
        {
            yield return new ValidationResult(
                "Set exactly one of Storage:ConnectionString (Azurite or an account key) or Storage:TableServiceUri (managed identity, e.g. https://<account>.table.core.windows.net).",
                [nameof(ConnectionString), nameof(TableServiceUri)]);
        }

        if (!string.IsNullOrWhiteSpace(ManagedIdentityClientId) && TableServiceUri is null)
        {
            yield return new ValidationResult("Storage:ManagedIdentityClientId needs Storage:TableServiceUri (a connection string carries its own key).", [nameof(ManagedIdentityClientId), nameof(TableServiceUri)]);
        }

        if (TableServiceUri is { IsAbsoluteUri: false })
        {
            yield return new ValidationResult("Storage:TableServiceUri must be an absolute URI such as https://<account>.table.core.windows.net.", [nameof(TableServiceUri)]);
        }
    }
}
