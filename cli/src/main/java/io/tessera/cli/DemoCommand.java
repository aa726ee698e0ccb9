package io.tessera.cli;

import io.tessera.client.ClusterReport;
import io.tessera.client.FileLocations;
import io.tessera.client.FsckReport;
import io.tessera.client.TesseraClient;
import io.tessera.client.TesseraInputStream;
import io.tessera.client.TesseraOutputStream;
import io.tessera.common.Sizes;
import io.tessera.common.StoragePolicy;
import io.tessera.local.FreePorts;
import io.tessera.local.LocalCluster;
import io.tessera.storage.StorageServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessera demo}: the whole story in one command. Starts an embedded cluster, writes a set of
 * multi-block files, reads them back and checks every byte, stops the storage server holding the first
 * data block, reads everything again (degraded: rebuilt from parity), shows fsck noticing, waits for the
 * cluster to rebuild the lost blocks on the other nodes and shows fsck HEALTHY again. On the
 * way it writes a Parquet data set through the Hadoop connector and shows each row group inside one block
 * ({@link ParquetDemoStep}), and queries a dataset written with Arrow Flight's DoPut through the Flight
 * planner before and after the node stops ({@link DemoFlight}). Exits 0 only when every check passed.
 */
@Command(
        name = "demo",
        description = "Start an embedded cluster, write files, read them back, stop a node, read again degraded.")
final class DemoCommand implements Callable<Integer> {
    private static final int BUFFER = 1024 * 1024;
    /** Rows per Parquet file: about 15 MiB with ZSTD, two blocks of 8 MiB. */
    private static final int PARQUET_ROWS = 2_000_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", description = "Cluster directory (default: a temporary one, deleted).")
    Path dir;

    @Option(
            names = "--nodes",
            defaultValue = "10",
            paramLabel = "N",
            description = "Default: ${DEFAULT-VALUE}: one more than RS-6-3 spans, so a lost node's blocks can be"
                    + " rebuilt elsewhere.")
    int nodes;

    @Option(names = "--racks", defaultValue = "3", paramLabel = "R", description = "Default: ${DEFAULT-VALUE}.")
    int racks;

    @Option(
            names = "--policy",
            defaultValue = "RS-6-3",
            paramLabel = "POLICY",
            converter = PolicyConverter.class,
            description = "Default: ${DEFAULT-VALUE}.")
    StoragePolicy policy;

    @Option(names = "--files", defaultValue = "4", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int files;

    @Option(
            names = "--file-size",
            defaultValue = "48m",
            paramLabel = "SIZE",
            converter = SizeConverter.class,
            description = "Default: ${DEFAULT-VALUE}.")
    long fileSize;

    @Option(
            names = "--block-size",
            defaultValue = "8m",
            paramLabel = "SIZE",
            converter = SizeConverter.class,
            description = "Default: ${DEFAULT-VALUE}.")
    long blockSize;

    private PrintStream out;
    private final List<String> figures = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        Tessera tessera = (Tessera) spec.root().userObject();
        out = tessera.out;
        boolean temporary = dir == null;
        Path clusterDir = temporary ? Files.createTempDirectory("tessera-demo") : dir;
        LocalCluster.Config config = new LocalCluster.Config(
                clusterDir,
                nodes,
                racks,
                policy,
                "127.0.0.1",
                FreePorts.consecutive(5),
                0,
                TimeUnit.SECONDS.toMillis(tessera.timeoutSeconds),
                tessera::warn);
        step("starting " + nodes + " storage servers in " + racks + " racks and a metadata service, policy " + policy
                + ", in " + clusterDir);
        boolean passed;
        int[] flightPorts = FlightSidecars.freePorts(nodes);
        try (LocalCluster cluster = LocalCluster.start(config, index -> flightPorts[index]);
                TesseraClient client = cluster.connect();
                FlightSidecars flight = FlightSidecars.start(cluster, flightPorts, 0, tessera);
                DemoFlight flightDemo = new DemoFlight(flight, out)) {
            passed = run(cluster, client, flight, flightDemo);
        }
        if (temporary) {
            deleteTree(clusterDir);
        }
        printFigures();
        out.println(passed ? "demo: PASSED" : "demo: FAILED");
        return passed ? Tessera.OK : Tessera.FAILED;
    }

