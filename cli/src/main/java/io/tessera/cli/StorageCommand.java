package io.tessera.cli;

import io.tessera.client.TesseraClient;
import io.tessera.flight.FlightService;
import io.tessera.storage.StorageServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessera storage --meta HOST:PORT --dir DIR}: one storage server as its own process, registered
 * with the metadata service (it keeps retrying until the service answers), in the foreground until
 * signalled.
 */
@Command(name = "storage", description = "Run one storage server until stopped (Ctrl-C, SIGTERM).")
final class StorageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Where the blocks live.")
    Path dir;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            paramLabel = "HOST",
            description = "Address to bind and advertise (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--rack", defaultValue = "rack-0", paramLabel = "RACK", description = "Default: ${DEFAULT-VALUE}.")
    String rack;

    @Option(names = "--zone", defaultValue = "zone-0", paramLabel = "ZONE", description = "Default: ${DEFAULT-VALUE}.")
    String zone;

    @Option(
            names = "--data-port",
            defaultValue = "7200",
            paramLabel = "PORT",
            description = "UDP data port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int dataPort;

    @Option(
            names = "--flight-port",
            defaultValue = "0",
            paramLabel = "PORT",
            description = "Serve this node's blocks over Arrow Flight (DoGet/DoPut) on this TCP port; 0: no Flight"
                    + " (default: ${DEFAULT-VALUE}).")
    int flightPort;

    @Option(names = "--http-port", defaultValue = "0", paramLabel = "PORT", description = "Not built yet.")
    int httpPort;

    @Option(
            names = "--scrub-rate",
            defaultValue = "2m",
            converter = SizeConverter.class,
            paramLabel = "SIZE",
            description = "Bytes per second the background scrubber verifies; 0: no limit (default: ${DEFAULT-VALUE}).")
    long scrubRate;

    @Option(
            names = "--repair-bandwidth",
            defaultValue = "64m",
            converter = SizeConverter.class,
            paramLabel = "SIZE",
            description =
                    "Bytes per second read from peers to rebuild blocks; 0: no limit (default: ${DEFAULT-VALUE}).")
    long repairBandwidth;

    @Override
    public Integer call() {
        Tessera tessera = (Tessera) spec.root().userObject();
        StorageServer server = StorageServer.launch(new StorageServer.Context()
                .dataDir(dir)
                .host(host)
                .dataPort(dataPort)
                .rack(rack)
                .zone(zone)
                .flightPort(flightPort)
                .scrubRate(scrubRate)
                .repairBandwidth(repairBandwidth)
                .metaAddresses(tessera.meta)
                .errorHandler(tessera::warn));
        tessera.out.printf(
                "tessera storage: data plane at %s:%d (UDP), rack %s, zone %s, storage id %s%n",
                server.endpoint().host(), server.endpoint().dataPort(), rack, zone, server.storageId());
        tessera.out.println(
                "  blocks in " + dir.toAbsolutePath() + ", registering with the metadata service at " + tessera.meta);
        AutoCloseable flight;
        try {
            flight = startFlight(server, tessera);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        if (httpPort != 0) {
            tessera.out.println("  HTTP port: not built yet (comes with a later issue)");
        }
        tessera.out.flush();
        UntilSignalled.await(() -> CloseHelper.closeAll(flight, server), tessera);
        return Tessera.OK;
    }

    /** Flight beside the server, reading its blocks from disk; null when {@code --flight-port} is 0. */
    private AutoCloseable startFlight(StorageServer server, Tessera tessera) {
        if (flightPort == 0) {
            return null;
        }
        TesseraClient client = TesseraClient.connect(new TesseraClient.Context()
                .metaAddresses(tessera.meta)
                .aeronDirectoryName(server.context().aeronDirectoryName())
                .replyHost(host)
                .operationTimeout(tessera.timeoutSeconds, TimeUnit.SECONDS)
                .errorHandler(tessera::warn));
        try {
            FlightService flight = FlightService.start(
                    FlightSidecars.context(client, host, flightPort, FlightSidecars.secret(tessera.meta, tessera))
                            .localBlocks(server.localBlocks()));
            tessera.out.println("  Flight data at " + flight.location().getUri());
            return () -> CloseHelper.closeAll(flight, client);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }
}
