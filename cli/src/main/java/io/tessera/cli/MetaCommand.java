package io.tessera.cli;

import io.tessera.client.TesseraClient;
import io.tessera.flight.FlightService;
import io.tessera.meta.MetadataService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessera meta --dir DIR [--port 7100]}: the metadata + placement service as its own process, in
 * the foreground until signalled, with Flight planning beside it on {@code --flight-port} (a port already
 * taken only costs the Flight service, with a warning). The HTTP port is accepted and served by a later
 * issue.
 */
@Command(name = "meta", description = "Run the metadata + placement service until stopped (Ctrl-C, SIGTERM).")
final class MetaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Where the log and snapshots live.")
    Path dir;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            paramLabel = "HOST",
            description = "Address to bind and advertise (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "7100",
            paramLabel = "PORT",
            description =
                    "Client port; the next four carry consensus, log, catch-up and archive (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--http-port",
            defaultValue = "9870",
            paramLabel = "PORT",
            description = "Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(
            names = "--flight-port",
            defaultValue = "8815",
            paramLabel = "PORT",
            description = "Flight planning (ListFlights, GetFlightInfo, GetSchema); 0 turns it off (default:"
                    + " ${DEFAULT-VALUE}).")
    int flightPort;

    @Option(
            names = "--heartbeat-timeout",
            defaultValue = "10",
            paramLabel = "S",
            description = "Seconds without heartbeats before a storage node is DEAD and its blocks are rebuilt"
                    + " elsewhere (default: ${DEFAULT-VALUE}).")
    long heartbeatTimeoutSeconds;

    @Override
    public Integer call() {
        Tessera tessera = (Tessera) spec.root().userObject();
        MetadataService service = MetadataService.launch(new MetadataService.Context()
                .dir(dir)
                .host(host)
                .port(port)
                .heartbeatTimeout(heartbeatTimeoutSeconds, TimeUnit.SECONDS)
                .errorHandler(tessera::warn));
        try {
            awaitAnswer(service, tessera);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        tessera.out.println("tessera meta: metadata service at " + service.address() + " (client ingress, UDP)");
        tessera.out.printf(
                "  consensus %s:%d, log %s:%d, catch-up %s:%d, archive control %s:%d (UDP)%n",
                host, port + 1, host, port + 2, host, port + 3, host, port + 4);
        tessera.out.println("  state in " + dir.toAbsolutePath() + ", media driver " + service.aeronDirectoryName());
        tessera.out.println("  HTTP on port " + httpPort + ": not built yet (comes with a later issue)");
        AutoCloseable flight = startFlight(service, tessera);
        tessera.out.flush();
        UntilSignalled.await(() -> CloseHelper.closeAll(flight, service), tessera);
        return Tessera.OK;
    }

    /** Flight planning beside the service, with a client of its own; null when off or the port is taken. */
    private AutoCloseable startFlight(MetadataService service, Tessera tessera) {
        if (flightPort == 0) {
            tessera.out.println("  Flight: off (--flight-port 0)");
            return null;
        }
        TesseraClient client = TesseraClient.connect(new TesseraClient.Context()
                .metaAddresses(service.address())
                .aeronDirectoryName(service.aeronDirectoryName())
                .operationTimeout(tessera.timeoutSeconds, TimeUnit.SECONDS)
                .errorHandler(tessera::warn));
        try {
            FlightService flight = FlightService.start(FlightSidecars.context(
                    client, host, flightPort, FlightSidecars.secret(service.address(), tessera)));
            tessera.out.println("  Flight planning at " + flight.location().getUri());
            return () -> CloseHelper.closeAll(flight, client);
        } catch (RuntimeException e) {
            client.close();
            tessera.warn(new IllegalStateException("Flight not started: " + e.getMessage(), e));
            return null;
        }
    }

    /** Waits until the service has elected itself leader and answers a client. */
    static void awaitAnswer(MetadataService service, Tessera tessera) {
        try (TesseraClient client = TesseraClient.connect(new TesseraClient.Context()
                .metaAddresses(service.address())
                .aeronDirectoryName(service.aeronDirectoryName())
                .operationTimeout(tessera.timeoutSeconds, TimeUnit.SECONDS))) {
            client.metadata().clusterReport();
        }
    }
}
