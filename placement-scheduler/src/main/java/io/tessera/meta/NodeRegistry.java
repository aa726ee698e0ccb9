package io.tessera.meta;

import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import io.tessera.placement.Candidate;
import io.tessera.placement.Rack;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The storage nodes the metadata service knows: who they are, where they stand, how full they are and
 * whether they are alive. Lives inside the replicated state machine, so it is deterministic: time is
 * passed in (cluster time, milliseconds), nodes are kept and visited in node id order, and the map by
 * storage id is only ever looked up, never iterated. Not thread-safe: the state machine owns it.
 *
 * <p>A storage server registers with the storage id of its data directory and gets a node id, the next
 * in registration order from 1. Registering again with the same storage id (a restart, perhaps on new
 * ports) updates the entry and keeps the node id. Heartbeats carry capacity and used bytes; {@link
 * #expire} turns nodes silent for longer than the heartbeat timeout {@link NodeState#DEAD}, and a dead
 * node that heartbeats or registers again is {@link NodeState#LIVE} again. A decommissioning node that
 * dies becomes DEAD and comes back LIVE: its blocks are repaired like any dead node's, and draining it
 * must be asked for again.
 *
 * <h2>Snapshot format, version 1</h2>
 *
 * Written by {@link #writeTo} and read by {@link #readFrom}, embedded in the state machine's snapshot.
 * Big-endian as {@link DataOutput} writes; strings are {@link DataOutput#writeUTF} (an unsigned 16-bit
 * length, then modified UTF-8). The heartbeat timeout is configuration and is not written.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 magic 0x544E5247 ("TNRG")                     |
 *  +---------------------------------------------------------------+
 *  |                      format version = 1                       |
 *  +---------------------------------------------------------------+
 *  |                          node count                           |
 *  +---------------------------------------------------------------+
 *  |             node count node records, by node id             ...
 *  +---------------------------------------------------------------+
 *
 *  node record
 *  +---------------------------------------------------------------+
 *  |            node id (1, 2, 3 ... in record order)              |
 *  +---------------+-----------------------------------------------+
 *  |  state code   |  storage id (UTF)                           ...
 *  +---------------+-----------------------------------------------+
 *  |  host (UTF)                                                 ...
 *  +-------------------------------+-------------------------------+
 *  |       data port (uint16)      |      flight port (uint16)     |
 *  +-------------------------------+-------------------------------+
 *  |       http port (uint16)      |  zone (UTF), rack (UTF)     ...
 *  +-------------------------------+-------------------------------+
 *  |                   capacity bytes (int64)                      |
 *  |                     used bytes (int64)                        |
 *  |         last heartbeat, cluster time in ms (int64)            |
 *  +---------------------------------------------------------------+
 *  |  media driver directory (UTF)                               ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * State codes are {@link NodeState#code()}. A reader refuses other magic, versions it does not know,
 * unknown state codes and node ids out of sequence. A new version adds fields at the end of the node
 * record and is read by new code only.
 */
public final class NodeRegistry {
    static final int MAGIC = 0x544E5247;
    static final int FORMAT_VERSION = 1;

    private final long heartbeatTimeoutMillis;
    private final List<StorageNode> nodes = new ArrayList<>();
    private final Map<String, Integer> nodeIdsByStorageId = new HashMap<>();

    /** @param heartbeatTimeoutMillis how long a node may stay silent before {@link #expire} calls it dead */
    public NodeRegistry(long heartbeatTimeoutMillis) {
        if (heartbeatTimeoutMillis <= 0) {
            throw new IllegalArgumentException("heartbeat timeout must be positive: " + heartbeatTimeoutMillis + " ms");
        }
        this.heartbeatTimeoutMillis = heartbeatTimeoutMillis;
    }

    /**
     * Registers a node, or updates the node already registered with the same storage id, keeping its
     * node id. A dead node comes back live; a decommissioning or decommissioned node stays so.
     */
    public StorageNode register(NodeRegistration registration, long nowMillis) {
        Integer known = nodeIdsByStorageId.get(registration.storageId());
        if (known == null) {
            StorageNode node = StorageNode.registered(nodes.size() + 1, registration, nowMillis, NodeState.LIVE);
            nodes.add(node);
            nodeIdsByStorageId.put(node.storageId(), node.nodeId());
            return node;
        }
        StorageNode previous = node(known);
        return replace(StorageNode.registered(known, registration, nowMillis, revived(previous.state())));
    }

    /**
     * Records a heartbeat: the node's capacity and used bytes at {@code nowMillis}. A dead node comes
     * back live.
     *
     * @throws TesseraException {@code NOT_FOUND} for a node id never registered
     */
    public StorageNode heartbeat(int nodeId, long capacityBytes, long usedBytes, long nowMillis) {
        NodeRegistration.checkBytes(capacityBytes, usedBytes);
        StorageNode node = find(nodeId)
                .orElseThrow(
                        () -> new TesseraException(ErrorCode.NOT_FOUND, "unknown node " + nodeId + ", register first"));
        return replace(node.withHeartbeat(capacityBytes, usedBytes, nowMillis, revived(node.state())));
    }

    /**
     * Marks dead every live or decommissioning node whose last heartbeat is more than the heartbeat
     * timeout before {@code nowMillis}.
     *
     * @return the nodes that died now, in node id order, in their new state
     */
    public List<StorageNode> expire(long nowMillis) {
        List<StorageNode> died = new ArrayList<>();
        for (StorageNode node : nodes) {
            boolean expected = node.state() == NodeState.LIVE || node.state() == NodeState.DECOMMISSIONING;
            if (expected && nowMillis - node.lastHeartbeatMillis() > heartbeatTimeoutMillis) {
                died.add(replace(node.withState(NodeState.DEAD)));
            }
        }
        return died;
    }

    /**
     * Counts every live or decommissioning node as heard from at {@code nowMillis}: after the metadata
     * service itself was away, silence is not the nodes' fault.
     */
    public void grace(long nowMillis) {
        for (StorageNode node : new ArrayList<>(nodes)) {
            if (node.state() == NodeState.LIVE || node.state() == NodeState.DECOMMISSIONING) {
                replace(node.withHeartbeat(node.capacityBytes(), node.usedBytes(), nowMillis, node.state()));
            }
        }
    }

    /** Starts draining a live node: it stops taking new blocks. Repeating the request changes nothing. */
    public StorageNode startDecommission(int nodeId) {
        return transition(nodeId, NodeState.LIVE, NodeState.DECOMMISSIONING);
    }

    /** Records that a decommissioning node holds nothing the cluster needs any more. */
    public StorageNode finishDecommission(int nodeId) {
        return transition(nodeId, NodeState.DECOMMISSIONING, NodeState.DECOMMISSIONED);
    }

    /**
     * The node with {@code nodeId}.
     *
     * @throws TesseraException {@code NOT_FOUND} for a node id never registered
     */
    public StorageNode node(int nodeId) {
        return find(nodeId).orElseThrow(() -> new TesseraException(ErrorCode.NOT_FOUND, "unknown node " + nodeId));
    }

    public Optional<StorageNode> find(int nodeId) {
        return nodeId >= 1 && nodeId <= nodes.size() ? Optional.of(nodes.get(nodeId - 1)) : Optional.empty();
    }

    public Optional<StorageNode> findByStorageId(String storageId) {
        Integer nodeId = nodeIdsByStorageId.get(storageId);
        return nodeId == null ? Optional.empty() : find(nodeId);
    }

    /** Every node ever registered, in node id order. */
    public List<StorageNode> nodes() {
        return List.copyOf(nodes);
    }

    /** The input of placement: the live nodes, in node id order. */
    public List<Candidate> placementCandidates() {
        List<Candidate> candidates = new ArrayList<>();
        for (StorageNode node : nodes) {
            if (node.state() == NodeState.LIVE) {
                candidates.add(node.candidate());
            }
        }
        return candidates;
    }

    public long heartbeatTimeoutMillis() {
        return heartbeatTimeoutMillis;
    }

    /** Writes the registry in the snapshot format of the class comment. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeInt(nodes.size());
        for (StorageNode node : nodes) {
            writeNode(out, node);
        }
    }

    /** Reads a registry written by {@link #writeTo}, with the heartbeat timeout of this run. */
    public static NodeRegistry readFrom(DataInput in, long heartbeatTimeoutMillis) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new IOException("not a node registry snapshot: magic 0x" + Integer.toHexString(magic));
        }
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException("node registry snapshot version " + version + " is not supported; this build reads "
                    + FORMAT_VERSION);
        }
        NodeRegistry registry = new NodeRegistry(heartbeatTimeoutMillis);
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            StorageNode node = readNode(in, i + 1);
            registry.nodes.add(node);
            if (registry.nodeIdsByStorageId.put(node.storageId(), node.nodeId()) != null) {
                throw new IOException("storage id " + node.storageId() + " appears twice in node registry snapshot");
            }
        }
        return registry;
    }

    private static void writeNode(DataOutput out, StorageNode node) throws IOException {
        out.writeInt(node.nodeId());
        out.writeByte(node.state().code());
        out.writeUTF(node.storageId());
        out.writeUTF(node.host());
        out.writeShort(node.dataPort());
        out.writeShort(node.flightPort());
        out.writeShort(node.httpPort());
        out.writeUTF(node.rack().zone());
        out.writeUTF(node.rack().name());
        out.writeLong(node.capacityBytes());
        out.writeLong(node.usedBytes());
        out.writeLong(node.lastHeartbeatMillis());
        out.writeUTF(node.aeronDirectory());
    }

    private static StorageNode readNode(DataInput in, int expectedNodeId) throws IOException {
        int nodeId = in.readInt();
        if (nodeId != expectedNodeId) {
            throw new IOException(
                    "node registry snapshot has node " + nodeId + " where node " + expectedNodeId + " belongs");
        }
        NodeState state = NodeState.ofCode(in.readUnsignedByte());
        String storageId = in.readUTF();
        String host = in.readUTF();
        int dataPort = in.readUnsignedShort();
        int flightPort = in.readUnsignedShort();
        int httpPort = in.readUnsignedShort();
        Rack rack = new Rack(in.readUTF(), in.readUTF());
        return new StorageNode(
                nodeId,
                storageId,
                host,
                dataPort,
                flightPort,
                httpPort,
                rack,
                in.readLong(),
                in.readLong(),
                in.readLong(),
                state,
                in.readUTF());
    }

    private StorageNode transition(int nodeId, NodeState from, NodeState to) {
        StorageNode node = node(nodeId);
        if (node.state() == to) {
            return node;
        }
        if (node.state() != from) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    "node " + nodeId + " is " + node.state() + "; only a " + from + " node can become " + to);
        }
        return replace(node.withState(to));
    }

    private StorageNode replace(StorageNode node) {
        nodes.set(node.nodeId() - 1, node);
        return node;
    }

    private static NodeState revived(NodeState state) {
        return state == NodeState.DEAD ? NodeState.LIVE : state;
    }
}