    private boolean run(LocalCluster cluster, TesseraClient client, FlightSidecars flight, DemoFlight flightDemo)
            throws IOException {
        step("writing " + files + " files of " + Sizes.format(fileSize) + " in " + Sizes.format(blockSize) + " blocks");
        long[] written = new long[files];
        long start = System.nanoTime();
        for (int i = 0; i < files; i++) {
            written[i] = write(client, path(i), i);
        }
        figure("write", start);

        step("writing a Parquet data set through the Hadoop connector (tessera://), one row group per "
                + Sizes.format(blockSize) + " block at most");
        boolean rowGroupsAligned = new ParquetDemoStep(out, blockSize, 2, PARQUET_ROWS).run(cluster);

        step("reading them back");
        start = System.nanoTime();
        boolean intact = readAll(client, written);
        figure("read", start);

        step("Arrow Flight: writing " + DemoFlight.DATASET + " with DoPut, querying it through the planner at "
                + flight.planner.location().getUri());
        flightDemo.write();
        boolean flightBefore = flightDemo.query("before");

        int victim = serverHoldingFirstBlock(cluster, client);
        StorageServer server = cluster.servers().get(victim);
        step("stopping storage-" + victim + " (node " + server.nodeId() + ", "
                + server.endpoint().host() + ":" + server.endpoint().dataPort() + "), which holds data block 0 of "
                + path(0));
        flight.stop(victim);
        cluster.stopServer(victim);

        step("reading everything again, degraded: blocks on the stopped node are rebuilt from parity");
        start = System.nanoTime();
        boolean intactDegraded = readAll(client, written);
        figure("degraded read", start);

        step("Arrow Flight again, with storage-" + victim + " and its Flight service stopped");
        boolean flightAfter = flightDemo.query("after");

        step("waiting for fsck to notice the lost node");
        FsckReport.Health health = awaitFsckNotHealthy(client);
        out.println("    fsck: " + health + (health == FsckReport.Health.DEGRADED ? " (readable, as expected)" : ""));
        boolean repaired = awaitRepair(client, written);
        return intact
                && rowGroupsAligned
                && intactDegraded
                && flightBefore
                && flightAfter
                && health != FsckReport.Health.MISSING
                && repaired;
    }

    /**
     * Waits (with a deadline) for the cluster to rebuild the lost node's blocks on the others, shows fsck
     * HEALTHY again and reads everything once more. A cluster no wider than a group cannot make its groups
     * whole without the lost node; the demo says so instead of waiting.
     */
    private boolean awaitRepair(TesseraClient client, long[] written) throws IOException {
        if (nodes <= policy.width()) {
            out.println("    repair needs a node outside each group: " + policy + " groups span " + policy.width()
                    + " nodes and " + (nodes - 1) + " are left, so they stay DEGRADED until the node is back"
                    + " (run with --nodes " + (policy.width() + 1) + " to see the repair)");
            return true;
        }
        step("waiting for the repair: the lost blocks are rebuilt from parity on the other storage servers");
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(Math.max(120, 4L * files * fileSize / (1 << 20)));
        FsckReport report = client.metadata().fsck("/");
        while (report.status() != FsckReport.Health.HEALTHY || report.repairQueue() + report.repairsInFlight() > 0) {
            if (System.nanoTime() - deadline > 0) {
                out.println("    fsck: " + report.status() + " after " + (System.nanoTime() - start) / 1_000_000_000
                        + " s: the repair did not finish in time");
                return false;
            }
            sleep();
            report = client.metadata().fsck("/");
        }
        ClusterReport.Healing healing = client.metadata().clusterReport().healing();
        out.printf(
                "    fsck: HEALTHY again after %.1f s: %d blocks (%s) rebuilt%n",
                (System.nanoTime() - start) / 1e9, healing.blocksRebuilt(), Sizes.format(healing.bytesRebuilt()));
        step("reading everything again from the repaired cluster");
        return readAll(client, written);
    }

