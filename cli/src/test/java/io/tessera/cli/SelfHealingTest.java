package io.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.client.ClusterReport;
import io.tessera.client.FsckReport;
import io.tessera.client.TesseraClient;
import io.tessera.client.TesseraInputStream;
import io.tessera.client.TesseraOutputStream;
import io.tessera.common.StoragePolicy;
import io.tessera.local.FreePorts;
import io.tessera.local.LocalCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Self-healing in one JVM: seven storage servers in three racks holding RS-3-2 files in 1 MiB blocks.
 * A stopped server's blocks are rebuilt on the others until fsck is HEALTHY again; a drained server ends
 * with nothing placed on it while every group stays healthy. The same behaviour with real processes and
 * kill -9 is in system-tests.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SelfHealingTest {
    private static final int NODES = 7;
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private TesseraClient client;
    private final List<byte[]> contents = new ArrayList<>();

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private void start() throws IOException {
        cluster = LocalCluster.start(new LocalCluster.Config(
                dir.resolve("cluster"),
                NODES,
                3,
                StoragePolicy.RS_3_2,
                "127.0.0.1",
                FreePorts.consecutive(5),
                0,
                TimeUnit.SECONDS.toMillis(30),
                Throwable::printStackTrace));
        client = cluster.connect();
        for (int i = 0; i < 3; i++) {
            byte[] bytes = new byte[5 * MIB + 1234 * i];
            new Random(i).nextBytes(bytes);
            try (TesseraOutputStream out = client.create(
                    "/f" + i, TesseraClient.CreateOptions.defaults().blockSize(MIB))) {
                out.write(bytes);
            }
            contents.add(bytes);
        }
    }

    @Test
    void shouldRebuildTheBlocksOfAStoppedServerElsewhereUntilFsckIsHealthy() throws IOException {
        start();
        int victim = busiestServer();
        int victimId = cluster.servers().get(victim).nodeId();
        cluster.stopServer(victim);
        await("node " + victimId + " DEAD", 60, () -> node(victimId).state().equals("DEAD"));

        await("fsck HEALTHY after repair", 120, () -> health() == FsckReport.Health.HEALTHY && repairing() == 0);

        ClusterReport report = client.metadata().clusterReport();
        assertTrue(report.healing().blocksRebuilt() > 0, report::toString);
        ClusterReport.Node dead = report.nodes().stream()
                .filter(node -> node.nodeId() == cluster.servers().get(victim).nodeId())
                .findFirst()
                .orElseThrow();
        assertEquals("DEAD", dead.state());
        assertEquals(0, dead.placedBlocks(), "nothing is placed on the dead node any more");
        assertFilesReadBack();
    }

    @Test
    void shouldDrainADecommissionedServerWhileEveryGroupStaysHealthy() throws IOException {
        start();
        int drained = busiestServer();
        int nodeId = cluster.servers().get(drained).nodeId();
        long placed = node(nodeId).placedBlocks();
        await(
                "the server's heartbeat to count its blocks",
                30,
                () -> node(nodeId).blocks() == placed);
        client.metadata().decommission(nodeId);

        await("node " + nodeId + " DECOMMISSIONED", 120, () -> {
            assertEquals(FsckReport.Health.HEALTHY, health(), "every group stays healthy while draining");
            return node(nodeId).state().equals("DECOMMISSIONED");
        });
        assertEquals(0, node(nodeId).placedBlocks());
        await("the drained server's disk to empty", 60, () -> node(nodeId).blocks() == 0);
        cluster.stopServer(drained);
        assertFilesReadBack();
    }

    private int busiestServer() {
        ClusterReport report = client.metadata().clusterReport();
        int busiest = 0;
        long most = -1;
        for (int i = 0; i < NODES; i++) {
            int nodeId = cluster.servers().get(i).nodeId();
            long placed = report.nodes().stream()
                    .filter(node -> node.nodeId() == nodeId)
                    .findFirst()
                    .orElseThrow()
                    .placedBlocks();
            if (placed > most) {
                most = placed;
                busiest = i;
            }
        }
        assertTrue(most > 0, "some server holds blocks");
        return busiest;
    }

    private ClusterReport.Node node(int nodeId) {
        return client.metadata().clusterReport().nodes().stream()
                .filter(node -> node.nodeId() == nodeId)
                .findFirst()
                .orElseThrow();
    }

    private FsckReport.Health health() {
        return client.metadata().fsck("/").status();
    }

    private long repairing() {
        ClusterReport.Healing healing = client.metadata().clusterReport().healing();
        return healing.repairQueue() + healing.repairsInFlight();
    }

    private void assertFilesReadBack() throws IOException {
        for (int i = 0; i < contents.size(); i++) {
            try (TesseraInputStream in = client.open("/f" + i)) {
                assertArrayEquals(contents.get(i), in.readAllBytes(), "/f" + i);
            }
        }
    }

    private static void await(String what, long seconds, BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
