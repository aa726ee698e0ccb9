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
        long elapsed;
        try {
            warmUp(client, pool, data);
            long start = System.nanoTime();
            writeAll(client, pool, "file-", files, size, data);
            elapsed = System.nanoTime() - start;
        } finally {
            pool.shutdownNow();
        }
        BenchOptions.printTable(out(), "write", policy.name(), files, files * size, bench.threads, elapsed);
        return Tessera.OK;
    }

    /** Writes {@code --warmup} bytes in files of at most {@code --size} from every thread, then deletes them. */
    private void warmUp(TesseraClient client, ExecutorService pool, byte[] data) throws Exception {
        if (bench.warmup > 0) {
            long fileSize = Math.min(size, Math.max(1, bench.warmup / bench.threads));
            int count = (int) Math.max(1, bench.warmup / fileSize);
            writeAll(client, pool, "warmup-", count, fileSize, data);
            for (int i = 0; i < count; i++) {
                client.delete(BenchCommand.DIRECTORY + "/warmup-" + i, false);
            }
        }
    }

    private void writeAll(
            TesseraClient client, ExecutorService pool, String prefix, int count, long fileSize, byte[] data)
            throws Exception {
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String path = BenchCommand.DIRECTORY + "/" + prefix + i;
            writes.add(pool.submit(() -> write(client, path, fileSize, data)));
        }
        awaitAll(writes);
    }

    private Void write(TesseraClient client, String path, long fileSize, byte[] data) throws IOException {
        TesseraClient.CreateOptions options = TesseraClient.CreateOptions.defaults()
                .overwrite(true)
                .policy(policy)
                .blockSize(blockSize);
        try (TesseraOutputStream stream = client.create(path, options)) {
            for (long left = fileSize; left > 0; ) {
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
