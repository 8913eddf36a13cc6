using System.Text;

namespace FeedPublisher.Inbox;

/// <summary>
/// Moves an original out of the inbox, keeping its name (a clash gets a numbered suffix). A failed file gets a note
/// beside it, <c>&lt;name&gt;.error.txt</c>, that says what is wrong and what to do. Nothing is ever deleted.
/// </summary>
public sealed class InboxFileMover(InboxFolders folders, TimeProvider time)
{
    public const string ErrorSidecarSuffix = ".error.txt";

    // Plain UTF-8, as text files are on Linux: no byte-order mark.
    private static readonly UTF8Encoding NoteEncoding = new(encoderShouldEmitUTF8Identifier: false);

    public string MoveToProcessed(string path) => MoveWithoutOverwrite(path, folders.Processed, rejection: null, isRegularFile: true);

    /// <param name="isRegularFile">False for a link, pipe or other special entry: it is renamed, never copied or opened.</param>
    public string MoveToFailed(string path, InboxRejection rejection, bool isRegularFile = true) =>
        MoveWithoutOverwrite(path, folders.Failed, rejection, isRegularFile);

    /// <summary>The note's name for a failed file: its name plus .error.txt, shortened when that would be too long.</summary>
    public static string NoteNameFor(string fileName) => FileNameFit.Fit(fileName, ErrorSidecarSuffix);

    private string MoveWithoutOverwrite(string path, string folder, InboxRejection? rejection, bool isRegularFile)
    {
        var fileName = Path.GetFileName(path);
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var extension = Path.GetExtension(fileName);
        for (var attempt = 1; ; attempt++)
        {
            var name = attempt == 1 ? fileName : FileNameFit.Fit(stem, $"-{attempt}{extension}");
            var destination = Path.Combine(folder, name);
            if (rejection is not null)
            {
                // The note goes first: a crash before the move leaves the original in the inbox, to be tried again.
                // Checked first, so a note never overwrites the note of an earlier file of the same name.
                if (Path.Exists(destination))
                    continue;
                Directory.CreateDirectory(folder);
                File.WriteAllText(Path.Combine(folder, NoteNameFor(name)), Note(fileName, name, rejection), NoteEncoding);
            }
            if (TryMove(path, destination, folder, isRegularFile))
                return destination;
        }
    }

    /// <returns>False when the destination name is taken (a move without overwrite refuses atomically).</returns>
    private static bool TryMove(string path, string destination, string folder, bool isRegularFile)
    {
        try
        {
            MoveCreatingFolder(path, destination, folder, isRegularFile);
            return true;
        }
        catch (IOException) when (Path.Exists(destination) && Path.Exists(path))
        {
            return false;
        }
    }

    private static void MoveCreatingFolder(string path, string destination, string folder, bool isRegularFile)
    {
        try
        {
            Move(path, destination, isRegularFile);
        }
        catch (DirectoryNotFoundException) when (!Directory.Exists(folder) && Path.Exists(path))
        {
            // Someone removed processed/ or failed/ while the service ran.
            Directory.CreateDirectory(folder);
            Move(path, destination, isRegularFile);
        }
    }

    private static void Move(string path, string destination, bool isRegularFile)
    {
        if (isRegularFile)
            File.Move(path, destination, overwrite: false);
        else
            InboxFileOpener.RenameWithoutReplacing(path, destination);
    }

    private string Note(string originalName, string movedAs, InboxRejection rejection)
    {
        var shortened = NoteNameFor(movedAs) != movedAs + ErrorSidecarSuffix
            ? $"\nThis note belongs to '{movedAs}' in the same folder; its own name is shortened to fit the file system's limit of {FileNameFit.MaxNameBytes} bytes.\n"
            : "";
        return $"""
            FeedPublisher could not publish '{originalName}'.

            Problem: {rejection.Problem}

            How to fix it: {rejection.Fix}
            {shortened}
            Failed at: {time.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC

            """;
    }
}
