using System.Text;

namespace FeedPublisher.Inbox;

/// <summary>
/// Moves an original out of the inbox, keeping its name (a clash gets a numbered suffix). A failed file gets a sidecar
/// <c>&lt;name&gt;.error.txt</c> that says what is wrong. Nothing is ever deleted.
/// </summary>
public sealed class InboxFileMover(InboxFolders folders, TimeProvider time)
{
    public const string ErrorSidecarSuffix = ".error.txt";

    public string MoveToProcessed(string path) => MoveWithoutOverwrite(path, folders.Processed);

    public string MoveToFailed(string path, string problem) => MoveWithoutOverwrite(path, folders.Failed, sidecarFor: problem);

    private string MoveWithoutOverwrite(string path, string folder, string? sidecarFor = null)
    {
        Directory.CreateDirectory(folder);
        var name = Path.GetFileNameWithoutExtension(path);
        var extension = Path.GetExtension(path);
        for (var attempt = 1; ; attempt++)
        {
            var destination = Path.Combine(folder, attempt == 1 ? name + extension : $"{name}-{attempt}{extension}");
            if (File.Exists(destination))
                continue;
            // The sidecar goes first: a crash before the move leaves the original in the inbox, to be tried again.
            if (sidecarFor is not null)
                File.WriteAllText(destination + ErrorSidecarSuffix, Sidecar(Path.GetFileName(path), sidecarFor), Encoding.UTF8);
            try
            {
                File.Move(path, destination, overwrite: false);
                return destination;
            }
            catch (IOException) when (File.Exists(destination) && File.Exists(path))
            {
                // Another file took the name between the check and the move; try the next suffix.
            }
        }
    }

    private string Sidecar(string fileName, string problem) => $"""
        FeedPublisher could not publish '{fileName}'.

        Problem: {problem}

        How to fix it: correct the file and drop it into the inbox again. An article needs a '# Title' line
        (or 'title:' in YAML front matter between '---' lines), optionally a byline and a date line, then its text,
        saved as UTF-8.

        Failed at: {time.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC

        """;
}
