package io.tessera.cli;

import io.tessera.common.Sizes;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/** What {@code bench write} and {@code bench read} share: parallelism, the comparison, the result table. */
final class BenchOptions {
    @Option(names = "--threads", defaultValue = "4", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(
            names = "--warmup",
            defaultValue = "256m",
            paramLabel = "SIZE",
            converter = SizeConverter.class,
            description = "Bytes moved untimed before the clock starts, so the JIT has compiled the data path"
                    + " (0 skips it; default: ${DEFAULT-VALUE}).")
    long warmup;

    @Option(
            names = "--compare",
            paramLabel = "SYSTEM",
            description = "Compare with another system: see tessera bench --compare hdfs.")
    String compare;

    void check() {
        if (warmup < 0) {
            throw new CommandFailure("--warmup must not be negative: " + warmup);
        }
        if (threads < 1) {
            throw new CommandFailure("--threads must be at least 1: " + threads);
        }
        if (compare != null) {
            HdfsComparison.checkSystem(compare);
            throw new CommandFailure("run tessera bench --compare hdfs [--size SIZE] [--files N] [--threads N]: the"
                    + " comparison writes and reads both systems itself, on clusters it starts");
        }
    }

    /** The result table: one row per run, MiB/s over the wall-clock time of all threads. */
    static void printTable(
            PrintStream out, String operation, String policy, int files, long bytes, int threads, long elapsedNs) {
        double seconds = elapsedNs / 1e9;
        double mib = bytes / (1024.0 * 1024.0);
        out.printf(
                "%-10s %-13s %6s %12s %8s %12s %9s %10s%n",
                "OPERATION", "POLICY", "FILES", "TOTAL", "THREADS", "BYTES", "SECONDS", "MiB/s");
        out.printf(
                "%-10s %-13s %6d %12s %8d %12d %9.2f %10.1f%n",
                operation, policy, files, Sizes.format(bytes), threads, bytes, seconds, mib / seconds);
        out.println("(an HTML report with charts is not written yet)");
    }
}
