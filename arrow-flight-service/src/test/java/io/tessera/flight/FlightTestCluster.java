package io.tessera.flight;

import io.tessera.client.TesseraClient;
import io.tessera.common.StoragePolicy;
import io.tessera.local.FreePorts;
import io.tessera.local.LocalCluster;
import io.tessera.storage.StorageServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.apache.arrow.flight.Location;

/**
 * A local cluster with Flight the way SPEC.md lays it out: one Flight service beside each storage server
 * (serving its blocks from disk) and one for planning beside the metadata service, all sharing a ticket
 * secret. Stopping a node stops its Flight service with it.
 */
final class FlightTestCluster implements AutoCloseable {
    static final byte[] SECRET = "a test secret of enough bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    final LocalCluster cluster;
    final TesseraClient client;
    final List<FlightService> data = new ArrayList<>();
    final FlightService planner;

    private FlightTestCluster(LocalCluster cluster, TesseraClient client, FlightService planner) {
        this.cluster = cluster;
        this.client = client;
        this.planner = planner;
    }

    static FlightTestCluster start(Path dir, int nodes, int racks, StoragePolicy policy) {
        int[] ports = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            ports[i] = freeTcpPort();
        }
        LocalCluster cluster = LocalCluster.start(
                new LocalCluster.Config(
                        dir,
                        nodes,
                        racks,
                        policy,
                        "127.0.0.1",
                        FreePorts.consecutive(5),
                        0,
                        TimeUnit.SECONDS.toMillis(30),
                        Throwable::printStackTrace),
                index -> ports[index]);
        TesseraClient client = null;
        FlightService planner = null;
        List<FlightService> started = new ArrayList<>();
        try {
            client = cluster.connect();
            planner = FlightService.start(context(client).port(0));
            for (int i = 0; i < nodes; i++) {
                StorageServer server = cluster.servers().get(i);
                started.add(FlightService.start(context(client).port(ports[i]).localBlocks(server.localBlocks())));
            }
            FlightTestCluster flight = new FlightTestCluster(cluster, client, planner);
            flight.data.addAll(started);
            return flight;
        } catch (RuntimeException e) {
            started.forEach(CloseHelper::quietClose);
            CloseHelper.quietCloseAll(planner, client, cluster);
            throw e;
        }
    }

    static FlightService.Context context(TesseraClient client) {
        return new FlightService.Context()
                .host("127.0.0.1")
                .client(client)
                .secret(SECRET)
                .batchRows(1000);
    }

    private static int freeTcpPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Location plannerLocation() {
        return planner.location();
    }

    /** Stops storage node {@code index} and its Flight service. */
    void stopNode(int index) {
        data.get(index).close();
        cluster.stopServer(index);
    }

    /** Copies a local file into the cluster with the given block size, as {@code fs put} does. */
    void put(Path local, String path, long blockSize) throws IOException {
        try (OutputStream out =
                client.create(path, TesseraClient.CreateOptions.defaults().blockSize(blockSize))) {
            Files.copy(local, out);
        }
    }

    long localBytesRead() {
        return data.stream().mapToLong(FlightService::localBytesRead).sum();
    }

    @Override
    public void close() {
        for (int i = data.size() - 1; i >= 0; i--) {
            data.get(i).close();
        }
        CloseHelper.closeAll(planner, client, cluster);
    }
}
