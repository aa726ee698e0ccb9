package io.tessera.local;

import io.tessera.client.ClusterReport;
import io.tessera.client.TesseraClient;
import io.tessera.client.TesseraMediaDriver;
import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import io.tessera.meta.MetadataService;
import io.tessera.storage.StorageServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;

/**
 * A whole cluster in one JVM: the metadata service and {@code nodes} storage servers sharing the media
 * driver the metadata service launches, so they (and clients made by {@link #connect()}) talk over IPC.
 * Storage server {@code i} keeps its blocks in {@code dir/storage-i} and sits in rack {@code rack-(i mod
 * racks)}; the metadata service keeps its log in {@code dir/meta}. Starting again on the same {@code dir}
 * finds every file: the servers re-register with the storage ids their directories keep.
 */
public final class LocalCluster implements AutoCloseable {
    public static final String ZONE = "zone-0";

    /** What to start. A port of 0 for {@code dataPortBase} lets every server pick a free one. */
    public record Config(
            Path dir,
            int nodes,
            int racks,
            StoragePolicy policy,
            String host,
            int metaPort,
            int dataPortBase,
            long timeoutMs,
            ErrorHandler errorHandler) {}

    private final Config config;
    private final MetadataService meta;
    private final List<StorageServer> servers;
    private boolean closed;

    private LocalCluster(Config config, MetadataService meta, List<StorageServer> servers) {
        this.config = config;
        this.meta = meta;
        this.servers = servers;
    }

    /** Starts everything, waits until every storage server is live, sets the root policy. */
    public static LocalCluster start(Config config) {
        return start(config, index -> 0);
    }

    /**
     * As {@link #start(Config)}, with storage server {@code i} advertising Flight port {@code
     * flightPorts(i)}: for a Flight service the caller starts beside it.
     */
    public static LocalCluster start(Config config, IntUnaryOperator flightPorts) {
        checkPolicyFits(config);
        MetadataService meta = null;
        List<StorageServer> servers = new ArrayList<>();
        try {
            meta = launchMeta(config);
            for (int i = 0; i < config.nodes(); i++) {
                servers.add(startServer(config, meta, i, flightPorts.applyAsInt(i)));
            }
            LocalCluster cluster = new LocalCluster(config, meta, servers);
            cluster.awaitLiveNodes(config.nodes());
            try (TesseraClient client = cluster.connect()) {
                client.setPolicy("/", config.policy());
            }
            return cluster;
        } catch (RuntimeException e) {
            closeInReverse(meta, servers);
            throw e;
        }
    }

    private static void checkPolicyFits(Config config) {
        if (config.nodes() < 1 || config.racks() < 1 || config.racks() > config.nodes()) {
            throw new LocalClusterException("need at least one node and between 1 and --nodes racks: --nodes "
                    + config.nodes() + ", --racks " + config.racks());
        }
        if (config.policy().width() > config.nodes()) {
            throw new LocalClusterException(config.policy() + " puts each block of a group on its own node and needs "
                    + config.policy().width() + " storage nodes; --nodes is " + config.nodes());
        }
    }

    private static MetadataService launchMeta(Config config) {
        Path dir = config.dir().resolve("meta");
        try {
            return MetadataService.launch(new MetadataService.Context()
                    .dir(dir)
                    .host(config.host())
                    .port(config.metaPort())
                    .aeronDirectoryName(driverDirectory())
                    .errorHandler(config.errorHandler()));
        } catch (RuntimeException e) {
            throw new LocalClusterException(
                    "cannot start the metadata service in " + dir + " on port " + config.metaPort()
                            + " (is another cluster running on this directory or port?): " + e.getMessage(),
                    e);
        }
    }

    private static String driverDirectory() {
        return TesseraMediaDriver.directory("tessera-local", UUID.randomUUID());
    }

    private static StorageServer startServer(Config config, MetadataService meta, int index, int flightPort) {
        return StorageServer.launch(new StorageServer.Context()
                .dataDir(config.dir().resolve("storage-" + index))
                .host(config.host())
                .dataPort(config.dataPortBase() == 0 ? 0 : config.dataPortBase() + index)
                .aeronDirectoryName(meta.aeronDirectoryName())
                .metaAddresses(meta.address())
                .rack("rack-" + index % config.racks())
                .zone(ZONE)
                .flightPort(flightPort)
                .errorHandler(config.errorHandler()));
    }

    /** Waits until the metadata service counts {@code count} live storage nodes. */
    public void awaitLiveNodes(int count) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.timeoutMs());
        try (TesseraClient client = connect()) {
            while (liveNodes(client.metadata().clusterReport()) < count) {
                if (System.nanoTime() - deadline > 0) {
                    throw new LocalClusterException(
                            "only " + liveNodes(client.metadata().clusterReport()) + " of " + count
                                    + " storage nodes registered within " + config.timeoutMs() + " ms");
                }
                sleep(50);
            }
        }
    }

    public static long liveNodes(ClusterReport report) {
        return report.nodes().stream()
                .filter(node -> node.state().equals("LIVE"))
                .count();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TesseraException(ErrorCode.UNAVAILABLE, "interrupted", e);
        }
    }

    /** A client on the cluster's media driver: storage servers are reached over IPC. */
    public TesseraClient connect() {
        return TesseraClient.connect(new TesseraClient.Context()
                .metaAddresses(meta.address())
                .aeronDirectoryName(meta.aeronDirectoryName())
                .operationTimeout(config.timeoutMs(), TimeUnit.MILLISECONDS)
                .writerMemoryBudget(writerMemoryBudget())
                .errorHandler(config.errorHandler()::onError));
    }

    /**
     * Writers of an in-process client may take half the heap: enough to compute the parity of RS-6-3 at the
     * default 128 MiB blocks in this process, which costs the network less than the library's fallback under
     * its 64 MiB default (see docs/architecture.md).
     */
    public static long writerMemoryBudget() {
        return Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 2);
    }

    public String metaAddress() {
        return meta.address();
    }

    public String aeronDirectoryName() {
        return meta.aeronDirectoryName();
    }

    public Config config() {
        return config;
    }

    public List<StorageServer> servers() {
        return servers;
    }

    /** Stops storage server {@code index}, as a crash would look to the rest of the cluster. */
    public void stopServer(int index) {
        servers.get(index).close();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeInReverse(meta, servers);
        }
    }

    private static void closeInReverse(MetadataService meta, List<StorageServer> servers) {
        for (int i = servers.size() - 1; i >= 0; i--) {
            CloseHelper.quietClose(servers.get(i));
        }
        CloseHelper.quietClose(meta);
    }
}
