package io.tessera.cli;

import io.tessera.client.FileStatus;
import io.tessera.client.ListingPage;
import io.tessera.client.TesseraClient;
import io.tessera.client.TesseraInputStream;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code tessera bench read}: reads every file {@code bench write} left in {@value BenchCommand#DIRECTORY}
 * from {@code --threads} threads and prints the throughput.
 */
@Command(name = "read", description = "Measure read throughput of the files bench write left.")
final class BenchReadCommand extends ClientCommand {
    @Mixin
    BenchOptions bench;

    @Override
    void checkArguments() {
        bench.check();
    }

    @Override
    int run(TesseraClient client) throws Exception {
        List<FileStatus> files = benchFiles(client);
        AtomicLong bytes = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(bench.threads);
        long elapsed;
        try {
            readAll(client, pool, warmUpFiles(files), new AtomicLong());
            long start = System.nanoTime();
            readAll(client, pool, files, bytes);
            elapsed = System.nanoTime() - start;
        } finally {
            pool.shutdownNow();
        }
        String policy = FileStatusFormat.name(files.get(0).effectivePolicy());
        BenchOptions.printTable(out(), "read", policy, files.size(), bytes.get(), bench.threads, elapsed);
        return Tessera.OK;
    }

    /** The first files, untimed, until {@code --warmup} bytes: the same reads the measurement makes. */
    private List<FileStatus> warmUpFiles(List<FileStatus> files) {
        List<FileStatus> warmUp = new ArrayList<>();
        long bytes = 0;
        for (FileStatus file : files) {
            if (bytes >= bench.warmup) {
                break;
            }
            warmUp.add(file);
            bytes += file.length();
        }
        return warmUp;
    }

    private static void readAll(TesseraClient client, ExecutorService pool, List<FileStatus> files, AtomicLong bytes)
            throws Exception {
        List<Future<?>> reads = new ArrayList<>();
        for (FileStatus file : files) {
            String path = FileStatusFormat.childPath(BenchCommand.DIRECTORY, file.path());
            reads.add(pool.submit(() -> bytes.addAndGet(read(client, path))));
        }
        BenchWriteCommand.awaitAll(reads);
    }

    private static List<FileStatus> benchFiles(TesseraClient client) {
        List<FileStatus> files = new ArrayList<>();
        try {
            String after = "";
            ListingPage page;
            do {
                page = client.listStatus(BenchCommand.DIRECTORY, after, FsLsCommand.PAGE);
                for (FileStatus entry : page.entries()) {
                    if (!entry.directory()) {
                        files.add(entry);
                    }
                    after = entry.path().substring(entry.path().lastIndexOf('/') + 1);
                }
            } while (page.more() && !page.entries().isEmpty());
        } catch (TesseraException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
        if (files.isEmpty()) {
            throw new CommandFailure("no files in " + BenchCommand.DIRECTORY + ": run tessera bench write first");
        }
        return files;
    }

    private static long read(TesseraClient client, String path) throws IOException {
        byte[] buffer = new byte[1024 * 1024];
        long total = 0;
        try (TesseraInputStream in = client.open(path)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
            }
        }
        return total;
    }
}
