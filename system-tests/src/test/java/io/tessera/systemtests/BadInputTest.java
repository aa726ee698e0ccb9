package io.tessera.systemtests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.tessera.client.AeronChannels;
import io.tessera.client.TesseraClient;
import io.tessera.client.TesseraInputStream;
import io.tessera.client.TesseraMediaDriver;
import io.tessera.client.TesseraOutputStream;
import io.tessera.systemtests.ProcessCluster.StorageNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input gets one clear line on stderr and a non-zero exit, and the cluster keeps serving: after each
 * case a new file goes in and comes back identical. A metadata service and three storage servers in
 * three racks, each its own process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BadInputTest {
    private static final int NODES = 3;
    private static final Duration COMMAND = Duration.ofSeconds(90);

    private final Path work = Path.of("target", "system-tests", getClass().getSimpleName());
    private final ProcessLauncher launcher = new ProcessLauncher(work.resolve("logs"));

    @RegisterExtension
    final ShowProcessLogsOnFailure evidence = new ShowProcessLogsOnFailure(launcher);

    private ProcessCluster cluster;
    private ClusterProbe probe;
    private Path twoMib;
    private int files;

    @BeforeAll
    void startCluster() throws IOException {
        cluster = ProcessCluster.start(launcher, work.resolve("cluster"), NODES, NODES);
        probe = new ClusterProbe(launcher, cluster.metaAddress());
        probe.awaitLive(allDataPorts(), Duration.ofSeconds(90));
        Path inputs = Files.createDirectories(work.resolve("inputs"));
        twoMib = LocalFiles.random(inputs.resolve("two-mib.bin"), 2 << 20, 2);
        ok("fs", "put", twoMib.toString(), "/kept.bin");
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldRefuseAnUnknownPolicyAsAUsageError() {
        CommandResult put = launcher.run(
                cluster.metaAddress(), COMMAND, "fs", "put", "--policy", "RS-7-3", twoMib.toString(), "/rs-7-3.bin");

        assertEquals(2, put.exitCode(), put::toString);
        assertTrue(put.errorLines().get(0).contains("unknown storage policy 'RS-7-3'"), put::toString);
        assertNotThere("/rs-7-3.bin");
        assertClusterStillServes();
    }

    @Test
    void shouldRefuseAPolicyThatNeedsMoreNodesThanTheClusterHasInOneLine() {
        CommandResult put = launcher.run(
                cluster.metaAddress(), COMMAND, "fs", "put", "--policy", "RS-6-3", twoMib.toString(), "/rs-6-3.bin");

        assertOneLineError(put, "RS-6-3");
        assertClusterStillServes();
    }

    @Test
    void shouldLeaveNoFileBehindWhenAPutIsRefusedForItsPolicy() {
        CommandResult put = launcher.run(
                cluster.metaAddress(), COMMAND, "fs", "put", "--policy", "RS-6-3", twoMib.toString(), "/refused.bin");

        assertOneLineError(put, "RS-6-3");
        assertNotThere("/refused.bin");
    }

    @Test
    void shouldRefuseARenameIntoAMissingParentInOneLine() {
        CommandResult mv = launcher.run(cluster.metaAddress(), COMMAND, "fs", "mv", "/kept.bin", "/missing/moved.bin");

        assertOneLineError(mv, "/missing");
        ok("fs", "stat", "/kept.bin");
        assertNotThere("/missing/moved.bin");
        assertClusterStillServes();
    }

    @Test
    void shouldSayNoSuchFileForAGetOfAMissingPathInOneLine() {
        Path local = work.resolve("never-written.bin");
        CommandResult get =
                launcher.run(cluster.metaAddress(), COMMAND, "fs", "get", "/no/such/file.bin", local.toString());

        assertOneLineError(get, "/no/such/file.bin");
        assertFalse(Files.exists(local), "a failed get leaves no local file");
        assertClusterStillServes();
    }

    @Test
    void shouldRefuseASecondWriterWhileTheFirstHoldsTheFile() throws IOException {
        byte[] first = new byte[3 << 20];
        new Random(7).nextBytes(first);
        try (TesseraClient client = inProcessClient()) {
            try (TesseraOutputStream writer = client.create("/busy/file.bin", TesseraClient.CreateOptions.defaults())) {
                writer.write(first, 0, 1 << 20);

                CommandResult second = launcher.run(
                        cluster.metaAddress(), COMMAND, "fs", "put", "-f", twoMib.toString(), "/busy/file.bin");

                assertOneLineError(second, "being written");
                writer.write(first, 1 << 20, first.length - (1 << 20));
            }
            try (TesseraInputStream in = client.open("/busy/file.bin")) {
                assertArrayEquals(first, in.readAllBytes(), "the first writer's bytes");
            }
        }
        assertClusterStillServes();
    }

    @Test
    void shouldAnswerGarbageOnTheDataPortAndKeepServing() {
        StorageNode target = cluster.node(0);
        String driverDirectory = Path.of("/dev/shm").toFile().isDirectory()
                ? "/dev/shm/tessera-garbage-" + UUID.randomUUID()
                : work.resolve("garbage-driver").toString();
        try (MediaDriver driver = TesseraMediaDriver.launch(driverDirectory);
                Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
                Publication garbage = aeron.addPublication(
                        AeronChannels.udp("127.0.0.1", target.dataPort), AeronChannels.REQUEST_STREAM_ID)) {
            byte[] junk = new byte[300];
            new Random(300).nextBytes(junk);
            UnsafeBuffer buffer = new UnsafeBuffer(junk);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (int sent = 0; sent < 3; ) {
                if (garbage.offer(buffer, 0, 7 + sent * 100) > 0) {
                    sent++;
                } else {
                    assertTrue(System.nanoTime() < deadline, "the storage server never took the garbage");
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
            target.process.awaitStderrLine("malformed request", Duration.ofSeconds(20));
        }
        assertTrue(target.isAlive(), "the storage server survived the garbage");
        probe.awaitLive(allDataPorts(), Duration.ofSeconds(30));
        assertClusterStillServes();
    }

    /** A new file goes in under REPLICATED-3, so every storage server takes a block, and comes back identical. */
    private void assertClusterStillServes() {
        String remote = "/still-serving/file-" + ++files + ".bin";
        Path back = work.resolve("back-" + files + ".bin");
        ok("fs", "put", "--policy", "REPLICATED-3", twoMib.toString(), remote);
        ok("fs", "get", "-f", remote, back.toString());
        assertEquals(LocalFiles.sha256(twoMib), LocalFiles.sha256(back), "the bytes of " + remote);
    }

    private static void assertOneLineError(CommandResult result, String mentioning) {
        assertEquals(1, result.exitCode(), result::toString);
        List<String> lines = result.errorLines();
        assertEquals(1, lines.size(), () -> "one line on stderr\n" + result);
        assertTrue(lines.get(0).startsWith("tessera: "), result::toString);
        assertTrue(lines.get(0).contains(mentioning), () -> "the error names " + mentioning + "\n" + result);
    }

    private void assertNotThere(String remote) {
        CommandResult stat = launcher.run(cluster.metaAddress(), COMMAND, "fs", "stat", remote);
        assertOneLineError(stat, remote);
    }

    private TesseraClient inProcessClient() {
        return TesseraClient.connect(new TesseraClient.Context()
                .metaAddresses(cluster.metaAddress())
                .operationTimeout(30, TimeUnit.SECONDS));
    }

    private CommandResult ok(String... arguments) {
        CommandResult result = launcher.run(cluster.metaAddress(), COMMAND, arguments);
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    private Set<Integer> allDataPorts() {
        return cluster.nodes().stream().map(node -> node.dataPort).collect(Collectors.toSet());
    }
}
