package io.tessera.cli;

import io.tessera.client.FileStatus;
import io.tessera.client.ListingPage;
import io.tessera.client.TesseraClient;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tessera fs ls [-R] [--json] [PATH]}: a directory's entries, or one file. */
@Command(name = "ls", description = "List a directory (or show one file).")
final class FsLsCommand extends ClientCommand {
    /** Entries asked for per listing call: large directories come in pages. */
    static final int PAGE = 1000;

    @Option(names = "-R", description = "List subdirectories too.")
    boolean recursive;

    @Option(names = "--json", description = "Print a JSON array of entries.")
    boolean json;

    @Parameters(paramLabel = "PATH", defaultValue = "/", description = "Default: ${DEFAULT-VALUE}.")
    String path;

    @Override
    int run(TesseraClient client) {
        JsonWriter entries = new JsonWriter().beginArray();
        Consumer<FileStatus> print = json
                ? status -> FileStatusFormat.json(entries, status)
                : status -> out().println(FileStatusFormat.line(status));
        FileStatus status = client.getFileStatus(path);
        if (status.directory()) {
            list(client, status.path(), print);
        } else {
            print.accept(status);
        }
        if (json) {
            out().println(entries.endArray());
        }
        return Tessera.OK;
    }

    private void list(TesseraClient client, String directory, Consumer<FileStatus> print) {
        String after = "";
        ListingPage page;
        do {
            page = client.listStatus(directory, after, PAGE);
            for (FileStatus entry : page.entries()) {
                FileStatus child = withPath(entry, FileStatusFormat.childPath(directory, entry.path()));
                print.accept(child);
                if (recursive && child.directory()) {
                    list(client, child.path(), print);
                }
                after = nameOf(entry.path());
            }
        } while (page.more() && !page.entries().isEmpty());
    }

    private static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static FileStatus withPath(FileStatus s, String path) {
        return path.equals(s.path())
                ? s
                : new FileStatus(
                        path,
                        s.fileId(),
                        s.directory(),
                        s.length(),
                        s.blockSize(),
                        s.policy(),
                        s.effectivePolicy(),
                        s.permission(),
                        s.owner(),
                        s.group(),
                        s.modificationTime(),
                        s.accessTime());
    }
}
