package io.tessera.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.client.ClusterReport;
import io.tessera.client.FileLocations;
import io.tessera.client.FileStatus;
import io.tessera.client.FsckReport;
import io.tessera.client.TesseraClient;
import io.tessera.client.TesseraInputStream;
import io.tessera.client.TesseraOutputStream;
import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import io.tessera.storage.StorageServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A metadata service, nine storage servers in three racks and a client, all real, in one JVM. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterEndToEndTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;

    private MetadataService meta;
    private final List<StorageServer> servers = new ArrayList<>();
    private TesseraClient client;
    private int metaPort;
    private static final java.util.Queue<Throwable> ERRORS = new java.util.concurrent.ConcurrentLinkedQueue<>();

    @BeforeEach
    void startCluster() throws IOException {
        metaPort = freePortBase();
        meta = startMeta();
        for (int i = 0; i < 9; i++) {
            servers.add(startStorage(i));
        }
        client = TesseraClient.connect(new TesseraClient.Context()
                .metaAddresses("127.0.0.1:" + metaPort)
                .aeronDirectoryName(meta.aeronDirectoryName())
                .operationTimeout(10, TimeUnit.SECONDS)
                .errorHandler(ERRORS::add));
        awaitCondition("9 live storage nodes", () -> liveNodes() == 9);
    }

    @AfterEach
    void stopCluster() {
        CloseHelper.quietClose(client);
        servers.forEach(CloseHelper::quietClose);
        CloseHelper.quietClose(meta);
    }

    @Test
    void shouldWriteAndReadErasureCodedFilesAndReadThemWithThreeNodesDown() throws IOException {
        client.mkdirs("/data", 0755);
        client.setPolicy("/data", StoragePolicy.RS_6_3);
        byte[] big = random(20 * MIB + 12345, 1);
        byte[] small = random(3 * MIB, 2);
        write("/data/big.bin", big, MIB);
        write("/data/small.bin", small, MIB);

        byte[] tiny = random(200_000, 5);
        write("/data/tiny.bin", tiny, MIB);
        assertEquals(
                StoragePolicy.REPLICATED_3,
                client.getFileStatus("/data/tiny.bin").effectivePolicy(),
                "a file below the small-file threshold in an RS-6-3 directory is replicated");
        assertArrayEquals(tiny, read("/data/tiny.bin"));
        assertEquals(
                3,
                client.locate("/data/tiny.bin", 0, tiny.length)
                        .groups()
                        .get(0)
                        .blocks()
                        .size(),
                "three replicas through the pipeline");

        FileStatus status = client.getFileStatus("/data/big.bin");
        assertEquals(big.length, status.length());
        assertEquals(StoragePolicy.RS_6_3, status.effectivePolicy());
        assertArrayEquals(big, read("/data/big.bin"));
        assertArrayEquals(small, read("/data/small.bin"));

        FileLocations locations = client.locate("/data/big.bin", 0, big.length);
        assertEquals(4, locations.groups().size(), "20 MiB in groups of 6 x 1 MiB");
        for (FileLocations.GroupLocation group : locations.groups()) {
            Set<Integer> nodes = new HashSet<>();
            Set<String> racks = new HashSet<>();
            group.blocks().forEach(block -> {
                nodes.add(block.node().nodeId());
                racks.add(block.node().rack());
            });
            assertEquals(group.blocks().size(), nodes.size(), "every block of a group on its own node");
            assertEquals(3, racks.size(), "a group spreads over all three racks");
        }

        for (int i = 0; i < 3; i++) {
            servers.get(i * 3).close();
        }
        assertArrayEquals(big, read("/data/big.bin"), "degraded read with three nodes down");
        assertArrayEquals(small, read("/data/small.bin"), "degraded read of a short group");

        awaitCondition("three nodes declared dead", () -> liveNodes() == 6);
        FsckReport fsck = client.metadata().fsck("/");
        assertEquals(FsckReport.Health.DEGRADED, fsck.status(), fsck.toString());
        assertEquals(0, fsck.missing());
    }

    @Test
    void shouldLetTheParityNodeAccumulateWhenTheWriterBudgetIsTooSmall() throws IOException {
        client.close();
        client = TesseraClient.connect(new TesseraClient.Context()
                .metaAddresses("127.0.0.1:" + metaPort)
                .aeronDirectoryName(meta.aeronDirectoryName())
                .writerMemoryBudget(5L * MIB)
                .operationTimeout(10, TimeUnit.SECONDS)
                .errorHandler(ERRORS::add));
        client.mkdirs("/tight", 0755);
        client.setPolicy("/tight", StoragePolicy.RS_6_3);
        byte[] data = random(15 * MIB + 999, 4);
        write("/tight/file", data, MIB);
        assertArrayEquals(data, read("/tight/file"));

        FileLocations locations = client.locate("/tight/file", 0, data.length);
        for (FileLocations.GroupLocation group : locations.groups()) {
            assertEquals(3, group.blocks().stream().filter(b -> b.index() >= 6).count(), "three parity blocks");
        }
        for (int i = 0; i < 3; i++) {
            servers.get(i).close();
        }
        assertArrayEquals(data, read("/tight/file"), "decoded from parity the servers computed");
    }

    @Test
    void shouldGiveTheSpaceOfDeletedFilesBackOnTheStorageServers() throws IOException {
        client.mkdirs("/gc", 0755);
        client.setPolicy("/gc", StoragePolicy.RS_6_3);
        write("/gc/doomed", random(4 * MIB, 6), MIB);
        awaitCondition("the storage servers report the new blocks", () -> storedBlocks() == 7);
        assertTrue(client.delete("/gc/doomed", false));
        awaitCondition("the deleted file's blocks are gone from the servers", () -> storedBlocks() == 0);
    }

    private long storedBlocks() {
        return client.metadata().clusterReport().nodes().stream()
                .mapToLong(ClusterReport.Node::blocks)
                .sum();
    }

    @Test
    void shouldKeepEveryFileAcrossAMetadataServiceRestart() throws IOException {
        client.mkdirs("/keep/a/b", 0755);
        byte[] data = random(2 * MIB + 7, 3);
        write("/keep/a/file", data, MIB);
        client.rename("/keep/a/file", "/keep/a/b/moved");

        client.close();
        meta.close();
        meta = startMeta();
        client = TesseraClient.connect(new TesseraClient.Context()
                .metaAddresses("127.0.0.1:" + metaPort)
                .aeronDirectoryName(meta.aeronDirectoryName())
                .operationTimeout(10, TimeUnit.SECONDS));

        awaitCondition("the restarted service answers", () -> {
            try {
                client.getFileStatus("/keep");
                return true;
            } catch (TesseraException e) {
                return false;
            }
        });
        assertTrue(client.getFileStatus("/keep/a/b").directory());
        assertEquals(data.length, client.getFileStatus("/keep/a/b/moved").length());
        TesseraException gone = assertThrows(TesseraException.class, () -> client.getFileStatus("/keep/a/file"));
        assertEquals(ErrorCode.NOT_FOUND, gone.code());
    }

    @Test
    void shouldRefuseBadRequestsClearly() throws IOException {
        TesseraException policy = assertThrows(TesseraException.class, () -> StoragePolicy.parse("RS-7-3"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, policy.code());
        client.mkdirs("/x", 0755);
        TesseraException rename = assertThrows(TesseraException.class, () -> client.rename("/x", "/missing/y"));
        assertEquals(ErrorCode.PARENT_NOT_FOUND, rename.code());
        TesseraException missing = assertThrows(TesseraException.class, () -> client.open("/nope"));
        assertEquals(ErrorCode.NOT_FOUND, missing.code());

        TesseraOutputStream first = client.create("/x/held", TesseraClient.CreateOptions.defaults());
        try (TesseraClient other = TesseraClient.connect(new TesseraClient.Context()
                .metaAddresses("127.0.0.1:" + metaPort)
                .aeronDirectoryName(meta.aeronDirectoryName()))) {
            TesseraException held = assertThrows(
                    TesseraException.class,
                    () -> other.create(
                            "/x/held", TesseraClient.CreateOptions.defaults().overwrite(true)));
            assertEquals(ErrorCode.LEASE_HELD, held.code());
        }
        first.close();
        assertFalse(client.getFileStatus("/x/held").directory());
    }

    private void write(String path, byte[] data, long blockSize) throws IOException {
        try (TesseraOutputStream out =
                client.create(path, TesseraClient.CreateOptions.defaults().blockSize(blockSize))) {
            Random random = new Random(path.hashCode());
            int offset = 0;
            while (offset < data.length) {
                int n = Math.min(data.length - offset, 1 + random.nextInt(3 * MIB));
                out.write(data, offset, n);
                offset += n;
            }
        }
    }

    private byte[] read(String path) throws IOException {
        try (TesseraInputStream in = client.open(path)) {
            byte[] data = new byte[(int) in.length()];
            int offset = 0;
            while (offset < data.length) {
                int n = in.read(data, offset, Math.min(data.length - offset, 777_777));
                assertTrue(n > 0, "read returned " + n + " at " + offset);
                offset += n;
            }
            assertEquals(-1, in.read());
            return data;
        }
    }

    private long liveNodes() {
        ClusterReport report = client.metadata().clusterReport();
        return report.nodes().stream()
                .filter(node -> node.state().equals("LIVE"))
                .count();
    }

    private MetadataService startMeta() {
        return MetadataService.launch(new MetadataService.Context()
                .dir(dir.resolve("meta"))
                .port(metaPort)
                .fsyncLog(false)
                .heartbeatTimeout(3, TimeUnit.SECONDS)
                .errorHandler(ERRORS::add));
    }

    private StorageServer startStorage(int i) {
        return StorageServer.launch(new StorageServer.Context()
                .dataDir(dir.resolve("storage-" + i))
                .aeronDirectoryName(meta.aeronDirectoryName())
                .metaAddresses("127.0.0.1:" + metaPort)
                .rack("rack-" + (i % 3))
                .zone("zone-0")
                .fsync(false)
                .heartbeatInterval(500, TimeUnit.MILLISECONDS)
                .blockReportInterval(1, TimeUnit.SECONDS)
                .errorHandler(ERRORS::add));
    }

    private static byte[] random(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (TesseraException e) {
                // Not there yet: try again until the deadline.
            }
            assertTrue(
                    System.nanoTime() < deadline,
                    () -> "timed out waiting for " + what + "; errors: "
                            + ERRORS.stream().limit(5).map(Throwable::toString).toList());
            Thread.onSpinWait();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A base port with the five ports a member uses free on loopback. */
    private static int freePortBase() throws IOException {
        return FreePortBlock.find(5);
    }
}
