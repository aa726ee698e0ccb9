package io.tessera.bench.hdfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole comparison at a tiny size: every measure gets a sample from Tessera and HDFS (and the Spark queries
 * one from local files), the TPC-H answers agree on all three, and the table and the report are written.
 */
class CompareHdfsTest {
    @TempDir
    Path dir;

    @Test
    void shouldMeasureEverySystemAndWriteTheTableAndReport() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CompareHdfs compare = new CompareHdfs(new PrintStream(printed, true, StandardCharsets.UTF_8), System.err);
        Path report = dir.resolve("report.html");
        int code = new CommandLine(compare)
                .execute(
                        "--dir", dir.resolve("data").toString(),
                        "--size", "8m",
                        "--files", "2",
                        "--threads", "2",
                        "--block-size", "1m",
                        "--runs", "1",
                        "--meta-files", "40",
                        "--listings", "1",
                        "--tpch-scale", "0.001",
                        "--report", report.toString());
        String output = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, output);

        List<Results.Row> rows = compare.results().rows();
        assertEquals(2 * 4 + MetadataOps.OPERATIONS.size() + 5, rows.size(), output);
        for (Results.Row row : rows) {
            for (String system : List.of(Results.TESSERA, Results.HDFS)) {
                assertNotNull(row.median(system), () -> "no " + system + " sample for " + row);
                assertTrue(row.median(system) > 0, () -> system + ": " + row);
            }
            if (row.section().startsWith("Spark")) {
                assertNotNull(row.median(Results.FILE), () -> "no file sample for " + row);
            }
        }
        assertTrue(
                output.contains("| throughput, RS-6-3 / RS-6-3-1024k | read, 2 files × 4 MiB, 2 threads | MiB/s |"),
                output);
        String html = Files.readString(report);
        assertTrue(html.contains("<svg") && html.contains("RS-6-3-1024k"), html);
    }
}
