namespace FeedPublisher.Storage;

/// <summary>The store could not do its work; the article itself may be fine, so its file is retried, not failed.</summary>
public sealed class StorageException(string message, Exception inner) : Exception(message, inner);
