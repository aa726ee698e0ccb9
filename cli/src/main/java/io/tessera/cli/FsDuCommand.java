package io.tessera.cli;

import io.tessera.client.ContentSummary;
import io.tessera.client.TesseraClient;
import io.tessera.common.Sizes;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tessera fs du [-h] PATH...}: bytes stored under each path and the raw space they take with
 * parity or replicas, which is what a policy costs.
 */
@Command(name = "du", description = "Show the space used under paths (length, and raw space with redundancy).")
final class FsDuCommand extends ClientCommand {
    @Option(names = "-h", description = "Sizes for people (KiB, MiB, GiB).")
    boolean human;

    @Parameters(paramLabel = "PATH", arity = "0..*", defaultValue = "/")
    List<String> paths;

    @Override
    int run(TesseraClient client) {
        out().printf("%14s %14s %8s %8s  %s%n", "LENGTH", "RAW", "FILES", "DIRS", "PATH");
        for (String path : paths) {
            ContentSummary summary = client.contentSummary(path);
            out().printf(
                            "%14s %14s %8d %8d  %s%n",
                            size(summary.length()),
                            size(summary.spaceConsumed()),
                            summary.fileCount(),
                            summary.directoryCount(),
                            path);
        }
        return Tessera.OK;
    }

    private String size(long bytes) {
        return human ? Sizes.format(bytes) : Long.toString(bytes);
    }
}
