package io.tessera.meta;

import io.tessera.common.BlockId;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The self-healing state of the metadata service: block groups waiting for repair ordered by risk, the
 * tasks under way, planned balancing moves, blocks nodes are to delete, and counters. Part of the
 * replicated state machine, so it is deterministic (ordered collections; hash maps are only looked up)
 * and written to snapshots. {@link Repairs} decides what goes in and out.
 *
 * <p>Risk is the group's margin: surviving blocks minus the blocks needed to read it. A group with
 * margin 0 is one failure from data loss and comes first; ties go to the older group.
 *
 * <h2>Snapshot format, version 1</h2>
 *
 * Big-endian as {@link DataOutput} writes, embedded in the state machine's snapshot after the node registry.
 *
 * <pre>
 *  magic 0x54525051 ("TRPQ") (int32) | format version = 1 (int32)
 *  next task id | blocks rebuilt | bytes rebuilt | failures | blocks moved (int64 each)
 *  balance requested (1B) | last tick, cluster ms (int64)
 *  queue count (int32), then per entry: margin (int32) | block group (int64)
 *  task count (int32), then per task: task id | block group | generation (int64 each)
 *      | slot | from node | target node | copy from (int32 each) | move (1B) | assigned at (int64)
 *  move count (int32), then per planned move: block group (int64) | slot | from node | to node (int32 each)
 *  node count (int32), then per node: node id (int32) | bytes rebuilt onto it (int64)
 *      | deletion count (int32), then per deletion: block group (int64) | block index (int32)
 * </pre>
 */
final class RepairQueue {
    static final int MAGIC = 0x54525051;
    static final int VERSION = 1;

    /** A group waiting for repair. */
    record Entry(int margin, long blockGroup) {}

    /** A balancing move planned but not yet started: slot's block from one node to another. */
    record Move(long blockGroup, int slot, int fromNode, int toNode) {}

    private static final Comparator<Entry> BY_RISK =
            Comparator.comparingInt(Entry::margin).thenComparingLong(Entry::blockGroup);

    private final TreeSet<Entry> queue = new TreeSet<>(BY_RISK);
    private final HashMap<Long, Entry> queued = new HashMap<>();
    private final TreeMap<Long, RepairTask> tasks = new TreeMap<>();
    private final Deque<Move> moves = new ArrayDeque<>();
    private final TreeMap<Integer, List<BlockId>> deletions = new TreeMap<>();
    private final TreeMap<Integer, Long> rebuiltBytesByNode = new TreeMap<>();
    long nextTaskId = 1;
    long blocksRebuilt;
    long bytesRebuilt;
    long failures;
    long blocksMoved;
    boolean balanceRequested;
    /** Cluster time of the last tick, to notice the service was away; 0 before the first. */
    long lastTickMs;

    /** Queues a group, or moves it to its new place when its margin changed. */
    void enqueue(long blockGroup, int margin) {
        Entry previous = queued.get(blockGroup);
        if (previous != null) {
            queue.remove(previous);
        }
        Entry entry = new Entry(margin, blockGroup);
        queue.add(entry);
        queued.put(blockGroup, entry);
    }

    void dequeue(long blockGroup) {
        Entry entry = queued.remove(blockGroup);
        if (entry != null) {
            queue.remove(entry);
        }
    }

    boolean isQueued(long blockGroup) {
        return queued.containsKey(blockGroup);
    }

    /** The queue in risk order, copied: planning changes it while walking. */
    List<Entry> inRiskOrder() {
        return new ArrayList<>(queue);
    }

    int queueLength() {
        return queue.size();
    }

    long newTaskId() {
        return nextTaskId++;
    }

    void add(RepairTask task) {
        tasks.put(task.taskId(), task);
    }

    RepairTask task(long taskId) {
        return tasks.get(taskId);
    }

    RepairTask removeTask(long taskId) {
        return tasks.remove(taskId);
    }

    /** Every task under way, by task id. */
    List<RepairTask> tasks() {
        return new ArrayList<>(tasks.values());
    }

    int tasksInFlight() {
        return tasks.size();
    }

    /** Tasks under way on {@code targetNode}. */
    List<RepairTask> tasksFor(int targetNode) {
        List<RepairTask> found = new ArrayList<>();
        for (RepairTask task : tasks.values()) {
            if (task.targetNode() == targetNode) {
                found.add(task);
            }
        }
        return found;
    }

    Deque<Move> moves() {
        return moves;
    }

    /** Asks {@code nodeId} to delete a block the map no longer places there, at its next poll. */
    void delete(int nodeId, BlockId block) {
        deletions.computeIfAbsent(nodeId, id -> new ArrayList<>()).add(block);
    }

