package io.tessera.cli;

import io.tessera.client.FileStatus;
import io.tessera.client.TesseraClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tessera fs mkdir [-p] PATH...}: like mkdir(1), without {@code -p} the parent must exist and the
 * directory must not.
 */
@Command(name = "mkdir", description = "Create directories.")
final class FsMkdirCommand extends ClientCommand {
    static final int DIRECTORY_PERMISSION = 0755;

    @Option(names = "-p", description = "Create missing parents; no error if the directory exists.")
    boolean parents;

    @Parameters(paramLabel = "PATH", arity = "1..*")
    List<String> paths;

    @Override
    int run(TesseraClient client) {
        for (String path : paths) {
            if (!parents) {
                checkParentIsDirectory(client, path);
            }
            boolean created = client.mkdirs(path, DIRECTORY_PERMISSION);
            if (!created && !parents) {
                throw new CommandFailure(path + ": already exists");
            }
        }
        return Tessera.OK;
    }

    private static void checkParentIsDirectory(TesseraClient client, String path) {
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        int slash = trimmed.lastIndexOf('/');
        if (slash < 0) {
            return;
        }
        String parent = slash == 0 ? "/" : trimmed.substring(0, slash);
        FileStatus status = client.getFileStatus(parent);
        if (!status.directory()) {
            throw new CommandFailure(parent + ": not a directory");
        }
    }
}
