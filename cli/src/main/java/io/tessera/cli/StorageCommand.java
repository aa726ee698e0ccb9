package io.tessera.cli;

import io.tessera.storage.StorageServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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

    @Option(names = "--flight-port", defaultValue = "0", paramLabel = "PORT", description = "Not built yet.")
    int flightPort;

    @Option(names = "--http-port", defaultValue = "0", paramLabel = "PORT", description = "Not built yet.")
    int httpPort;

    @Override
    public Integer call() {
        Tessera tessera = (Tessera) spec.root().userObject();
        StorageServer server = StorageServer.launch(new StorageServer.Context()
                .dataDir(dir)
                .host(host)
                .dataPort(dataPort)
                .rack(rack)
                .zone(zone)
                .metaAddresses(tessera.meta)
                .errorHandler(tessera::warn));
        tessera.out.printf(
                "tessera storage: data plane at %s:%d (UDP), rack %s, zone %s, storage id %s%n",
                server.endpoint().host(), server.endpoint().dataPort(), rack, zone, server.storageId());
        tessera.out.println(
                "  blocks in " + dir.toAbsolutePath() + ", registering with the metadata service at " + tessera.meta);
        if (flightPort != 0 || httpPort != 0) {
            tessera.out.println("  Flight and HTTP ports: not built yet (come with later issues)");
        }
        tessera.out.flush();
        UntilSignalled.await(server, tessera);
        return Tessera.OK;
    }
}