    /** Withdraws a deletion not yet handed over: the block is wanted on {@code nodeId} again. */
    void keep(int nodeId, BlockId block) {
        List<BlockId> waiting = deletions.get(nodeId);
        if (waiting != null && waiting.remove(block) && waiting.isEmpty()) {
            deletions.remove(nodeId);
        }
    }

    /** Up to {@code max} of the deletions waiting for {@code nodeId}, which are handed over (and forgotten) now. */
    List<BlockId> takeDeletions(int nodeId, int max) {
        List<BlockId> waiting = deletions.get(nodeId);
        if (waiting == null) {
            return List.of();
        }
        if (waiting.size() <= max) {
            deletions.remove(nodeId);
            return waiting;
        }
        List<BlockId> taken = new ArrayList<>(waiting.subList(0, max));
        waiting.subList(0, max).clear();
        return taken;
    }

    void rebuilt(int nodeId, long bytes, boolean move) {
        if (move) {
            blocksMoved++;
        } else {
            blocksRebuilt++;
        }
        bytesRebuilt += bytes;
        rebuiltBytesByNode.merge(nodeId, bytes, Long::sum);
    }

    long rebuiltBytes(int nodeId) {
        return rebuiltBytesByNode.getOrDefault(nodeId, 0L);
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(nextTaskId);
        out.writeLong(blocksRebuilt);
        out.writeLong(bytesRebuilt);
        out.writeLong(failures);
        out.writeLong(blocksMoved);
        out.writeByte(balanceRequested ? 1 : 0);
        out.writeLong(lastTickMs);
        out.writeInt(queue.size());
        for (Entry entry : queue) {
            out.writeInt(entry.margin());
            out.writeLong(entry.blockGroup());
        }
        out.writeInt(tasks.size());
        for (RepairTask task : tasks.values()) {
            out.writeLong(task.taskId());
            out.writeLong(task.blockGroup());
            out.writeLong(task.generation());
            out.writeInt(task.slot());
            out.writeInt(task.fromNode());
            out.writeInt(task.targetNode());
            out.writeInt(task.copyFrom());
            out.writeByte(task.move() ? 1 : 0);
            out.writeLong(task.assignedAt());
        }
        out.writeInt(moves.size());
        for (Move move : moves) {
            out.writeLong(move.blockGroup());
            out.writeInt(move.slot());
            out.writeInt(move.fromNode());
            out.writeInt(move.toNode());
        }
        TreeMap<Integer, Boolean> nodeIds = new TreeMap<>();
        rebuiltBytesByNode.keySet().forEach(id -> nodeIds.put(id, true));
        deletions.keySet().forEach(id -> nodeIds.put(id, true));
        out.writeInt(nodeIds.size());
        for (int nodeId : nodeIds.keySet()) {
            out.writeInt(nodeId);
            out.writeLong(rebuiltBytes(nodeId));
            List<BlockId> pending = deletions.getOrDefault(nodeId, List.of());
            out.writeInt(pending.size());
            for (BlockId block : pending) {
                out.writeLong(block.group());
                out.writeInt(block.index());
            }
        }
    }

    static RepairQueue readFrom(DataInput in) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new IOException("not a repair queue snapshot: magic 0x" + Integer.toHexString(magic));
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException(
                    "repair queue snapshot version " + version + " is not supported; this build reads " + VERSION);
        }
        RepairQueue repairs = new RepairQueue();
        repairs.nextTaskId = in.readLong();
        repairs.blocksRebuilt = in.readLong();
        repairs.bytesRebuilt = in.readLong();
        repairs.failures = in.readLong();
        repairs.blocksMoved = in.readLong();
        repairs.balanceRequested = in.readByte() != 0;
        repairs.lastTickMs = in.readLong();
        for (int i = in.readInt(); i > 0; i--) {
            int margin = in.readInt();
            repairs.enqueue(in.readLong(), margin);
        }
        for (int i = in.readInt(); i > 0; i--) {
            repairs.add(new RepairTask(
                    in.readLong(),
                    in.readLong(),
                    in.readLong(),
                    in.readInt(),
                    in.readInt(),
                    in.readInt(),
                    in.readInt(),
                    in.readByte() != 0,
                    in.readLong()));
        }
        for (int i = in.readInt(); i > 0; i--) {
            repairs.moves.add(new Move(in.readLong(), in.readInt(), in.readInt(), in.readInt()));
        }
        for (int i = in.readInt(); i > 0; i--) {
            int nodeId = in.readInt();
            long bytes = in.readLong();
            if (bytes > 0) {
                repairs.rebuiltBytesByNode.put(nodeId, bytes);
            }
            for (int d = in.readInt(); d > 0; d--) {
                repairs.delete(nodeId, new BlockId(in.readLong(), in.readInt()));
            }
        }
        return repairs;
    }

    /** Blocks a node is to delete, for tests and reports. */
    Map<Integer, List<BlockId>> pendingDeletions() {
        return Map.copyOf(deletions);
    }
}
