package io.tessera.examples.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.StoragePolicy;
import io.tessera.local.FreePorts;
import io.tessera.local.LocalCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The word count in a real Flink local environment (a mini cluster with two slots) on local files, an HDFS
 * (MiniDFSCluster) and Tessera (a local cluster, RS-3-2, 1 MiB blocks). Input is written and output read back
 * through Hadoop's FileSystem API, independently of Flink.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WordCountJobTest {
    private static final List<String> WORDS =
            List.of("tessera", "block", "parity", "Rack", "node", "row", "group", "flink", "spark", "hdfs", "zone");

    @TempDir
    static Path dir;

    private MiniHdfs hdfs;
    private LocalCluster tessera;
    /** Hadoop's configuration for the test's own reads and writes, and Flink's for the job. */
    private final Configuration hadoop = new Configuration();

    private final org.apache.flink.configuration.Configuration flink =
            new org.apache.flink.configuration.Configuration();

    @BeforeAll
    void startClusters() throws IOException {
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
        // The connector shares the cluster's media driver and writes 1 MiB blocks. Flink hands every
        // flink.hadoop.* key of its configuration to the Hadoop file systems it creates.
        for (String[] setting :
                new String[][] {{"fs.tessera.aeron.dir", tessera.aeronDirectoryName()}, {"fs.tessera.block.size", "1m"}
                }) {
            hadoop.set(setting[0], setting[1]);
            flink.setString("flink.hadoop." + setting[0], setting[1]);
        }
    }

    @AfterAll
    void stopClusters() throws IOException {
        FileSystem.closeAll(); // the connector's client before the cluster it is connected to
        if (tessera != null) {
            tessera.close();
        }
        if (hdfs != null) {
            hdfs.close();
        }
    }

    @Test
    void shouldCountTheWordsOfLocalFiles() throws Exception {
        assertCountsWords(dir.resolve("files").toUri().toString());
    }

    @Test
    void shouldCountTheWordsOfFilesOnHdfsThroughTheHadoopFallback() throws Exception {
        assertCountsWords(hdfs.uri("/wordcount"));
    }

    @Test
    void shouldCountTheWordsOfFilesOnTesseraThroughTheHadoopFallback() throws Exception {
        assertCountsWords("tessera://" + tessera.metaAddress() + "/wordcount");
    }

    /** Writes three text files under {@code base}/input, runs the job, and checks every count it wrote. */
    private void assertCountsWords(String base) throws Exception {
        String input = base + "/input";
        String output = base + "/output";
        Map<String, Long> expected = writeInput(input, 3, 20_000);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, flink);
        WordCountJob.run(env, input, output);

        Map<String, Long> counted = readCounts(output);
        assertEquals(expected, counted);
    }

    private Map<String, Long> writeInput(String input, int files, int lines) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        SplittableRandom random = new SplittableRandom(42);
        FileSystem fs = fileSystem(input);
        for (int f = 0; f < files; f++) {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(input + "/book-" + f + ".txt");
            try (Writer out = new OutputStreamWriter(fs.create(path, true), StandardCharsets.UTF_8)) {
                for (int l = 0; l < lines; l++) {
                    int n = random.nextInt(1, 8);
                    for (int w = 0; w < n; w++) {
                        String word = WORDS.get(random.nextInt(WORDS.size()));
                        out.write(w == 0 ? word : (w % 3 == 0 ? ", " : " ") + word);
                        counts.merge(word.toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
                    }
                    out.write('\n');
                }
            }
        }
        return counts;
    }

    private Map<String, Long> readCounts(String output) throws IOException {
        FileSystem fs = fileSystem(output);
        FileStatus[] parts = fs.listStatus(new org.apache.hadoop.fs.Path(output));
        assertTrue(parts.length >= 1, "no part files in " + output);
        Map<String, Long> counts = new TreeMap<>();
        for (FileStatus part : parts) {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(fs.open(part.getPath()), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    String[] fields = line.split("\t");
                    assertEquals(2, fields.length, line);
                    Long earlier = counts.put(fields[0], Long.parseLong(fields[1]));
                    assertEquals(null, earlier, () -> "counted twice: " + fields[0]);
                }
            }
        }
        return counts;
    }

    private FileSystem fileSystem(String uri) throws IOException {
        return FileSystem.get(URI.create(uri), hadoop);
    }
}
