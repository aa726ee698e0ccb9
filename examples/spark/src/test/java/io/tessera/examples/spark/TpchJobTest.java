package io.tessera.examples.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.examples.spark.ScanLocality.FileRange;
import io.tessera.examples.spark.ScanLocality.ScanTask;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The TPC-H job in real Spark local mode, on local files and on an HDFS in the same JVM. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TpchJobTest {
    private static final double SCALE_FACTOR = 0.01;

    @TempDir
    static Path dir;

    private SparkSession spark;
    private MiniHdfs hdfs;
    private TpchJob.Result onFiles;
    private TpchJob.Result onHdfs;

    @BeforeAll
    void runTheJobOnEveryFileSystem() throws IOException {
        spark = TpchJob.localSession("tpch-test", 2);
        // One replica on one of three nodes: every block has exactly one host a task could prefer.
        hdfs = MiniHdfs.start(dir.resolve("hdfs"), 3, 1, 1 << 20);
        onFiles = TpchJob.run(spark, dir.resolve("files").toUri().toString(), SCALE_FACTOR);
        onHdfs = TpchJob.run(spark, hdfs.uri("/warehouse/tpch"), SCALE_FACTOR);
    }

    @AfterAll
    void stop() {
        if (spark != null) {
            spark.stop();
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
    void shouldPreferTheDataNodeThatHoldsEachScannedBlock() throws IOException {
        String lineitem = TpchData.location(onHdfs.base(), "lineitem");
        assertPreferredHostsHoldTheBlocks(lineitem);
    }

    /**
     * Every scan task prefers only hosts that hold a block it reads, and a task that reads blocks of one host
     * set prefers exactly that set: the hosts come from the file system's block locations, not from anywhere
     * else.
     */
    private void assertPreferredHostsHoldTheBlocks(String table) throws IOException {
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
        FileSystem fs = FileSystem.get(URI.create(table), spark.sparkContext().hadoopConfiguration());
        for (ScanTask task : tasks) {
            Set<Set<String>> blockHosts = new HashSet<>();
            for (FileRange range : task.ranges()) {
                org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(range.path());
                for (BlockLocation block : fs.getFileBlockLocations(path, range.start(), range.length())) {
                    blockHosts.add(Set.of(block.getHosts()));
                }
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
