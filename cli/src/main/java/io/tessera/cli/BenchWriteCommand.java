package io.tessera.cli;

import io.tessera.client.TesseraClient;
import io.tessera.client.TesseraOutputStream;
import io.tessera.common.StoragePolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tessera bench write}: writes {@code --files} files of {@code --size} bytes from {@code --threads}
 * threads into {@value BenchCommand#DIRECTORY}, replacing earlier ones, and prints the throughput. The
 * bytes are generated before the clock starts, so the figure is the cluster's, not the generator's.
 */
@Command(name = "write", description = "Measure write throughput; leaves the files for bench read.")
final class BenchWriteCommand extends ClientCommand {
    @Mixin
    BenchOptions bench;

    @Option(
            names = "--size",
            defaultValue = "64m",
            paramLabel = "SIZE",
            converter = SizeConverter.class,
            description = "Bytes per file (default: ${DEFAULT-VALUE}).")
    long size;

    @Option(names = "--files", defaultValue = "8", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int files;

    @Option(
            names = "--policy",
            defaultValue = "RS-6-3",
            paramLabel = "POLICY",
            converter = PolicyConverter.class,
            description = "Default: ${DEFAULT-VALUE}.")
    StoragePolicy policy;

    @Option(
            names = "--block-size",
            defaultValue = "8m",
            paramLabel = "SIZE",
            converter = SizeConverter.class,
            description = "Default: ${DEFAULT-VALUE}.")
    long blockSize;

    @Override
    void checkArguments() {
        bench.check();
        if (files < 1 || size < 1) {
            throw new CommandFailure("--files and --size must be at least 1");
        }
    }

    @Override
    int run(TesseraClient client) throws Exception {
        byte[] data = new byte[(int) Math.min(size, 8L << 20)];
        new SplittableRandom(1).nextBytes(data);
        client.delete(BenchCommand.DIRECTORY, true);
        client.mkdirs(BenchCommand.DIRECTORY, FsMkdirCommand.DIRECTORY_PERMISSION);
        ExecutorService pool = Executors.newFixedThreadPool(bench.threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < files; i++) {
                String path = BenchCommand.DIRECTORY + "/file-" + i;
                writes.add(pool.submit(() -> write(client, path, data)));
            }
            awaitAll(writes);
        } finally {
            pool.shutdownNow();
        }
        long elapsed = System.nanoTime() - start;
        BenchOptions.printTable(out(), "write", policy.name(), files, files * size, bench.threads, elapsed);
        return Tessera.OK;
    }

    private Void write(TesseraClient client, String path, byte[] data) throws IOException {
        TesseraClient.CreateOptions options = TesseraClient.CreateOptions.defaults()
                .overwrite(true)
                .policy(policy)
                .blockSize(blockSize);
        try (TesseraOutputStream stream = client.create(path, options)) {
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(data.length, left);
                stream.write(data, 0, n);
                left -= n;
            }
        }
        return null;
    }

    /** Waits for every task; the first failure is the command's. */
    static void awaitAll(List<Future<?>> tasks) throws Exception {
        for (Future<?> task : tasks) {
            try {
                task.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }
}
