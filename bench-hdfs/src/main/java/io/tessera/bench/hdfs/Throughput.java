package io.tessera.bench.hdfs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes and reads files through {@link FileSystem} and reports MiB/s over the wall-clock time of all threads.
 * Every file repeats one block of random bytes (incompressible), made before the clock starts; readers compare
 * every byte they get with it, so a fast but wrong answer fails the benchmark instead of winning it.
 */
final class Throughput {
    private static final int PATTERN = 8 << 20;
    private static final int BUFFER = 1 << 20;

    private final byte[] pattern = new byte[PATTERN];

    Throughput() {
        new SplittableRandom(7).nextBytes(pattern);
    }

    /** Writes {@code files} files of {@code size} bytes into {@code dir}; returns their paths and the MiB/s. */
    Timed<List<Path>> write(
            FileSystem fs, Path dir, int files, long size, int threads, short replication, long blockSize)
            throws Exception {
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            paths.add(new Path(dir, "file-" + i));
        }
        List<Callable<Long>> tasks = new ArrayList<>();
        for (Path path : paths) {
            tasks.add(() -> write(fs, path, size, replication, blockSize));
        }
        return new Timed<>(paths, mibPerSecond(runAll(tasks, threads)));
    }

    /** Reads every file of {@code paths} to its end, checking its bytes; returns the MiB/s. */
    double read(FileSystem fs, List<Path> paths, long size, int threads) throws Exception {
        List<Callable<Long>> tasks = new ArrayList<>();
        for (Path path : paths) {
            tasks.add(() -> read(fs, path, size));
        }
        return mibPerSecond(runAll(tasks, threads));
    }

    private long write(FileSystem fs, Path path, long size, short replication, long blockSize) throws IOException {
        try (FSDataOutputStream out = fs.create(path, true, BUFFER, replication, blockSize)) {
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(pattern.length, left);
                out.write(pattern, 0, n);
                left -= n;
            }
        }
        return size;
    }

    private long read(FileSystem fs, Path path, long size) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long position = 0;
        try (FSDataInputStream in = fs.open(path, BUFFER)) {
            for (int n; (n = in.read(buffer, 0, buffer.length)) > 0; ) {
                check(path, buffer, n, position);
                position += n;
            }
        }
        if (position != size) {
            throw new IOException(path + ": read " + position + " bytes of " + size);
        }
        return position;
    }

    private void check(Path path, byte[] buffer, int length, long position) throws IOException {
        int done = 0;
        while (done < length) {
            int at = (int) ((position + done) % pattern.length);
            int n = Math.min(length - done, pattern.length - at);
            if (Arrays.mismatch(buffer, done, done + n, pattern, at, at + n) >= 0) {
                throw new IOException(path + ": wrong bytes near offset " + (position + done));
            }
            done += n;
        }
    }

    /** Runs every task on {@code threads} threads; returns bytes and nanoseconds from the first start to the end. */
    private static long[] runAll(List<Callable<Long>> tasks, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<Long>> futures = pool.invokeAll(tasks);
            long bytes = 0;
            for (Future<Long> future : futures) {
                try {
                    bytes += future.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return new long[] {bytes, System.nanoTime() - start};
        } finally {
            pool.shutdownNow();
        }
    }

    private static double mibPerSecond(long[] bytesAndNanos) {
        return bytesAndNanos[0] / (1024.0 * 1024.0) / (bytesAndNanos[1] / 1e9);
    }

    /** A result and the rate it was produced at. */
    record Timed<T>(T value, double rate) {}
}
