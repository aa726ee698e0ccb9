package io.tessera.meta;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.tessera.client.TesseraMediaDriver;
import io.tessera.common.StoragePolicy;
import java.io.File;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.NoOpLock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The metadata + placement service: one member of an Aeron Cluster whose replicated state machine is
 * {@link MetadataStateMachine}. One member is the embedded default; the same code runs three.
 *
 * <p>Ports, from the member's base port {@code P} (7100 by default): {@code P} client ingress, {@code
 * P+1} consensus, {@code P+2} log, {@code P+3} catch-up, {@code P+4} archive control. Directories under
 * {@code dir}: {@code cluster/} (consensus state, snapshots' index) and {@code archive/} (the log and the
 * snapshots). Snapshots are taken on a schedule so the log is replayed from a recent point on restart.
 */
public final class MetadataService implements AutoCloseable {
    private final Context context;
    private final ClusteredMediaDriver clusteredDriver;
    private final ClusteredServiceContainer container;
    private final ScheduledExecutorService snapshots;
    private boolean closed;

    private MetadataService(
            Context context, ClusteredMediaDriver clusteredDriver, ClusteredServiceContainer container) {
        this.context = context;
        this.clusteredDriver = clusteredDriver;
        this.container = container;
        this.snapshots = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tessera-meta-snapshots");
            thread.setDaemon(true);
            return thread;
        });
        long period = context.snapshotIntervalMs();
        snapshots.scheduleAtFixedRate(this::takeSnapshot, period, period, TimeUnit.MILLISECONDS);
    }

    public static MetadataService launch(Context context) {
        context.conclude();
        String members = context.clusterMembers();
        File base = context.dir().toFile();
        String host = context.host();
        int port = context.memberPort();
        String aeronDir = context.aeronDirectoryName();
        MediaDriver.Context driver = TesseraMediaDriver.context(aeronDir).errorHandler(context.errorHandler());
        Archive.Context archive = new Archive.Context()
                .aeronDirectoryName(aeronDir)
                .archiveDir(new File(base, "archive"))
                .archiveId(context.memberId() + 1L)
                .controlChannel("aeron:udp?endpoint=" + host + ":" + (port + 4))
                .localControlChannel("aeron:ipc?term-length=64k")
                .replicationChannel("aeron:udp?endpoint=" + host + ":0")
                .recordingEventsEnabled(false)
                .threadingMode(ArchiveThreadingMode.SHARED)
                .fileSyncLevel(context.fsyncLog() ? 1 : 0)
                .catalogFileSyncLevel(context.fsyncLog() ? 1 : 0)
                .errorHandler(context.errorHandler());
        AeronArchive.Context archiveClient = new AeronArchive.Context()
                .lock(NoOpLock.INSTANCE)
                .controlRequestChannel(archive.localControlChannel())
                .controlRequestStreamId(archive.localControlStreamId())
                .controlResponseChannel(archive.localControlChannel())
                .aeronDirectoryName(aeronDir);
        ConsensusModule.Context consensus = new ConsensusModule.Context()
                .clusterMemberId(context.memberId())
                .clusterMembers(members)
                .clusterDir(new File(base, "cluster"))
                .archiveContext(archiveClient.clone())
                .aeronDirectoryName(aeronDir)
                .ingressChannel("aeron:udp?term-length=4m")
                .logChannel("aeron:udp?term-length=16m")
                .replicationChannel("aeron:udp?endpoint=" + host + ":0")
                .maxConcurrentSessions(context.maxSessions())
                .sessionTimeoutNs(TimeUnit.SECONDS.toNanos(10))
                .leaderHeartbeatTimeoutNs(TimeUnit.SECONDS.toNanos(2))
                .leaderHeartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(200))
                .startupCanvassTimeoutNs(TimeUnit.SECONDS.toNanos(4))
                .electionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(500))
                .fileSyncLevel(context.fsyncLog() ? 1 : 0)
                .errorHandler(context.errorHandler());
        ClusteredServiceContainer.Context service = new ClusteredServiceContainer.Context()
                .aeronDirectoryName(aeronDir)
                .archiveContext(archiveClient.clone())
                .clusterDir(new File(base, "cluster"))
                .clusteredService(new MetadataStateMachine(context.stateMachineConfig()))
                .serviceId(0)
                .errorHandler(context.errorHandler());
        ClusteredMediaDriver clusteredDriver = null;
        try {
            clusteredDriver = afterAnyPredecessor(
                    () -> ClusteredMediaDriver.launch(driver.clone(), archive.clone(), consensus.clone()));
            ClusteredServiceContainer container =
                    afterAnyPredecessor(() -> ClusteredServiceContainer.launch(service.clone()));
            return new MetadataService(context, clusteredDriver, container);
        } catch (RuntimeException e) {
            CloseHelper.quietClose(clusteredDriver);
            throw e;
        }
    }

    /**
     * Launches one part of the service. A process killed a moment ago leaves mark files that look active
     * for about the driver timeout (10 s); starting on the same directory then fails with "active Mark
     * file detected", so that one failure is retried until the marks go stale.
     */
    private static <T> T afterAnyPredecessor(java.util.function.Supplier<T> launch) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return launch.get();
            } catch (RuntimeException e) {
                if (!activeMarkFile(e) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean activeMarkFile(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("active Mark file")) {
                return true;
            }
        }
        return false;
    }

    /** Asks the consensus module for a snapshot now; false when the toggle was busy. */
    public boolean takeSnapshot() {
        AtomicCounter toggle = ClusterControl.findControlToggle(
                clusteredDriver.mediaDriver().context().countersManager(), 0);
        return toggle != null && ClusterControl.ToggleState.SNAPSHOT.toggle(toggle);
    }

    /** The media driver directory: clients and storage servers in this process can share it. */
    public String aeronDirectoryName() {
        return context.aeronDirectoryName();
    }

    /** {@code host:port} of this member's client ingress. */
    public String address() {
        return context.host() + ":" + context.memberPort();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            snapshots.shutdownNow();
            CloseHelper.closeAll(container, clusteredDriver);
        }
    }

    /** Configuration of one member, validated once by {@link #conclude()}. */
    public static final class Context {
        private Path dir;
        private String host = "127.0.0.1";
        private String members;
        private int memberId;
        private int port = 7100;
        private String aeronDirectoryName;
        private boolean fsyncLog = true;
        private int maxSessions = 1000;
        private long snapshotIntervalMs = TimeUnit.MINUTES.toMillis(5);
        private long heartbeatTimeoutMs = 10_000;
        private long leaseLimitMs = 60_000;
        private long repairTaskTimeoutMs = TimeUnit.MINUTES.toMillis(5);
        private int repairTasksPerNode = 4;
        private StoragePolicy defaultPolicy = StoragePolicy.REPLICATED_3;
        private ErrorHandler errorHandler = Throwable::printStackTrace;

        void conclude() {
            Objects.requireNonNull(dir, "dir must be set");
            if (aeronDirectoryName == null) {
                aeronDirectoryName = TesseraMediaDriver.directory("tessera-meta", UUID.randomUUID());
            }
            if (repairTaskTimeoutMs <= 0 || repairTasksPerNode < 1) {
                throw new IllegalArgumentException("repair task timeout and tasks per node must be positive");
            }
            if (members != null && memberId >= members.split(",").length) {
                throw new IllegalArgumentException("member id " + memberId + " is not in " + members);
            }
        }

        public Context dir(Path dir) {
            this.dir = dir;
            return this;
        }

        Path dir() {
            return dir;
        }

        public Context host(String host) {
            this.host = host;
            return this;
        }

        String host() {
            return host;
        }

        /** The client port of a one-member cluster (7100 by default); members use {@link #members}. */
        public Context port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Every member's {@code host:port}, comma-separated, in member-id order, for a cluster of more
         * than one; this member is {@link #memberId}.
         */
        public Context members(String members, int memberId) {
            this.members = members;
            this.memberId = memberId;
            return this;
        }

        int memberId() {
            return memberId;
        }

        int memberPort() {
            if (members == null) {
                return port;
            }
            String address = members.split(",")[memberId].trim();
            return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        }

        /** Aeron Cluster's member string: {@code id,ingress,consensus,log,catchup,archive|...}. */
        String clusterMembers() {
            String[] addresses = members == null ? new String[] {host + ":" + port} : members.split(",");
            StringBuilder result = new StringBuilder();
            for (int id = 0; id < addresses.length; id++) {
                String address = addresses[id].trim();
                String memberHost = address.substring(0, address.lastIndexOf(':'));
                int base = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
                result.append(id == 0 ? "" : "|").append(id);
                for (int offset = 0; offset <= 4; offset++) {
                    result.append(',').append(memberHost).append(':').append(base + offset);
                }
            }
            return result.toString();
        }

        /** The media driver to run in (created here); storage servers in the same JVM may share it. */
        public Context aeronDirectoryName(String directory) {
            this.aeronDirectoryName = directory;
            return this;
        }

        String aeronDirectoryName() {
            return aeronDirectoryName;
        }

        /**
         * Whether the log and archive are fsynced before a command is applied and acknowledged (true by
         * default: a one-member cluster has no replica to survive a machine crash with).
         */
        public Context fsyncLog(boolean fsync) {
            this.fsyncLog = fsync;
            return this;
        }

        boolean fsyncLog() {
            return fsyncLog;
        }

        int maxSessions() {
            return maxSessions;
        }

        public Context snapshotInterval(long duration, TimeUnit unit) {
            this.snapshotIntervalMs = unit.toMillis(duration);
            return this;
        }

        long snapshotIntervalMs() {
            return snapshotIntervalMs;
        }

        /** How long a storage node may miss heartbeats before it is declared dead. */
        public Context heartbeatTimeout(long duration, TimeUnit unit) {
            this.heartbeatTimeoutMs = unit.toMillis(duration);
            return this;
        }

        /** How long a repair task may run on its target before it is given to another node. */
        public Context repairTaskTimeout(long duration, TimeUnit unit) {
            this.repairTaskTimeoutMs = unit.toMillis(duration);
            return this;
        }

        /** Blocks one node rebuilds or receives at once (4 by default). */
        public Context repairTasksPerNode(int tasks) {
            this.repairTasksPerNode = tasks;
            return this;
        }

        /** How long a writer's lease lasts without renewal. */
        public Context leaseLimit(long duration, TimeUnit unit) {
            this.leaseLimitMs = unit.toMillis(duration);
            return this;
        }

        /** The policy of files under directories that set none. */
        public Context defaultPolicy(StoragePolicy policy) {
            this.defaultPolicy = policy;
            return this;
        }

        public Context errorHandler(ErrorHandler handler) {
            this.errorHandler = handler;
            return this;
        }

        ErrorHandler errorHandler() {
            return errorHandler;
        }

        MetadataStateMachine.Config stateMachineConfig() {
            return new MetadataStateMachine.Config(
                    heartbeatTimeoutMs,
                    leaseLimitMs,
                    repairTaskTimeoutMs,
                    repairTasksPerNode,
                    defaultPolicy,
                    errorHandler);
        }
    }
}
