package io.tessera.cli;

import io.tessera.client.TesseraClient;
import io.tessera.flight.FlightService;
import io.tessera.local.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.agrona.CloseHelper;

/**
 * The Flight services the CLI runs beside its servers, as SPEC.md lays them out: planning beside the
 * metadata service (port 8815 by default), data beside every storage server (its {@code --flight-port}).
 * All of a cluster's services sign tickets with one secret: {@code $TESSERA_FLIGHT_SECRET}, or, when it
 * is unset, one derived from the metadata address (tickets are then checked for integrity but anyone who
 * knows the address could forge one; docs/flight.md says so).
 */
final class FlightSidecars implements AutoCloseable {
    final FlightService planner;
    final List<FlightService> data;
    private final TesseraClient client;

    private FlightSidecars(FlightService planner, List<FlightService> data, TesseraClient client) {
        this.planner = planner;
        this.data = data;
        this.client = client;
    }

    static byte[] secret(String metaAddress, Tessera tessera) {
        String configured = System.getenv(FlightService.Context.SECRET_ENV);
        if (configured != null && !configured.isBlank()) {
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        return ("tessera-flight-tickets@" + metaAddress).getBytes(StandardCharsets.UTF_8);
    }

    static FlightService.Context context(TesseraClient client, String host, int port, byte[] secret) {
        return new FlightService.Context().host(host).port(port).client(client).secret(secret);
    }

    /** Free TCP ports for the storage servers' Flight services, picked before they advertise them. */
    static int[] freePorts(int count) {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                ports[i] = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ports;
    }

    /** Flight beside every server of an in-process cluster started with {@code dataPorts} as Flight ports. */
    static FlightSidecars start(LocalCluster cluster, int[] dataPorts, int plannerPort, Tessera tessera) {
        String host = cluster.config().host();
        byte[] secret = secret(cluster.metaAddress(), tessera);
        TesseraClient client = cluster.connect();
        FlightService planner = null;
        List<FlightService> data = new ArrayList<>();
        try {
            planner = FlightService.start(context(client, host, plannerPort, secret));
            for (int i = 0; i < dataPorts.length; i++) {
                data.add(FlightService.start(context(client, host, dataPorts[i], secret)
                        .localBlocks(cluster.servers().get(i).localBlocks())));
            }
            return new FlightSidecars(planner, data, client);
        } catch (RuntimeException e) {
            data.forEach(CloseHelper::quietClose);
            CloseHelper.quietCloseAll(planner, client);
            throw e;
        }
    }

    /** Stops the Flight service of storage server {@code index}, as when that server stops. */
    void stop(int index) {
        data.get(index).close();
    }

    @Override
    public void close() {
        for (int i = data.size() - 1; i >= 0; i--) {
            data.get(i).close();
        }
        CloseHelper.closeAll(planner, client);
    }
}
