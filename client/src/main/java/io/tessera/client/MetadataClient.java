package io.tessera.client;

import io.aeron.Aeron;
import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import io.tessera.protocol.meta.AllocateGroupEncoder;
import io.tessera.protocol.meta.BlockReportEncoder;
import io.tessera.protocol.meta.BooleanType;
import io.tessera.protocol.meta.CloseFileEncoder;
import io.tessera.protocol.meta.CommitGroupEncoder;
import io.tessera.protocol.meta.ConcatEncoder;
import io.tessera.protocol.meta.CreateEncoder;
import io.tessera.protocol.meta.DeleteEncoder;
import io.tessera.protocol.meta.FsckEncoder;
import io.tessera.protocol.meta.GetClusterReportEncoder;
import io.tessera.protocol.meta.GetContentSummaryEncoder;
import io.tessera.protocol.meta.GetFileStatusEncoder;
import io.tessera.protocol.meta.HeartbeatEncoder;
import io.tessera.protocol.meta.ListLocatedStatusEncoder;
import io.tessera.protocol.meta.ListStatusEncoder;
import io.tessera.protocol.meta.LocateEncoder;
import io.tessera.protocol.meta.MessageHeaderEncoder;
import io.tessera.protocol.meta.MkdirsEncoder;
import io.tessera.protocol.meta.RegisterNodeEncoder;
import io.tessera.protocol.meta.RenameEncoder;
import io.tessera.protocol.meta.RenewLeaseEncoder;
import io.tessera.protocol.meta.ReportBadBlockEncoder;
import io.tessera.protocol.meta.SetOwnerEncoder;
import io.tessera.protocol.meta.SetPermissionEncoder;
import io.tessera.protocol.meta.SetPolicyEncoder;
import io.tessera.protocol.meta.SetTimesEncoder;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * The metadata service's calls, one method per message of the metadata schema, blocking until the
 * reply arrives (or the response timeout passes). Errors arrive as {@link TesseraException} with the
 * service's {@link ErrorCode}. Thread-safe: requests from all threads go through one conductor.
 */
public final class MetadataClient implements AutoCloseable {
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    /** SBE groups count entries in 16 bits; block reports are sent in batches below that. */
    static final int BLOCK_REPORT_BATCH = 10_000;

    private final Context context;
    private final Aeron aeron;
    private final MetaConductor conductor;
    private final AgentRunner runner;
    private boolean closed;

