package io.tessera.cli;

import io.tessera.client.TesseraClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tessera fs rm [-r] PATH...}: deletes files, and directories with {@code -r}. */
@Command(name = "rm", description = "Delete files (and directories with -r).")
final class FsRmCommand extends ClientCommand {
    @Option(
            names = {"-r", "-R"},
            description = "Delete directories and everything below them.")
    boolean recursive;

    @Parameters(paramLabel = "PATH", arity = "1..*")
    List<String> paths;

    @Override
    int run(TesseraClient client) {
        for (String path : paths) {
            if (!recursive && client.getFileStatus(path).directory()) {
                throw new CommandFailure(path + ": is a directory (use -r)");
            }
            if (!client.delete(path, recursive)) {
                throw new CommandFailure(path + ": no such file or directory");
            }
        }
        return Tessera.OK;
    }
}