    private String path(int index) {
        return "/demo/file-" + index + ".bin";
    }

    /** Writes deterministic pseudo-random bytes and returns their CRC32C. */
    private long write(TesseraClient client, String path, int seed) throws IOException {
        CRC32C checksum = new CRC32C();
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buffer = new byte[BUFFER];
        TesseraClient.CreateOptions options =
                TesseraClient.CreateOptions.defaults().overwrite(true).blockSize(blockSize);
        try (TesseraOutputStream stream = client.create(path, options)) {
            for (long left = fileSize; left > 0; ) {
                int n = (int) Math.min(buffer.length, left);
                fill(random, buffer, n);
                checksum.update(buffer, 0, n);
                stream.write(buffer, 0, n);
                left -= n;
            }
        }
        return checksum.getValue();
    }

    private static void fill(SplittableRandom random, byte[] buffer, int length) {
        for (int i = 0; i < length; i += 8) {
            long value = random.nextLong();
            for (int b = 0; b < 8 && i + b < length; b++) {
                buffer[i + b] = (byte) (value >>> (8 * b));
            }
        }
    }

    private boolean readAll(TesseraClient client, long[] expected) throws IOException {
        boolean intact = true;
        for (int i = 0; i < expected.length; i++) {
            long actual = read(client, path(i));
            if (actual != expected[i]) {
                out.println("    " + path(i) + ": CHECKSUM MISMATCH");
                intact = false;
            }
        }
        out.println(intact ? "    every byte matched" : "    some bytes differ");
        return intact;
    }

    private static long read(TesseraClient client, String path) throws IOException {
        CRC32C checksum = new CRC32C();
        byte[] buffer = new byte[BUFFER];
        try (TesseraInputStream in = client.open(path)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                checksum.update(buffer, 0, n);
            }
        }
        return checksum.getValue();
    }

    private static int serverHoldingFirstBlock(LocalCluster cluster, TesseraClient client) {
        FileLocations locations = client.locate("/demo/file-0.bin", 0, 1);
        int nodeId = locations.groups().get(0).blocks().get(0).node().nodeId();
        for (int i = 0; i < cluster.servers().size(); i++) {
            if (cluster.servers().get(i).nodeId() == nodeId) {
                return i;
            }
        }
        throw new CommandFailure("node " + nodeId + " holding the first block is not one of this cluster's servers");
    }

    /** Fsck turns DEGRADED once the metadata service has declared the node dead (missed heartbeats). */
    private static FsckReport.Health awaitFsckNotHealthy(TesseraClient client) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        FsckReport.Health health;
        do {
            health = client.metadata().fsck("/").status();
            if (health != FsckReport.Health.HEALTHY) {
                return health;
            }
            sleep();
        } while (System.nanoTime() - deadline < 0);
        return health;
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted");
        }
    }

    private void step(String text) {
        out.println("==> " + text);
        out.flush();
    }

    private void figure(String what, long startNs) {
        double seconds = (System.nanoTime() - startNs) / 1e9;
        double mib = (double) files * fileSize / (1024 * 1024);
        String line = String.format("%-14s %10.1f MiB %8.2f s %10.1f MiB/s", what, mib, seconds, mib / seconds);
        figures.add(line);
        out.println("    " + line.strip());
    }

    private void printFigures() {
        out.println("throughput (one client, one thread, " + policy + ", all in this JVM over IPC):");
        figures.forEach(line -> out.println("  " + line));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