    private MetadataClient(Context context, Aeron aeron) {
        this.context = context;
        this.aeron = aeron;
        this.conductor = new MetaConductor(context, aeron);
        this.runner = new AgentRunner(
                new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1)),
                context.errorHandler(),
                null,
                conductor);
    }

    /** Attaches to the media driver in {@code context} and starts the conductor; connects on first use. */
    public static MetadataClient connect(Context context) {
        context.conclude();
        Aeron aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(context.aeronDirectoryName())
                .errorHandler(context.errorHandler()));
        try {
            MetadataClient client = new MetadataClient(context, aeron);
            AgentRunner.startOnThread(client.runner);
            return client;
        } catch (RuntimeException e) {
            CloseHelper.quietClose(aeron);
            throw e;
        }
    }

    /** Encodes a request into {@code buffer} at 0 and returns its length. */
    @FunctionalInterface
    private interface Encoding {
        int encode(MutableDirectBuffer buffer, MessageHeaderEncoder header, long correlationId);
    }

    private Object call(Encoding encoding) {
        long correlationId = conductor.nextCorrelationId();
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        int length = encoding.encode(buffer, new MessageHeaderEncoder(), correlationId);
        CompletableFuture<Object> reply = new CompletableFuture<>();
        conductor.submit(new MetaConductor.Request(correlationId, buffer, length, reply));
        try {
            return reply.get(context.responseTimeoutNs(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof TesseraException t
                    ? new TesseraException(t.code(), t.getMessage(), t)
                    : new TesseraException(ErrorCode.INTERNAL, String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new TesseraException(
                    ErrorCode.TIMEOUT,
                    "the metadata service at " + context.metaAddresses() + " did not answer within "
                            + context.responseTimeoutNs() / 1_000_000 + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TesseraException(ErrorCode.UNAVAILABLE, "interrupted waiting for the metadata service", e);
        }
    }

    public FileStatus getFileStatus(String path) {
        return (FileStatus) call((b, h, id) -> HEADER
                + new GetFileStatusEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .path(path)
                        .encodedLength());
    }

    public ListingPage listStatus(String path, String startAfter, int limit) {
        return (ListingPage) call((b, h, id) -> HEADER
                + new ListStatusEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .maxEntries(limit)
                        .path(path)
                        .startAfter(startAfter == null ? "" : startAfter)
                        .encodedLength());
    }

    public LocatedListingPage listLocatedStatus(String path, String startAfter, int limit) {
        return (LocatedListingPage) call((b, h, id) -> HEADER
                + new ListLocatedStatusEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .maxEntries(limit)
                        .path(path)
                        .startAfter(startAfter == null ? "" : startAfter)
                        .encodedLength());
    }

    /** Appends the sources' block groups to {@code target} and removes the sources, in one step. */
    public void concat(String target, List<String> sources) {
        call((b, h, id) -> {
            ConcatEncoder encoder =
                    new ConcatEncoder().wrapAndApplyHeader(b, 0, h).correlationId(id);
            ConcatEncoder.SourcesEncoder entries = encoder.sourcesCount(sources.size());
            for (String source : sources) {
                entries.next().source(source);
            }
            return HEADER + encoder.target(target).encodedLength();
        });
    }

    public boolean mkdirs(String path, int permission, String owner) {
        return (Boolean) call((b, h, id) -> HEADER
                + new MkdirsEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .permission(permission)
                        .modificationTime(System.currentTimeMillis())
                        .path(path)
                        .owner(owner)
                        .encodedLength());
    }

    public CreatedFile create(
            String path,
            boolean overwrite,
            boolean createParent,
            int permission,
            long blockSize,
            StoragePolicy policy,
            String owner,
            String leaseHolder) {
        return (CreatedFile) call((b, h, id) -> HEADER
                + new CreateEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .overwrite(bool(overwrite))
                        .createParent(bool(createParent))
                        .permission(permission)
                        .blockSize(blockSize)
                        .policyId((short) (policy == null ? 0 : policy.id()))
                        .modificationTime(System.currentTimeMillis())
                        .path(path)
                        .owner(owner)
                        .leaseHolder(leaseHolder)
                        .encodedLength());
    }

    public AllocatedGroup allocateGroup(long fileId, int groupIndex, String leaseHolder) {
        return allocateGroup(fileId, groupIndex, null, leaseHolder);
    }

    /**
     * Allocates the next group; {@code smallFilePolicy}, for the first group of a small file of an
     * erasure-coded directory, is the replicated policy the file takes instead (null: the file's own).
     */
    public AllocatedGroup allocateGroup(
            long fileId, int groupIndex, StoragePolicy smallFilePolicy, String leaseHolder) {
        return (AllocatedGroup) call((b, h, id) -> HEADER
                + new AllocateGroupEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .fileId(fileId)
                        .groupIndex(groupIndex)
                        .smallFilePolicyId((short) (smallFilePolicy == null ? 0 : smallFilePolicy.id()))
                        .leaseHolder(leaseHolder)
                        .encodedLength());
    }

    public void commitGroup(long fileId, long group, List<CommittedBlock> blocks, String leaseHolder) {
        call((b, h, id) -> {
            CommitGroupEncoder encoder = new CommitGroupEncoder()
                    .wrapAndApplyHeader(b, 0, h)
                    .correlationId(id)
                    .fileId(fileId)
                    .blockGroup(group);
            CommitGroupEncoder.BlocksEncoder entries = encoder.blocksCount(blocks.size());
            for (CommittedBlock block : blocks) {
                entries.next()
                        .blockIndex((short) block.index())
                        .nodeId(block.nodeId())
                        .length(block.length())
                        .checksum(block.checksum());
            }
            return HEADER + encoder.leaseHolder(leaseHolder).encodedLength();
        });
    }

    public void closeFile(long fileId, long length, String leaseHolder) {
        call((b, h, id) -> HEADER
                + new CloseFileEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .fileId(fileId)
                        .length(length)
                        .modificationTime(System.currentTimeMillis())
                        .leaseHolder(leaseHolder)
                        .encodedLength());
    }

    public void renewLease(String leaseHolder) {
        call((b, h, id) -> HEADER
                + new RenewLeaseEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .leaseHolder(leaseHolder)
                        .encodedLength());
    }

    public void rename(String source, String destination) {
        call((b, h, id) -> HEADER
                + new RenameEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .modificationTime(System.currentTimeMillis())
                        .source(source)
                        .destination(destination)
                        .encodedLength());
    }

    public boolean delete(String path, boolean recursive) {
        return (Boolean) call((b, h, id) -> HEADER
                + new DeleteEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .recursive(bool(recursive))
                        .path(path)
                        .encodedLength());
    }

    public void setPolicy(String path, StoragePolicy policy) {
        call((b, h, id) -> HEADER
                + new SetPolicyEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .policyId((short) policy.id())
                        .path(path)
                        .encodedLength());
    }

    public void setPermission(String path, int permission) {
        call((b, h, id) -> HEADER
                + new SetPermissionEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .permission(permission)
                        .path(path)
                        .encodedLength());
    }

    /** Sets owner and group; an empty string leaves that one as it is. */
    public void setOwner(String path, String owner, String group) {
        call((b, h, id) -> HEADER
                + new SetOwnerEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .path(path)
                        .owner(owner == null ? "" : owner)
                        .group(group == null ? "" : group)
                        .encodedLength());
    }

    /** Sets the times; -1 leaves one as it is. */
    public void setTimes(String path, long modificationTime, long accessTime) {
        call((b, h, id) -> HEADER
                + new SetTimesEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .modificationTime(modificationTime)
                        .accessTime(accessTime)
                        .path(path)
                        .encodedLength());
    }

    public ContentSummary contentSummary(String path) {
        return (ContentSummary) call((b, h, id) -> HEADER
                + new GetContentSummaryEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .path(path)
                        .encodedLength());
    }

    public FileLocations locate(String path, long offset, long length) {
        return (FileLocations) call((b, h, id) -> HEADER
                + new LocateEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .fileOffset(offset)
                        .rangeLength(length)
                        .path(path)
                        .encodedLength());
    }

    public void reportBadBlock(long group, int index, int nodeId, ErrorCode code, String reason) {
        call((b, h, id) -> HEADER
                + new ReportBadBlockEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .blockGroup(group)
                        .blockIndex((short) index)
                        .nodeId(nodeId)
                        .code(code.value())
                        .reason(reason.length() > 2000 ? reason.substring(0, 2000) : reason)
                        .encodedLength());
    }

    public ClusterReport clusterReport() {
        return (ClusterReport) call((b, h, id) -> HEADER
                + new GetClusterReportEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .encodedLength());
    }

    public FsckReport fsck(String path) {
        return (FsckReport) call((b, h, id) -> HEADER
                + new FsckEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .path(path)
                        .encodedLength());
    }

    /** Registers a storage server (or re-registers it after a restart); returns its node id. */
    public int registerNode(NodeRegistration node) {
        return (Integer) call((b, h, id) -> HEADER
                + new RegisterNodeEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .dataPort(node.dataPort())
                        .flightPort(node.flightPort())
                        .httpPort(node.httpPort())
                        .capacity(node.capacity())
                        .used(node.used())
                        .storageId(node.storageId())
                        .host(node.host())
                        .rack(node.rack())
                        .zone(node.zone())
                        .aeronDirectory(node.aeronDirectory())
                        .encodedLength());
    }

    public void heartbeat(int nodeId, long capacity, long used, long blockCount) {
        heartbeat(nodeId, capacity, used, blockCount, new NodeActivity(0, 0, 0, 0));
    }

    /**
     * A heartbeat with the server's scrubber and repair counters. The answer is the repair tasks assigned
     * to the server and the blocks it is to delete now (empty from a service older than schema version 2).
     */
    public RepairAssignment heartbeat(int nodeId, long capacity, long used, long blockCount, NodeActivity activity) {
        Object reply = call((b, h, id) -> HEADER
                + new HeartbeatEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .nodeId(nodeId)
                        .capacity(capacity)
                        .used(used)
                        .blockCount(blockCount)
                        .scrubPasses(activity.scrubPasses())
                        .scrubbedBytes(activity.scrubbedBytes())
                        .corruptBlocks(activity.corruptBlocks())
                        .rebuildingBytes(activity.rebuiltBytes())
                        .encodedLength());
        return reply instanceof RepairAssignment assignment
                ? assignment
                : new RepairAssignment(java.util.List.of(), java.util.List.of());
    }

    /** A storage server's background work, as its heartbeats carry it. */
    public record NodeActivity(long scrubPasses, long scrubbedBytes, long corruptBlocks, long rebuiltBytes) {}

    /**
     * Reports a repair task's end: {@code code} null on success. True when the block map now places the
     * built block on this node; false when it is not wanted (the task was stale) and is to be deleted.
     */
    public boolean repairDone(
            int nodeId, RepairAssignment.Task task, long length, int checksum, ErrorCode code, String reason) {
        return (Boolean) call((b, h, id) -> HEADER
                + new io.tessera.protocol.meta.RepairDoneEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .nodeId(nodeId)
                        .taskId(task.taskId())
                        .blockGroup(task.group())
                        .blockIndex((short) task.blockIndex())
                        .generation(task.generation())
                        .length(length)
                        .checksum(checksum)
                        .code(code == null ? 0 : code.value())
                        .reason(reason == null ? "" : reason.length() > 2000 ? reason.substring(0, 2000) : reason)
                        .encodedLength());
    }

    /** Starts draining a storage node: its blocks are copied away, then it counts as DECOMMISSIONED. */
    public void decommission(int nodeId) {
        call((b, h, id) -> HEADER
                + new io.tessera.protocol.meta.DecommissionEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .nodeId(nodeId)
                        .encodedLength());
    }

    /** Asks for a balancing round: blocks move until every live node is within 10% of the mean usage. */
    public void balance() {
        call((b, h, id) -> HEADER
                + new io.tessera.protocol.meta.BalanceEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .encodedLength());
    }

    /**
     * Reports every block a node holds, in batches the schema's 16-bit group counts can carry; returns the
     * blocks the node is to delete.
     */
    @SuppressWarnings("unchecked")
    public List<io.tessera.common.BlockId> blockReport(int nodeId, List<ReportedBlock> blocks) {
        List<io.tessera.common.BlockId> stale = new java.util.ArrayList<>();
        for (int from = 0; from == 0 || from < blocks.size(); from += BLOCK_REPORT_BATCH) {
            List<ReportedBlock> batch = blocks.subList(from, Math.min(blocks.size(), from + BLOCK_REPORT_BATCH));
            stale.addAll((List<io.tessera.common.BlockId>) call((b, h, id) -> {
                BlockReportEncoder encoder = new BlockReportEncoder()
                        .wrapAndApplyHeader(b, 0, h)
                        .correlationId(id)
                        .nodeId(nodeId);
                BlockReportEncoder.BlocksEncoder entries = encoder.blocksCount(batch.size());
                for (ReportedBlock block : batch) {
                    entries.next()
                            .blockGroup(block.group())
                            .blockIndex((short) block.index())
                            .generation(block.generation())
                            .length(block.length());
                }
                return HEADER + encoder.encodedLength();
            }));
        }
        return stale;
    }

    /** A storage server as it registers. */
    public record NodeRegistration(
            String storageId,
            String host,
            int dataPort,
            int flightPort,
            int httpPort,
            String rack,
            String zone,
            String aeronDirectory,
            long capacity,
            long used) {}

    /** One block in a block report. */
    public record ReportedBlock(long group, int index, long generation, long length) {}

    private static BooleanType bool(boolean value) {
        return value ? BooleanType.TRUE : BooleanType.FALSE;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            CloseHelper.closeAll(runner, aeron);
        }
    }

    /** Configuration, validated once by {@link #conclude()}. */
    public static final class Context {
        private String aeronDirectoryName;
        private String metaAddresses = "127.0.0.1:7100";
        private String replyHost = "127.0.0.1";
        private long responseTimeoutNs = TimeUnit.SECONDS.toNanos(30);
        private boolean connectEagerly;
        private ErrorHandler errorHandler = e -> {};
        private NanoClock nanoClock = SystemNanoClock.INSTANCE;

        void conclude() {
            Objects.requireNonNull(aeronDirectoryName, "aeronDirectoryName: the media driver to attach to");
            Objects.requireNonNull(metaAddresses, "metaAddresses");
        }

        public Context aeronDirectoryName(String directory) {
            this.aeronDirectoryName = directory;
            return this;
        }

        String aeronDirectoryName() {
            return aeronDirectoryName;
        }

        /** {@code host:port} of the metadata service, or of every cluster member, comma-separated. */
        public Context metaAddresses(String addresses) {
            this.metaAddresses = addresses;
            return this;
        }

        String metaAddresses() {
            return metaAddresses;
        }

        public Context replyHost(String host) {
            this.replyHost = host;
            return this;
        }

        String replyHost() {
            return replyHost;
        }

        public Context responseTimeout(long duration, TimeUnit unit) {
            this.responseTimeoutNs = unit.toNanos(duration);
            return this;
        }

        long responseTimeoutNs() {
            return responseTimeoutNs;
        }

        /** Connect at start rather than on the first request (storage servers want to know at once). */
        public Context connectEagerly(boolean eagerly) {
            this.connectEagerly = eagerly;
            return this;
        }

        boolean connectEagerly() {
            return connectEagerly;
        }

        public Context errorHandler(ErrorHandler handler) {
            this.errorHandler = handler;
            return this;
        }

        ErrorHandler errorHandler() {
            return errorHandler;
        }

        NanoClock nanoClock() {
            return nanoClock;
        }
    }
}
