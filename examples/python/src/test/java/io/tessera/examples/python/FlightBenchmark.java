package io.tessera.examples.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.client.TesseraClient;
import io.tessera.common.StoragePolicy;
import io.tessera.flight.FlightService;
import io.tessera.local.FreePorts;
import io.tessera.local.LocalCluster;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test (Surefire's default includes skip the name): the Flight read benchmark of docs/benchmarks.md.
 * A local cluster with Flight (RS-3-2 on five nodes, 64 MiB blocks), a lineitem-shaped dataset of
 * {@code -Dtessera.bench.mib} MiB written by pyarrow and put in, then bench_flight.py: pyarrow's local
 * read against Flight with 1, 2, 4 and 8 streams, full and projected. Run with
 * {@code mvn -pl examples/python -am verify -Dtest=FlightBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * after PythonClientTest has made target/venv.
 */
class FlightBenchmark {
    private static final Path MODULE = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        int mib = Integer.getInteger("tessera.bench.mib", 1024);
        Path python = MODULE.resolve("target/venv/bin/python");
        Path data = dir.resolve("lineitem");
        exec(List.of(python.toString(), "make_lineitem.py", data.toString(), "--mib", "" + mib), "bench-data");
        int nodes = 5;
        int[] ports = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                ports[i] = socket.getLocalPort();
            }
        }
        List<FlightService> services = new ArrayList<>();
        byte[] secret = "benchmark secret of some length".getBytes(StandardCharsets.UTF_8);
        try (LocalCluster cluster = LocalCluster.start(
                        new LocalCluster.Config(
                                dir.resolve("cluster"),
                                nodes,
                                3,
                                StoragePolicy.RS_3_2,
                                "127.0.0.1",
                                FreePorts.consecutive(5),
                                0,
                                TimeUnit.SECONDS.toMillis(60),
                                Throwable::printStackTrace),
                        index -> ports[index]);
                TesseraClient client = cluster.connect()) {
            FlightService planner = FlightService.start(
                    new FlightService.Context().port(0).client(client).secret(secret));
            services.add(planner);
            for (int i = 0; i < nodes; i++) {
                services.add(FlightService.start(new FlightService.Context()
                        .port(ports[i])
                        .client(client)
                        .secret(secret)
                        .localBlocks(cluster.servers().get(i).localBlocks())));
            }
            try (var files = Files.list(data)) {
                for (Path file : files.sorted().toList()) {
                    try (OutputStream out = client.create(
                            "/bench/lineitem/" + file.getFileName(),
                            TesseraClient.CreateOptions.defaults().blockSize(64L << 20))) {
                        Files.copy(file, out);
                    }
                }
            }
            exec(
                    List.of(
                            python.toString(),
                            "bench_flight.py",
                            "--flight",
                            planner.location().getUri().toString(),
                            "--path",
                            "/bench/lineitem",
                            "--local",
                            data.toString()),
                    "bench-flight");
            long local = 0;
            for (int i = 1; i < services.size(); i++) {
                local += services.get(i).localBytesRead();
            }
            System.out.printf(
                    "bytes read by the data servers: %d MiB from their own disks, %d MiB through the client%n",
                    local >> 20,
                    services.stream().mapToLong(FlightService::remoteBytesRead).sum() >> 20);
        } finally {
            for (int i = services.size() - 1; i >= 0; i--) {
                CloseHelper.quietClose(services.get(i));
            }
        }
    }

    private static void exec(List<String> command, String name) throws Exception {
        Path log = MODULE.resolve("target/" + name + ".log");
        Process process = new ProcessBuilder(command)
                .directory(MODULE.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        process.waitFor();
        String output = Files.readString(log);
        System.out.println("---- " + name + " ----\n" + output);
        assertEquals(0, process.exitValue(), output);
    }
}
