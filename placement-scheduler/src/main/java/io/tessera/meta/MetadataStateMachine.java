package io.tessera.meta;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.tessera.common.StoragePolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import net.jpountz.lz4.LZ4BlockInputStream;
import net.jpountz.lz4.LZ4BlockOutputStream;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The metadata service's replicated state machine: namespace, block map and node registry, changed
 * only by requests from the log (and a once-a-second timer on cluster time), so every member computes
 * the same state.
 *
 * <p><b>Snapshot format</b> (LZ4 block stream after the first eight bytes):
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                 magic 0x544D5353 ("TMSS")                     |
 *  +---------------------------------------------------------------+
 *  |                      format version = 2                       |
 *  +---------------------------------------------------------------+
 *  |  LZ4 block stream of: namespace snapshot (NamespaceSnapshot),  |
 *  |  node registry snapshot (NodeRegistry#writeTo), then          |
 *  |  repair queue snapshot (RepairQueue#writeTo)                 ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Version 1 ended after the node registry; it is still read, with an empty repair queue (the first
 * tick's rescan queues whatever needs repair).
 *
 * The bytes travel to the snapshot publication in fragments of at most one frame.
 */
final class MetadataStateMachine implements ClusteredService {
    static final int SNAPSHOT_MAGIC = 0x544D5353;
    static final int SNAPSHOT_VERSION = 2;
    private static final long TICK_TIMER_ID = 1;
    private static final long TICK_INTERVAL_MS = 1000;
    /** Ticks further apart than this mean the service was not running in between. */
    static final long TICK_GAP_MS = 5 * TICK_INTERVAL_MS;

    /** What the state machine is configured with; identical on every member. */
    record Config(
            long heartbeatTimeoutMs,
            long leaseLimitMs,
            long repairTaskTimeoutMs,
            int repairTasksPerNode,
            StoragePolicy defaultPolicy,
            ErrorHandler errorHandler) {
        NamespaceConfig namespaceConfig() {
            return NamespaceConfig.DEFAULT.withDefaultPolicy(defaultPolicy).withLeaseLimitMillis(leaseLimitMs);
        }
    }

    private final Config config;
    private final MetaReplyProxy replies = new MetaReplyProxy();
    private final MetaOperations operations;
    private final MetaRequestAdapter adapter;
    private Cluster cluster;
    private boolean tickPending;

    MetadataStateMachine(Config config) {
        this.config = config;
        this.operations = new MetaOperations(config, replies, config.errorHandler());
        this.adapter = new MetaRequestAdapter(operations, replies, config.errorHandler());
    }

    @Override
    public void onStart(Cluster cluster, Image snapshotImage) {
        this.cluster = cluster;
        replies.cluster(cluster);
        if (snapshotImage != null) {
            load(readAll(snapshotImage));
        }
    }

    /**
     * Schedules the tick when none is pending. Timers may only be scheduled in reply to log events, so
     * the first session to open (every client and storage server opens one) starts it; each tick then
     * schedules the next. Rescheduling on every session would push the tick back forever on a busy cluster.
     */
    @Override
    public void onSessionOpen(ClientSession session, long timestamp) {
        if (!tickPending) {
            cluster.scheduleTimer(TICK_TIMER_ID, timestamp + TICK_INTERVAL_MS);
            tickPending = true;
        }
    }

    @Override
    public void onSessionClose(ClientSession session, long timestamp, CloseReason closeReason) {}

    @Override
    public void onSessionMessage(
            ClientSession session, long timestamp, DirectBuffer buffer, int offset, int length, Header header) {
        adapter.onRequest(session, timestamp, buffer, offset, length);
    }

    @Override
    public void onTimerEvent(long correlationId, long timestamp) {
        operations.tick(timestamp);
        cluster.scheduleTimer(TICK_TIMER_ID, timestamp + TICK_INTERVAL_MS);
    }

    @Override
    public void onTakeSnapshot(ExclusivePublication publication) {
        byte[] bytes = snapshot();
        UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        int fragment = publication.maxPayloadLength();
        for (int offset = 0; offset < bytes.length; ) {
            int length = Math.min(fragment, bytes.length - offset);
            while (publication.offer(buffer, offset, length) < 0) {
                cluster.idleStrategy().idle();
            }
            offset += length;
        }
    }

    @Override
    public void onRoleChange(Cluster.Role newRole) {}

    @Override
    public void onTerminate(Cluster cluster) {}

    /** The whole state in the snapshot format of the class comment. */
    byte[] snapshot() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream header = new DataOutputStream(bytes);
            header.writeInt(SNAPSHOT_MAGIC);
            header.writeInt(SNAPSHOT_VERSION);
            try (DataOutputStream out = new DataOutputStream(new LZ4BlockOutputStream(bytes, 1 << 16))) {
                NamespaceSnapshot.write(operations.state(), out);
                operations.nodes().writeTo(out);
                operations.repairQueue().writeTo(out);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the metadata snapshot", e);
        }
    }

    /** Replaces the state with a snapshot's. */
    void load(byte[] snapshot) {
        try (DataInputStream header = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int magic = header.readInt();
            int version = header.readInt();
            if (magic != SNAPSHOT_MAGIC || version < 1 || version > SNAPSHOT_VERSION) {
                throw new IOException("not a metadata snapshot of version 1 to " + SNAPSHOT_VERSION + ": magic 0x"
                        + Integer.toHexString(magic) + ", version " + version);
            }
            DataInputStream in = new DataInputStream(new LZ4BlockInputStream(header));
            NamespaceState state = NamespaceSnapshot.read(in, config.namespaceConfig());
            NodeRegistry nodes = NodeRegistry.readFrom(in, config.heartbeatTimeoutMs());
            RepairQueue repairs = version >= 2 ? RepairQueue.readFrom(in) : new RepairQueue();
            operations.reset(state, nodes, repairs);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the metadata snapshot", e);
        }
    }

    private byte[] readAll(Image image) {
        ExpandableArrayBuffer collected = new ExpandableArrayBuffer(1 << 16);
        int[] length = {0};
        while (!image.isEndOfStream()) {
            int fragments = image.poll(
                    (buffer, offset, fragmentLength, header) -> {
                        collected.putBytes(length[0], buffer, offset, fragmentLength);
                        length[0] += fragmentLength;
                    },
                    64);
            if (fragments == 0) {
                cluster.idleStrategy().idle();
            }
        }
        byte[] bytes = new byte[length[0]];
        collected.getBytes(0, bytes);
        return bytes;
    }
}
