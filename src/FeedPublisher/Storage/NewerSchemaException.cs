namespace FeedPublisher.Storage;

/// <summary>The database was written by a newer FeedPublisher: this one must not start on it, nor change it.</summary>
public sealed class NewerSchemaException(string message) : Exception(message);
