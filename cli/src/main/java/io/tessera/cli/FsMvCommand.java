package io.tessera.cli;

import io.tessera.client.TesseraClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tessera fs mv SOURCE DESTINATION}: an atomic rename; into DESTINATION when it is a directory. */
@Command(name = "mv", description = "Move (rename) a file or directory atomically.")
final class FsMvCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "SOURCE")
    String source;

    @Parameters(index = "1", paramLabel = "DESTINATION")
    String destination;

    @Override
    int run(TesseraClient client) {
        client.rename(source, destination);
        return Tessera.OK;
    }
}
