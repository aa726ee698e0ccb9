package io.tessera.examples.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.client.TesseraClient;
import io.tessera.common.StoragePolicy;
import io.tessera.flight.FlightService;
import io.tessera.local.FreePorts;
import io.tessera.local.LocalCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs examples/python's pytest suite with real pyarrow against a local cluster with Flight beside every
 * server: Parquet files written by pyarrow are put into the cluster (RS-3-2, 256 KiB blocks) and the
 * suite compares what Flight returns with pyarrow reading the same files from disk — once with every
 * node up, once with the holder of the first row group stopped. Then query.py runs as a user would.
 * The virtualenv (target/venv) gets requirements.txt's pinned packages from PyPI on first use.
 */
class PythonClientTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path VENV = MODULE.resolve("target/venv");
    private static final String DATASET = "/warehouse/py";
    private static final byte[] SECRET = "python example test secret".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void shouldGiveThePythonClientWhatPyarrowReadsLocallyAlsoWithAHolderStopped() throws Exception {
        Path python = virtualenv();
        Path data = dir.resolve("data");
        run(List.of(python.toString(), "make_data.py", data.toString()), Map.of(), "make_data");

        int nodes = 5;
        int[] ports = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            ports[i] = freeTcpPort();
        }
        List<FlightService> services = new ArrayList<>();
        try (LocalCluster cluster = LocalCluster.start(
                        new LocalCluster.Config(
                                dir.resolve("cluster"),
                                nodes,
                                3,
                                StoragePolicy.RS_3_2,
                                "127.0.0.1",
                                FreePorts.consecutive(5),
                                0,
                                TimeUnit.SECONDS.toMillis(30),
                                Throwable::printStackTrace),
                        index -> ports[index]);
                TesseraClient client = cluster.connect()) {
            FlightService planner = FlightService.start(context(client, 0));
            services.add(planner);
            for (int i = 0; i < nodes; i++) {
                services.add(FlightService.start(context(client, ports[i])
                        .localBlocks(cluster.servers().get(i).localBlocks())));
            }
            try (var files = Files.list(data)) {
                for (Path file : files.sorted().toList()) {
                    try (OutputStream out = client.create(
                            DATASET + "/" + file.getFileName(),
                            TesseraClient.CreateOptions.defaults().blockSize(256 * 1024))) {
                        Files.copy(file, out);
                    }
                }
            }
            Map<String, String> env = Map.of(
                    "TESSERA_FLIGHT", planner.location().getUri().toString(),
                    "TESSERA_DATASET", DATASET,
                    "TESSERA_LOCAL_DATA", data.toString());

            pytest(python, env, "healthy");

            int holder = holderOfFirstRowGroup(planner.location(), ports);
            services.get(1 + holder).close();
            cluster.stopServer(holder);
            pytest(python, env, "degraded");

            String output = run(
                    List.of(
                            python.toString(),
                            "query.py",
                            "--flight",
                            env.get("TESSERA_FLIGHT"),
                            "--columns",
                            "mode,qty,price",
                            "--filter",
                            "[[\"qty\", \">=\", 40]]"),
                    Map.of(),
                    "query");
            assertTrue(output.contains("datasets: " + DATASET), output);
            assertTrue(output.contains("read ") && output.contains("qty"), output);
        } finally {
            for (int i = services.size() - 1; i >= 0; i--) {
                CloseHelper.quietClose(services.get(i));
            }
        }
    }

    private static FlightService.Context context(TesseraClient client, int port) {
        return new FlightService.Context()
                .host("127.0.0.1")
                .port(port)
                .client(client)
                .secret(SECRET);
    }

    private void pytest(Path python, Map<String, String> env, String phase) throws Exception {
        Map<String, String> withPhase = new java.util.HashMap<>(env);
        withPhase.put("TESSERA_PHASE", phase);
        run(
                List.of(python.toString(), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"),
                withPhase,
                "pytest-" + phase);
    }

    private static int holderOfFirstRowGroup(Location planner, int[] ports) throws Exception {
        try (RootAllocator allocator = new RootAllocator();
                FlightClient client = FlightClient.builder(allocator, planner).build()) {
            Location first = client.getInfo(FlightDescriptor.path(DATASET))
                    .getEndpoints()
                    .get(0)
                    .getLocations()
                    .get(0);
            for (int i = 0; i < ports.length; i++) {
                if (ports[i] == first.getUri().getPort()) {
                    return i;
                }
            }
            throw new AssertionError("no storage server at " + first);
        }
    }

    /** target/venv with requirements.txt installed (once: a marker file records it). */
    private static Path virtualenv() throws Exception {
        Path python = VENV.resolve("bin/python");
        Path marker = VENV.resolve(".requirements-installed");
        String requirements = Files.readString(MODULE.resolve("requirements.txt"));
        if (Files.exists(marker) && Files.readString(marker).equals(requirements)) {
            return python;
        }
        run(List.of("python3", "-m", "venv", VENV.toString()), Map.of(), "venv");
        run(List.of(python.toString(), "-m", "pip", "install", "-q", "-r", "requirements.txt"), Map.of(), "pip");
        Files.writeString(marker, requirements);
        return python;
    }

    /** Runs a command in the module directory; its output goes to target/NAME.log and is returned. */
    private static String run(List<String> command, Map<String, String> env, String name)
            throws IOException, InterruptedException {
        Path log = MODULE.resolve("target/" + name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(MODULE.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not finish within 10 minutes; see " + log);
        }
        String output = Files.readString(log);
        System.out.println("---- " + name + " ----\n" + output);
        assertEquals(0, process.exitValue(), name + " failed:\n" + output);
        return output;
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
