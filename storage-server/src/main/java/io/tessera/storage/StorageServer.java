package io.tessera.storage;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.exceptions.RegistrationException;
import io.tessera.client.AeronChannels;
import io.tessera.client.DataPlaneClient;
import io.tessera.client.LocalBlocks;
import io.tessera.client.MetadataClient;
import io.tessera.client.StorageEndpoint;
import io.tessera.client.TesseraMediaDriver;
import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * A storage server: a block store on local disk, served over Aeron. Clients connect over UDP at {@code
 * host:dataPort}, or over IPC when they share this server's media driver. Built from a {@link Context}
 * validated once; {@link #close()} stops it in reverse order of starting and is idempotent.
 */
public final class StorageServer implements AutoCloseable {
    private final Context context;
    private final BlockStore store;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final ExecutorService syncThread;
    private final StorageConductor conductor;
    private final AgentRunner runner;
    private final StorageEndpoint endpoint;
    private final MetaRegistration registration;
    private final DataPlaneClient peers;
    private final Repairer repairer;
    private final Scrubber scrubber;
    private boolean closed;

    private StorageServer(Context context, Parts parts) {
        this.context = context;
        this.store = parts.store;
        this.driver = parts.driver;
        this.aeron = parts.aeron;
        this.syncThread = parts.syncThread;
        this.conductor = parts.conductor;
        this.runner = parts.runner;
        this.endpoint = parts.endpoint;
        this.registration = parts.registration;
        this.peers = parts.peers;
        this.repairer = parts.repairer;
        this.scrubber = parts.scrubber;
    }

    /** What {@link #launch} has started so far, so that a failure can close exactly that, in reverse. */
    private static final class Parts implements AutoCloseable {
        BlockStore store;
        MediaDriver driver;
        Aeron aeron;
        ExecutorService syncThread;
        StorageConductor conductor;
        AgentRunner runner;
        StorageEndpoint endpoint;
        MetaRegistration registration;
        DataPlaneClient peers;
        Repairer repairer;
        Scrubber scrubber;

        @Override
        public void close() {
            CloseHelper.quietCloseAll(
                    scrubber,
                    registration,
                    repairer,
                    runner,
                    peers,
                    syncThread == null ? null : syncThread::shutdownNow,
                    aeron,
                    driver,
                    store);
        }
    }

    public static StorageServer launch(Context context) {
        context.conclude();
        Parts parts = new Parts();
        try {
            parts.store = BlockStore.open(new BlockStore.Context()
                    .dataDir(context.dataDir())
                    .fsync(context.fsync())
                    .capacity(context.capacity()));
            if (context.aeronDirectoryName() == null) {
                // Named after the data directory's identity: a restart after kill -9 reuses (and clears) the
                // same driver directory instead of leaving one more behind in /dev/shm.
                String directory = TesseraMediaDriver.directory("tessera-storage", parts.store.storageId());
                parts.driver = TesseraMediaDriver.launch(directory);
                context.aeronDirectoryName(directory);
            }
            parts.aeron = Aeron.connect(new Aeron.Context()
                    .aeronDirectoryName(context.aeronDirectoryName())
                    .errorHandler(context.errorHandler()));
            Subscription udp = subscribeUdp(parts.aeron, context);
            int port = Integer.parseInt(
                    udp.resolvedEndpoint().substring(udp.resolvedEndpoint().lastIndexOf(':') + 1));
            Subscription ipc = parts.aeron.addSubscription(AeronChannels.ipc(), AeronChannels.ipcRequestStreamId(port));
            parts.endpoint = new StorageEndpoint(context.host(), port, context.aeronDirectoryName());
            parts.syncThread = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "tessera-storage-sync-" + port);
                thread.setDaemon(true);
                return thread;
            });
            parts.peers = DataPlaneClient.connect(new DataPlaneClient.Context()
                    .aeronDirectoryName(context.aeronDirectoryName())
                    .replyHost(context.host())
                    .errorHandler(context.errorHandler()));
            parts.conductor =
                    new StorageConductor(context, parts.aeron, parts.store, udp, ipc, parts.syncThread, parts.peers);
            parts.runner = new AgentRunner(
                    new BackoffIdleStrategy(
                            100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1)),
                    context.errorHandler(),
                    null,
                    parts.conductor);
            AgentRunner.startOnThread(parts.runner);
            parts.repairer = new Repairer(context, parts.store, parts.peers);
            if (context.metaAddresses() != null) {
                parts.registration = new MetaRegistration(
                        context, parts.store, parts.endpoint, parts.repairer, () -> activity(parts));
            }
            MetaRegistration registration = parts.registration;
            parts.scrubber = new Scrubber(context, parts.store, (block, why) -> {
                if (registration != null) {
                    registration.reportBadBlock(block, why);
                }
            });
            return new StorageServer(context, parts);
        } catch (RuntimeException e) {
            parts.close();
            throw e;
        }
    }

    /** The scrubber's and the repairer's counters, for the heartbeat. */
    private static MetadataClient.NodeActivity activity(Parts parts) {
        Scrubber scrubber = parts.scrubber;
        return new MetadataClient.NodeActivity(
                scrubber == null ? 0 : scrubber.passes(),
                scrubber == null ? 0 : scrubber.scrubbedBytes(),
                scrubber == null ? 0 : scrubber.corruptBlocks(),
                parts.repairer.rebuiltBytes());
    }

    /** Subscribes to the UDP request stream and waits until the driver has bound it (port 0 picks one). */
    private static Subscription subscribeUdp(Aeron aeron, Context context) {
        Subscription udp;
        try {
            udp = aeron.addSubscription(
                    AeronChannels.udp(context.host(), context.dataPort()), AeronChannels.REQUEST_STREAM_ID);
        } catch (RegistrationException e) {
            throw new TesseraException(
                    ErrorCode.UNAVAILABLE,
                    "cannot listen on " + context.host() + ":" + context.dataPort() + ": " + e.getMessage(),
                    e);
        }
        long deadline = context.nanoClock().nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (udp.resolvedEndpoint() == null || udp.resolvedEndpoint().endsWith(":0")) {
            if (context.nanoClock().nanoTime() - deadline > 0) {
                throw new TesseraException(
                        ErrorCode.UNAVAILABLE,
                        "the media driver did not bind " + context.host() + ":" + context.dataPort());
            }
            Thread.yield();
        }
        return udp;
    }

    /** Where clients reach this server. */
    public StorageEndpoint endpoint() {
        return endpoint;
    }

    /** The persistent identity of this server's data directory. */
    public UUID storageId() {
        return store.storageId();
    }

    public Context context() {
        return context;
    }

    BlockStore store() {
        return store;
    }

    /** This server's blocks, read straight from its disk by a service running beside it in this process. */
    public LocalBlocks localBlocks() {
        return new LocalBlocks() {
            @Override
            public int nodeId() {
                return StorageServer.this.nodeId();
            }

            @Override
            public void read(long group, int index, long offset, int length, ByteBuffer destination) {
                store.read(new BlockId(group, index), offset, length, destination);
            }
        };
    }

    /** The node id the metadata service assigned; 0 before registration (or without a metadata service). */
    public int nodeId() {
        return registration == null ? 0 : registration.nodeId();
    }

    long malformedRequests() {
        return conductor.malformedRequests();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            CloseHelper.closeAll(
                    scrubber, registration, repairer, runner, peers, syncThread::shutdownNow, aeron, driver, store);
        }
    }

    /** Configuration of a storage server, validated once by {@link #conclude()}. */
    public static final class Context {
        private Path dataDir;
        private String host = "127.0.0.1";
        private int dataPort;
        private String aeronDirectoryName;
        private boolean fsync = true;
        private long capacity = BlockStore.Context.UNLIMITED;
        private int maxChunkLength = 64 * 1024;
        private long clientLivenessTimeoutNs = TimeUnit.SECONDS.toNanos(10);
        private ErrorHandler errorHandler = Throwable::printStackTrace;
        private NanoClock nanoClock = SystemNanoClock.INSTANCE;
        private String metaAddresses;
        private String rack = "default-rack";
        private String zone = "default-zone";
        private int flightPort;
        private int httpPort;
        private long heartbeatIntervalMs = 1000;
        private long parityMemory = 2L * 1024 * 1024 * 1024;
        private long blockReportIntervalMs = 60_000;
        private long repairBandwidth = 64L * 1024 * 1024;
        private int repairThreads = 2;
        private long scrubRate = 2L * 1024 * 1024;

        void conclude() {
            Objects.requireNonNull(dataDir, "dataDir must be set");
            Objects.requireNonNull(host, "host");
            if (dataPort < 0 || dataPort > 65535) {
                throw new IllegalArgumentException("data port must be 0 to 65535: " + dataPort);
            }
            if (repairThreads < 1) {
                throw new IllegalArgumentException("at least one repair thread: " + repairThreads);
            }
        }

        public Context dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Path dataDir() {
            return dataDir;
        }

        /** The address to listen on and to advertise: 127.0.0.1 by default. */
        public Context host(String host) {
            this.host = host;
            return this;
        }

        public String host() {
            return host;
        }

        /** The UDP data port; 0 picks a free one ({@link StorageServer#endpoint()} tells which). */
        public Context dataPort(int dataPort) {
            this.dataPort = dataPort;
            return this;
        }

        int dataPort() {
            return dataPort;
        }

        /** A media driver to share (IPC with clients attached to it); null launches a private one. */
        public Context aeronDirectoryName(String aeronDirectoryName) {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        public String aeronDirectoryName() {
            return aeronDirectoryName;
        }

        /** Whether a block is fsynced before it is acknowledged (the default). */
        public Context fsync(boolean fsync) {
            this.fsync = fsync;
            return this;
        }

        boolean fsync() {
            return fsync;
        }

        /** Bytes the block store may use; unlimited by default (the disk's free space still applies). */
        public Context capacity(long capacity) {
            this.capacity = capacity;
            return this;
        }

        long capacity() {
            return capacity;
        }

        int maxChunkLength() {
            return maxChunkLength;
        }

        /** How long a client's reply channel may stay unreachable before its session is dropped. */
        public Context clientLivenessTimeout(long duration, TimeUnit unit) {
            this.clientLivenessTimeoutNs = unit.toNanos(duration);
            return this;
        }

        long clientLivenessTimeoutNs() {
            return clientLivenessTimeoutNs;
        }

        public Context errorHandler(ErrorHandler errorHandler) {
            this.errorHandler = errorHandler;
            return this;
        }

        /** The metadata service to register with ({@code host:port}, comma-separated members); null for none. */
        public Context metaAddresses(String addresses) {
            this.metaAddresses = addresses;
            return this;
        }

        String metaAddresses() {
            return metaAddresses;
        }

        /** The failure domains this server is in: placement spreads a group's blocks over racks and zones. */
        public Context rack(String rack) {
            this.rack = rack;
            return this;
        }

        String rack() {
            return rack;
        }

        public Context zone(String zone) {
            this.zone = zone;
            return this;
        }

        String zone() {
            return zone;
        }

        /** The Flight port advertised for this node (0: none yet). */
        public Context flightPort(int port) {
            this.flightPort = port;
            return this;
        }

        int flightPort() {
            return flightPort;
        }

        /** The HTTP port advertised for this node (0: none yet). */
        public Context httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        int httpPort() {
            return httpPort;
        }

        /**
         * Memory for accumulating the parity of writers whose own budget cannot hold it (2 GiB by default):
         * one group takes {@code m x block size}; a writer finding it full waits and retries.
         */
        public Context parityMemory(long bytes) {
            this.parityMemory = bytes;
            return this;
        }

        long parityMemory() {
            return parityMemory;
        }

        /** How often the server reports its blocks (and learns which to delete): every minute by default. */
        public Context blockReportInterval(long duration, TimeUnit unit) {
            this.blockReportIntervalMs = unit.toMillis(duration);
            return this;
        }

        long blockReportIntervalMs() {
            return blockReportIntervalMs;
        }

        /** How often the server heartbeats to the metadata service (1 s by default). */
        public Context heartbeatInterval(long duration, TimeUnit unit) {
            this.heartbeatIntervalMs = unit.toMillis(duration);
            return this;
        }

        long heartbeatIntervalMs() {
            return heartbeatIntervalMs;
        }

        /**
         * Bytes per second this server reads from its peers to rebuild or copy blocks (64 MiB/s by
         * default; 0 for no limit), so repair leaves room for client reads.
         */
        public Context repairBandwidth(long bytesPerSecond) {
            this.repairBandwidth = bytesPerSecond;
            return this;
        }

        long repairBandwidth() {
            return repairBandwidth;
        }

        /** Blocks rebuilt at once (2 by default). */
        public Context repairThreads(int threads) {
            this.repairThreads = threads;
            return this;
        }

        int repairThreads() {
            return repairThreads;
        }

        /**
         * Bytes per second the scrubber verifies (2 MiB/s by default, twice HDFS's block scanner; 0 for no
         * limit): a full pass over 1 TiB takes about six days.
         */
        public Context scrubRate(long bytesPerSecond) {
            this.scrubRate = bytesPerSecond;
            return this;
        }

        long scrubRate() {
            return scrubRate;
        }

        ErrorHandler errorHandler() {
            return errorHandler;
        }

        NanoClock nanoClock() {
            return nanoClock;
        }
    }
}
