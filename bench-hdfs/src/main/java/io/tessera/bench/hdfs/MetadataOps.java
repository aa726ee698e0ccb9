package io.tessera.bench.hdfs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Metadata operations per second through {@link FileSystem}, from {@code threads} threads sharing the work: create
 * {@code files} empty files in one directory, stat each, list the directory (each thread {@code listings} times),
 * rename each within the directory, delete each. Every call's answer is checked.
 */
final class MetadataOps {
    static final List<String> OPERATIONS = List.of("create", "getFileStatus", "listStatus", "rename", "delete");

    private MetadataOps() {}

    /** Operations per second of each of {@link #OPERATIONS}, in that order. */
    static Map<String, Double> run(FileSystem fs, Path dir, int files, int threads, int listings) throws Exception {
        Map<String, Double> rates = new LinkedHashMap<>();
        rates.put("create", perSecond(files, threads, i -> fs.create(file(dir, "f-", i), false)
                .close()));
        rates.put("getFileStatus", perSecond(files, threads, i -> {
            FileStatus status = fs.getFileStatus(file(dir, "f-", i));
            if (!status.isFile() || status.getLen() != 0) {
                throw new IOException("unexpected status " + status);
            }
        }));
        rates.put("listStatus", perSecond(threads * listings, threads, i -> {
            int entries = fs.listStatus(dir).length;
            if (entries != files) {
                throw new IOException("listed " + entries + " entries of " + files + " in " + dir);
            }
        }));
        rates.put("rename", perSecond(files, threads, i -> {
            if (!fs.rename(file(dir, "f-", i), file(dir, "r-", i))) {
                throw new IOException("rename of " + file(dir, "f-", i) + " returned false");
            }
        }));
        rates.put("delete", perSecond(files, threads, i -> {
            if (!fs.delete(file(dir, "r-", i), false)) {
                throw new IOException("delete of " + file(dir, "r-", i) + " returned false");
            }
        }));
        return rates;
    }

    private static Path file(Path dir, String prefix, int i) {
        return new Path(dir, prefix + i);
    }

    interface Operation {
        void apply(int index) throws IOException;
    }

    /** Runs operations 0..count-1, thread t taking every index congruent to t; returns operations per second. */
    private static double perSecond(int count, int threads, Operation operation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> shares = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                shares.add(() -> {
                    for (int i = first; i < count; i += threads) {
                        operation.apply(i);
                    }
                    return null;
                });
            }
            long start = System.nanoTime();
            for (Future<Void> share : pool.invokeAll(shares)) {
                try {
                    share.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return count / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }
}
