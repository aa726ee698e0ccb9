package io.tessera.cli;

import io.tessera.common.StoragePolicy;
import io.tessera.local.LocalCluster;
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
 * {@code tessera local-cluster}: the metadata service and N storage servers in this JVM, in the
 * foreground until Ctrl-C. Restarting with the same {@code --dir} keeps every file.
 */
@Command(
        name = "local-cluster",
        description = "Run a metadata service and N storage servers in one process until stopped (Ctrl-C).")
final class LocalClusterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--nodes",
            defaultValue = "9",
            paramLabel = "N",
            description = "Storage servers (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--racks",
            defaultValue = "3",
            paramLabel = "R",
            description = "Racks they are spread over (default: ${DEFAULT-VALUE}).")
    int racks;

    @Option(
            names = "--dir",
            defaultValue = "./tessera-data",
            paramLabel = "DIR",
            description = "Default: ${DEFAULT-VALUE}.")
    Path dir;

    @Option(
            names = "--policy",
            defaultValue = "RS-6-3",
            paramLabel = "POLICY",
            converter = PolicyConverter.class,
            description = "Storage policy of the root directory (default: ${DEFAULT-VALUE}).")
    StoragePolicy policy;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            paramLabel = "HOST",
            description = "Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(
            names = "--meta-port",
            defaultValue = "7100",
            paramLabel = "PORT",
            description = "Metadata service port (default: ${DEFAULT-VALUE}).")
    int metaPort;

    @Option(
            names = "--data-port-base",
            defaultValue = "7200",
            paramLabel = "PORT",
            description = "Storage server i listens on this + i; 0 picks free ports (default: ${DEFAULT-VALUE}).")
    int dataPortBase;

    @Option(
            names = "--flight-port",
            defaultValue = "8815",
            paramLabel = "PORT",
            description = "Flight planning port; each storage server's Flight service takes a free port (default:"
                    + " ${DEFAULT-VALUE}).")
    int flightPort;

    @Override
    public Integer call() {
        Tessera tessera = (Tessera) spec.root().userObject();
        int[] flightPorts = FlightSidecars.freePorts(nodes);
        LocalCluster cluster = LocalCluster.start(config(tessera), index -> flightPorts[index]);
        FlightSidecars flight;
        try {
            flight = FlightSidecars.start(cluster, flightPorts, flightPort, tessera);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        printAddresses(cluster, tessera, flight.planner.location().getUri().toString());
        UntilSignalled.await(() -> CloseHelper.closeAll(flight, cluster), tessera);
        return Tessera.OK;
    }

    LocalCluster.Config config(Tessera tessera) {
        return new LocalCluster.Config(
                dir,
                nodes,
                racks,
                policy,
                host,
                metaPort,
                dataPortBase,
                TimeUnit.SECONDS.toMillis(tessera.timeoutSeconds),
                tessera::warn);
    }

    static void printAddresses(LocalCluster cluster, Tessera tessera, String flightPlanner) {
        LocalCluster.Config config = cluster.config();
        tessera.out.printf(
                "tessera local-cluster: %d storage nodes in %d racks, root policy %s, data in %s%n",
                config.nodes(), config.racks(), config.policy(), config.dir().toAbsolutePath());
        tessera.out.printf(
                "  metadata service  %s (UDP; consensus, log, catch-up and archive on the next four ports)%n",
                cluster.metaAddress());
        for (int i = 0; i < cluster.servers().size(); i++) {
            StorageServer server = cluster.servers().get(i);
            tessera.out.printf(
                    "  storage-%-2d        %s:%d (UDP)  rack-%d  %s  node %d%n",
                    i,
                    server.endpoint().host(),
                    server.endpoint().dataPort(),
                    i % config.racks(),
                    LocalCluster.ZONE,
                    server.nodeId());
        }
        tessera.out.println("  media driver      " + cluster.aeronDirectoryName());
        tessera.out.println("  HTTP endpoints: not built yet (come with a later issue)");
        tessera.out.println("  Flight planning   " + flightPlanner + " (each storage server: its own Flight port)");
        tessera.out.println("ready: TESSERA_META=" + cluster.metaAddress() + " bin/tessera fs ls /");
        tessera.out.flush();
    }
}
