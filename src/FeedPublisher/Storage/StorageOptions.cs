namespace FeedPublisher.Storage;

/// <summary>Bound to the <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public string ConnectionString { get; set; } = "Data Source=data/feedpublisher.db";
}
