package io.tessera.examples.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.client.FileLocations;
import io.tessera.client.TesseraClient;
import io.tessera.common.StoragePolicy;
import io.tessera.examples.spark.ScanLocality.FileRange;
import io.tessera.examples.spark.ScanLocality.ScanTask;
import io.tessera.local.FreePorts;
import io.tessera.local.LocalCluster;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TPC-H job in real Spark local mode on three file systems in this JVM: local files, an HDFS (MiniDFSCluster)
 * and Tessera (a local cluster of five storage servers, RS-3-2, 1 MiB blocks) through the connector.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TpchJobTest {
    private static final double SCALE_FACTOR = 0.01;

    @TempDir
    static Path dir;

    private SparkSession spark;
    private MiniHdfs hdfs;
    private LocalCluster tessera;
    private TpchJob.Result onFiles;
    private TpchJob.Result onHdfs;
    private TpchJob.Result onTessera;

    @BeforeAll
    void runTheJobOnEveryFileSystem() throws IOException {
        spark = TpchJob.localSession("tpch-test", 2);
        // One replica on one of three nodes: every block has exactly one host a task could prefer.
        hdfs = MiniHdfs.start(dir.resolve("hdfs"), 3, 1, 1 << 20);
        tessera = LocalCluster.start(new LocalCluster.Config(
                dir.resolve("tessera"),
                5,
                3,
                StoragePolicy.RS_3_2,
                "127.0.0.1",
                FreePorts.consecutive(5),
                0,
                TimeUnit.SECONDS.toMillis(30),
                Throwable::printStackTrace));
        // The connector shares the cluster's media driver (IPC) and writes 1 MiB blocks.
        spark.sparkContext().hadoopConfiguration().set("fs.tessera.aeron.dir", tessera.aeronDirectoryName());
        spark.sparkContext().hadoopConfiguration().set("fs.tessera.block.size", "1m");

        onFiles = TpchJob.run(spark, dir.resolve("files").toUri().toString(), SCALE_FACTOR);
        onHdfs = TpchJob.run(spark, hdfs.uri("/warehouse/tpch"), SCALE_FACTOR);
        onTessera = TpchJob.run(spark, "tessera://" + tessera.metaAddress() + "/warehouse/tpch", SCALE_FACTOR);
        for (TpchJob.Result result : List.of(onFiles, onHdfs, onTessera)) {
            System.out.printf(
                    "%s: written in %d ms, queries %s%n",
                    result.base(),
                    TimeUnit.NANOSECONDS.toMillis(result.writeNs()),
                    result.answers().stream()
                            .map(a -> a.query() + " " + TimeUnit.NANOSECONDS.toMillis(a.elapsedNs()) + " ms")
                            .toList());
        }
    }

    @AfterAll
    void stop() throws IOException {
        if (spark != null) {
            spark.stop();
        }
        FileSystem.closeAll(); // the connector's client before the cluster it is connected to
        if (tessera != null) {
            tessera.close();
        }
        if (hdfs != null) {
            hdfs.close();
        }
    }

    @Test
    void shouldAnswerEveryQueryOnLocalFilesWithTheSpecifiedShape() {
        List<TpchQueries.Answer> answers = onFiles.answers();
        assertEquals(
                List.of("Q1", "Q3", "Q6", "Q14"),
                answers.stream().map(TpchQueries.Answer::query).toList());
        List<String> q1 = answers.get(0).rows();
        assertEquals(
                List.of("[A,F", "[N,F", "[N,O", "[R,F"),
                q1.stream().map(row -> row.substring(0, 4)).toList());
        assertEquals(10, answers.get(1).rows().size());
        assertEquals(1, answers.get(2).rows().size());
        assertTrue(
                answers.get(2).rows().get(0).matches("\\[\\d+\\.\\d+]"),
                answers.get(2).rows()::toString);
        assertEquals(1, answers.get(3).rows().size());
        assertTrue(
                answers.get(3).rows().get(0).matches("\\[\\d{1,2}\\.\\d+]"),
                answers.get(3).rows()::toString);
    }

    @Test
    void shouldAnswerTheSameOnHdfsAsOnLocalFiles() {
        assertEquals(rows(onFiles), rows(onHdfs));
    }

    @Test
    void shouldAnswerTheSameOnTesseraAsOnLocalFiles() {
        assertEquals(rows(onFiles), rows(onTessera));
    }

    @Test
    void shouldPreferTheDataNodeThatHoldsEachScannedBlock() throws IOException {
        String lineitem = TpchData.location(onHdfs.base(), "lineitem");
        FileSystem fs =
                FileSystem.get(URI.create(lineitem), spark.sparkContext().hadoopConfiguration());
        assertPreferredHostsHoldTheBlocks(lineitem, range -> {
            Set<Set<String>> hosts = new HashSet<>();
            for (BlockLocation block : fs.getFileBlockLocations(
                    new org.apache.hadoop.fs.Path(range.path()), range.start(), range.length())) {
                hosts.add(Set.of(block.getHosts()));
            }
            return hosts;
        });
    }

    /**
     * The hosts come from the Tessera client's own {@code locate}, not from the connector under test. In one JVM
     * every storage server is 127.0.0.1 (tests bind nothing else), so this proves that the hosts of the blocks
     * reach Spark's scan tasks, while the HDFS case above, with a distinct name per node, proves Spark picks
     * among them by block.
     */
    @Test
    void shouldPreferTheStorageServersThatHoldEachScannedBlock() throws IOException {
        try (TesseraClient client = tessera.connect()) {
            assertPreferredHostsHoldTheBlocks(
                    TpchData.location(onTessera.base(), "lineitem"), range -> dataBlockHosts(client, range));
        }
    }

    private static Set<Set<String>> dataBlockHosts(TesseraClient client, FileRange range) {
        FileLocations locations = client.locate(URI.create(range.path()).getPath(), range.start(), range.length());
        int dataBlocks = locations.policy().dataBlocks();
        Set<Set<String>> hosts = new HashSet<>();
        for (FileLocations.GroupLocation group : locations.groups()) {
            for (int j = 0; j < dataBlocks; j++) {
                long start = group.fileOffset() + j * locations.blockSize();
                if (start < range.start() + range.length() && start + locations.blockSize() > range.start()) {
                    Set<String> holders = new HashSet<>();
                    for (FileLocations.BlockLocation block : group.blocks()) {
                        if (block.index() == j || !locations.policy().isErasureCoded()) {
                            holders.add(block.node().host());
                        }
                    }
                    hosts.add(holders);
                }
            }
        }
        return hosts;
    }

    interface BlockHosts {
        /** The host set of every block overlapping the range. */
        Set<Set<String>> of(FileRange range) throws IOException;
    }

    /**
     * Every scan task prefers only hosts that hold a block it reads, and a task that reads blocks of one host
     * set prefers exactly that set: the hosts come from the file system's block locations, not from anywhere
     * else.
     */
    private void assertPreferredHostsHoldTheBlocks(String table, BlockHosts blockHostsOf) throws IOException {
        spark.conf().set("spark.sql.files.maxPartitionBytes", "64k");
        spark.conf().set("spark.sql.files.openCostInBytes", "64k");
        List<ScanTask> tasks;
        try {
            tasks = ScanLocality.of(spark.read().parquet(table));
        } finally {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
            spark.conf().unset("spark.sql.files.openCostInBytes");
        }
        assertTrue(tasks.size() > 1, () -> "scan tasks: " + tasks);
        System.out.println(table + ": " + ScanLocality.describe(tasks));
        for (ScanTask task : tasks) {
            Set<Set<String>> blockHosts = new HashSet<>();
            for (FileRange range : task.ranges()) {
                blockHosts.addAll(blockHostsOf.of(range));
            }
            Set<String> holders = new HashSet<>();
            blockHosts.forEach(holders::addAll);
            assertFalse(task.preferredHosts().isEmpty(), () -> "no preferred host: " + task);
            assertTrue(holders.containsAll(task.preferredHosts()), () -> task + " but the blocks are on " + holders);
            if (blockHosts.size() == 1 && holders.size() <= 3) {
                assertEquals(holders, Set.copyOf(task.preferredHosts()), () -> "task " + task);
            }
        }
    }

    private static List<List<String>> rows(TpchJob.Result result) {
        return result.answers().stream().map(TpchQueries.Answer::rows).toList();
    }
}
