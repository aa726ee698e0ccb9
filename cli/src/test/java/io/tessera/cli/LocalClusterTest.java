package io.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.StoragePolicy;
import io.tessera.local.FreePorts;
import io.tessera.local.LocalCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file commands end to end: a local cluster of five storage servers in this JVM (RS-3-2 over three
 * racks), driven through the command line with captured output, as a user would.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LocalClusterTest {
    private static final int NODES = 5;

    @TempDir
    Path dir;

    private final List<AutoCloseable> started = new ArrayList<>();
    private LocalCluster cluster;

    @AfterEach
    void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    private LocalCluster start(int metaPort) {
        cluster = LocalCluster.start(new LocalCluster.Config(
                dir.resolve("cluster"),
                NODES,
                3,
                StoragePolicy.RS_3_2,
                "127.0.0.1",
                metaPort,
                0,
                TimeUnit.SECONDS.toMillis(30),
                Throwable::printStackTrace));
        started.add(cluster);
        return cluster;
    }

    private Run tessera(String... args) {
        List<String> line = new ArrayList<>(List.of("--meta", cluster.metaAddress(), "--timeout", "20"));
        line.addAll(List.of(args));
        return Run.of(line.toArray(String[]::new));
    }

    private Run ok(String... args) {
        Run run = tessera(args);
        assertEquals(0, run.exitCode(), () -> String.join(" ", args) + "\n" + run);
        return run;
    }

    private Path localFile(String name, int length, long seed) throws IOException {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void shouldPutListLocateGetAndRemoveFiles() throws IOException {
        start(FreePorts.consecutive(5));
        Path local = localFile("input.bin", 2_000_000 + 4321, 42);

        ok("fs", "mkdir", "/data");
        Run again = tessera("fs", "mkdir", "/data");
        assertEquals(1, again.exitCode(), again::toString);
        assertEquals(1, again.stderrLines().size(), again::toString);
        ok("fs", "mkdir", "-p", "/data/a/b");
        ok("fs", "put", "--block-size", "64k", local.toString(), "/data/file.bin");

        String listing = ok("fs", "ls", "/data").stdout();
        assertTrue(listing.contains("/data/file.bin"), listing);
        assertTrue(listing.contains(" 2004321 "), listing);
        assertTrue(listing.contains("RS-3-2"), listing);
        assertTrue(ok("fs", "ls", "-R", "/").stdout().contains("/data/a/b"));
        assertTrue(ok("fs", "ls", "--json", "/data").stdout().contains("\"path\":\"/data/file.bin\""));
        String stat = ok("fs", "stat", "--json", "/data/file.bin").stdout();
        assertTrue(stat.contains("\"length\":2004321"), stat);
        assertTrue(stat.contains("\"blockSize\":65536"), stat);
        assertEquals(
                "RS-3-2 (inherited)", ok("fs", "getpolicy", "/data").stdout().strip());

        Path copy = dir.resolve("copy.bin");
        ok("fs", "get", "/data/file.bin", copy.toString());
        assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(copy));
        assertArrayEquals(
                Files.readAllBytes(local), ok("fs", "cat", "/data/file.bin").stdoutBytes());

        checkLocate();

        Run fsck = ok("admin", "fsck");
        List<String> lines = fsck.stdoutLines();
        assertTrue(lines.get(lines.size() - 1).endsWith(" HEALTHY"), fsck::toString);
        String report = ok("admin", "report", "--json").stdout();
        assertEquals(NODES, report.split("\"state\":\"LIVE\"", -1).length - 1, report);

        ok("fs", "mv", "/data/file.bin", "/data/moved.bin");
        Run gone = tessera("fs", "stat", "/data/file.bin");
        assertEquals(1, gone.exitCode(), gone::toString);
        assertEquals(1, gone.stderrLines().size(), gone::toString);
        assertTrue(gone.stderr().startsWith("tessera: "), gone::toString);

        ok("fs", "rm", "/data/moved.bin");
        Run directory = tessera("fs", "rm", "/data");
        assertEquals(1, directory.exitCode(), directory::toString);
        ok("fs", "rm", "-r", "/data");
        assertEquals("", ok("fs", "ls", "/").stdout());
    }

    private void checkLocate() {
        // 2004321 bytes in 64 KiB blocks: 31 data blocks, in 11 groups of up to 3, each with 2 parity blocks
        // (above the client's 1 MiB small-file threshold, below which RS directories replicate).
        List<String> rows = ok("fs", "locate", "/data/file.bin").stdoutLines().stream()
                .filter(line -> line.matches("^\\d+ .*"))
                .toList();
        assertEquals(31, rows.stream().filter(row -> row.contains(" data ")).count(), String.join("\n", rows));
        assertEquals(22, rows.stream().filter(row -> row.contains(" parity ")).count(), String.join("\n", rows));
        assertTrue(rows.stream().allMatch(row -> row.contains("127.0.0.1:") && row.contains("rack-")));
        String json = ok("fs", "locate", "--json", "/data/file.bin").stdout();
        assertEquals(53, json.split("\"kind\":", -1).length - 1, json);
    }

    @Test
    void shouldKeepFilesWhenRestartedOnTheSameDirectory() throws IOException {
        int port = FreePorts.consecutive(5);
        start(port);
        Path local = localFile("kept.bin", 300_000, 7);
        ok("fs", "put", "--block-size", "64k", local.toString(), "/kept.bin");
        cluster.close();

        start(port);
        Path copy = dir.resolve("kept-copy.bin");
        ok("fs", "get", "/kept.bin", copy.toString());
        assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(copy));
        Run fsck = ok("admin", "fsck", "/kept.bin");
        assertTrue(fsck.stdout().strip().endsWith("HEALTHY"), fsck::toString);
    }

    @Test
    void shouldBenchmarkWritesThenReadsOfTheFilesLeft() {
        start(FreePorts.consecutive(5));
        Run none = tessera("bench", "read");
        assertEquals(1, none.exitCode(), none::toString);
        assertTrue(none.stderr().contains("run tessera bench write first"), none::toString);

        Run write = ok(
                "bench",
                "write",
                "--files",
                "3",
                "--size",
                "2m",
                "--block-size",
                "256k",
                "--threads",
                "2",
                "--policy",
                "RS-3-2");
        assertTrue(write.stdoutLines().get(1).matches("write\\s+RS-3-2\\s+3\\s.*"), write::toString);
        Run read = ok("bench", "read", "--threads", "3");
        assertTrue(read.stdoutLines().get(1).matches("read\\s+RS-3-2\\s+3\\s+6 MiB\\s.*"), read::toString);
    }

    @Test
    void shouldPassTheDemoOnASmallCluster() {
        Run demo = Run.of(
                "demo",
                "--dir",
                dir.resolve("demo").toString(),
                "--nodes",
                "6",
                "--policy",
                "RS-3-2",
                "--files",
                "2",
                "--file-size",
                "3m",
                "--block-size",
                "256k");
        assertEquals(0, demo.exitCode(), demo::toString);
        assertTrue(demo.stdout().contains("fsck: DEGRADED"), demo::toString);
        assertTrue(demo.stdout().contains("fsck: HEALTHY again"), demo::toString);
        assertTrue(demo.stdoutLines().get(demo.stdoutLines().size() - 1).equals("demo: PASSED"), demo::toString);
    }

    @Test
    void shouldReportDegradedAndExitOneOnceANodeIsLost() throws IOException, InterruptedException {
        start(FreePorts.consecutive(5));
        Path local = localFile("spread.bin", 3_000_000, 3);
        ok("fs", "put", "--block-size", "256k", local.toString(), "/spread.bin");
        cluster.stopServer(0);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Run fsck = tessera("admin", "fsck");
        while (fsck.exitCode() == 0 && System.nanoTime() - deadline < 0) {
            // Every client opens a cluster session, and the metadata service's tick (which declares silent
            // nodes dead) is pushed back by each session opening: polling faster than once a second
            // would keep the tick from ever firing.
            Thread.sleep(2000);
            fsck = tessera("admin", "fsck");
        }
        assertEquals(1, fsck.exitCode(), fsck::toString);
        List<String> lines = fsck.stdoutLines();
        assertTrue(lines.get(lines.size() - 1).endsWith(" DEGRADED"), fsck::toString);
        assertTrue(tessera("admin", "fsck", "--json").stdout().contains("\"status\":\"DEGRADED\""));

        Path copy = dir.resolve("spread-copy.bin");
        ok("fs", "get", "/spread.bin", copy.toString());
        assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(copy));
    }
}
