package io.tessera.cli;

import io.tessera.client.TesseraClient;
import io.tessera.client.TesseraOutputStream;
import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tessera fs put [--policy P] [--block-size SIZE] [-f] LOCAL REMOTE}: uploads one local file. */
@Command(name = "put", description = "Copy a local file into Tessera.")
final class FsPutCommand extends ClientCommand {
    static final int COPY_BUFFER = 1024 * 1024;

    @Option(
            names = "--policy",
            paramLabel = "POLICY",
            converter = PolicyConverter.class,
            description = "Storage policy of the new file (default: the directory's).")
    StoragePolicy policy;

    @Option(
            names = "--block-size",
            paramLabel = "SIZE",
            converter = SizeConverter.class,
            description = "Block size of the new file, e.g. 16m (default: the directory's).")
    Long blockSize;

    @Option(names = "-f", description = "Overwrite an existing file.")
    boolean overwrite;

    @Parameters(index = "0", paramLabel = "LOCAL")
    Path local;

    @Parameters(index = "1", paramLabel = "REMOTE")
    String remote;

    @Override
    void checkArguments() {
        if (!Files.isRegularFile(local)) {
            throw new CommandFailure(
                    local + (Files.isDirectory(local) ? ": is a directory" : ": no such file or directory"));
        }
    }

    @Override
    int run(TesseraClient client) throws IOException {
        String target = remoteTarget(client);
        TesseraClient.CreateOptions options = TesseraClient.CreateOptions.defaults()
                .overwrite(overwrite)
                .policy(policy)
                .blockSize(blockSize == null ? 0 : blockSize);
        Progress progress = Progress.start(tessera().err, "put " + target, Files.size(local));
        TesseraOutputStream stream = client.create(target, options);
        try (InputStream in = Files.newInputStream(local)) {
            byte[] buffer = new byte[COPY_BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                stream.write(buffer, 0, n);
                progress.advance(n);
            }
            stream.close();
        } catch (IOException | RuntimeException e) {
            removePartial(client, target, stream);
            throw e;
        }
        progress.finish();
        return Tessera.OK;
    }

    /** A put that failed leaves no file behind: the half-written one is deleted (its lease with it). */
    private static void removePartial(TesseraClient client, String target, TesseraOutputStream stream) {
        try {
            stream.close();
        } catch (IOException | RuntimeException ignored) {
            // The write failed already; closing only releases what the stream holds.
        }
        try {
            client.delete(target, false);
        } catch (RuntimeException ignored) {
            // Best effort: the lease expires and the file can be overwritten with -f.
        }
    }

    /** Into a directory, the file keeps its local name, as with cp(1). */
    private String remoteTarget(TesseraClient client) {
        if (remote.endsWith("/")) {
            return remote + local.getFileName();
        }
        try {
            if (client.getFileStatus(remote).directory()) {
                return FileStatusFormat.childPath(remote, local.getFileName().toString());
            }
        } catch (TesseraException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
        return remote;
    }
}
