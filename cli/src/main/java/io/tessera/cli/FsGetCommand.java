package io.tessera.cli;

import io.tessera.client.TesseraClient;
import io.tessera.client.TesseraInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tessera fs get [-f] REMOTE LOCAL}: downloads one file. Bytes go to a temporary file beside the
 * target, renamed into place once complete, so a failed download leaves no partial file.
 */
@Command(name = "get", description = "Copy a file out of Tessera.")
final class FsGetCommand extends ClientCommand {
    @Option(names = "-f", description = "Overwrite an existing local file.")
    boolean overwrite;

    @Parameters(index = "0", paramLabel = "REMOTE")
    String remote;

    @Parameters(index = "1", paramLabel = "LOCAL")
    Path local;

    @Override
    int run(TesseraClient client) throws IOException {
        Path target = Files.isDirectory(local) ? local.resolve(remoteName()) : local;
        if (Files.exists(target) && !overwrite) {
            throw new CommandFailure(target + ": already exists (use -f to overwrite)");
        }
        Path parent = target.toAbsolutePath().getParent();
        Path partial = Files.createTempFile(parent, "." + target.getFileName(), ".partial");
        try (TesseraInputStream in = client.open(remote);
                OutputStream file = Files.newOutputStream(partial)) {
            copy(in, file, Progress.start(tessera().err, "get " + remote, in.length()));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return Tessera.OK;
    }

    private static void copy(TesseraInputStream in, OutputStream out, Progress progress) throws IOException {
        byte[] buffer = new byte[FsPutCommand.COPY_BUFFER];
        for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
            progress.advance(n);
        }
        progress.finish();
    }

    private String remoteName() {
        String trimmed = remote.endsWith("/") ? remote.substring(0, remote.length() - 1) : remote;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
