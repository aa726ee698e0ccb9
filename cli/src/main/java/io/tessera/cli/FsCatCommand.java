package io.tessera.cli;

import io.tessera.client.TesseraClient;
import io.tessera.client.TesseraInputStream;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tessera fs cat PATH...}: the files' bytes on stdout, one after another. */
@Command(name = "cat", description = "Print files to stdout.")
final class FsCatCommand extends ClientCommand {
    @Parameters(paramLabel = "PATH", arity = "1..*")
    List<String> paths;

    @Override
    int run(TesseraClient client) throws IOException {
        for (String path : paths) {
            try (TesseraInputStream in = client.open(path)) {
                in.transferTo(out());
            }
        }
        out().flush();
        return Tessera.OK;
    }
}
