package io.tessera.cli;

import io.tessera.client.FileStatus;
import io.tessera.client.TesseraClient;
import io.tessera.common.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tessera fs stat [--json] PATH}: everything the namespace knows about one path. */
@Command(name = "stat", description = "Show a file's or directory's status.")
final class FsStatCommand extends ClientCommand {
    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @Parameters(paramLabel = "PATH")
    String path;

    @Override
    int run(TesseraClient client) {
        FileStatus status = client.getFileStatus(path);
        if (json) {
            JsonWriter writer = new JsonWriter();
            FileStatusFormat.json(writer, status);
            out().println(writer);
            return Tessera.OK;
        }
        out().printf("path:         %s%n", status.path());
        out().printf("type:         %s%n", status.directory() ? "directory" : "file");
        if (!status.directory()) {
            out().printf("length:       %d (%s)%n", status.length(), Sizes.format(status.length()));
        }
        out().printf("block size:   %d (%s)%n", status.blockSize(), Sizes.format(status.blockSize()));
        out().printf(
                        "policy:       %s%s%n",
                        FileStatusFormat.name(status.effectivePolicy()),
                        status.directory() && status.policy() == null ? " (inherited)" : "");
        out().printf(
                        "permission:   %s (%04o)%n",
                        FileStatusFormat.mode(status.directory(), status.permission()), status.permission());
        out().printf("owner:        %s%n", status.owner());
        out().printf("group:        %s%n", status.group());
        out().printf("modified:     %s%n", FileStatusFormat.time(status.modificationTime()));
        out().printf("accessed:     %s%n", FileStatusFormat.time(status.accessTime()));
        out().printf("file id:      %d%n", status.fileId());
        return Tessera.OK;
    }
}
