package io.tessera.meta;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import io.tessera.placement.Candidate;
import io.tessera.placement.PlacementPolicy;
import io.tessera.placement.PlacementRequest;
import io.tessera.placement.Rack;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.agrona.ErrorHandler;

/**
 * The scheduler of self-healing, inside the replicated state machine: decides which groups enter the
 * {@link RepairQueue}, turns the riskiest into tasks for target nodes chosen by placement, and applies
 * finished tasks to the block map in one step each. Deterministic like everything in the state machine:
 * cluster time is passed in, collections are visited in id order, placement is seeded from the group and
 * task ids.
 *
 * <p>A slot needs work when its block exists in the group's layout and its node is gone ({@link
 * BlockGroup#NO_NODE}: lost, or reported corrupt or missing by a reader or the scrubber), {@link NodeState#DEAD}, or
 * being drained ({@link NodeState#DECOMMISSIONING}: copied from that node, which stays in the map until
 * the copy is in, so redundancy never drops). A task names the slot's node when it was made and applies
 * only while the slot still names it: a stale, repeated or cancelled task's report changes nothing, and
 * the block it built is deleted. The target is chosen by {@link PlacementRequest#repair}: never a node
 * holding a block of the group, racks and zones the group uses least first.
 */
final class Repairs {
    /** Ticks (seconds) between full walks that find unhealthy groups no event announced. */
    static final int RESCAN_TICKS = 30;
    /** Tolerance of balancing: every live node within 10% of the mean usage. */
    static final double BALANCE_TOLERANCE = 0.10;

    static final int MAX_MOVES_PER_ROUND = 10_000;
    /** Deletions handed to a node per poll: the reply's group count is 16 bits. */
    static final int MAX_DELETIONS_PER_POLL = 10_000;

    private final PlacementPolicy placement;
    private final ErrorHandler errorHandler;
    private final long taskTimeoutMs;
    private final int tasksPerNode;
    private NamespaceState state;
    private NodeRegistry nodes;
    private RepairQueue queue;
    private long ticks;

    /** A group found by id, with its file. */
    private record Found(FileInode file, BlockGroup group) {}

    /** One surviving block a target may read. */
    record Source(int blockIndex, StorageNode node, long length) {}

    /** A task as its target needs it. */
    record Work(
            RepairTask task,
            int blockIndex,
            StoragePolicy policy,
            long blockLength,
            int dataBlocks,
            List<Source> sources) {}

    /** What a node polling for work gets: tasks to run and blocks to delete. */
    record Assignment(List<Work> work, List<BlockId> deletions) {}

    /** Blocks and bytes the block map places on a node. */
    record Placed(long blocks, long bytes) {}

    Repairs(PlacementPolicy placement, long taskTimeoutMs, int tasksPerNode, ErrorHandler errorHandler) {
        this.placement = placement;
        this.taskTimeoutMs = taskTimeoutMs;
        this.tasksPerNode = tasksPerNode;
        this.errorHandler = errorHandler;
    }

    void reset(NamespaceState namespaceState, NodeRegistry registry, RepairQueue repairQueue) {
        this.state = namespaceState;
        this.nodes = registry;
        this.queue = repairQueue;
        this.ticks = 0;
    }

    RepairQueue queue() {
        return queue;
    }

    // ---- events that put groups in the queue

    /** A node died: tasks it was running are cancelled, and every group with a block on it is queued. */
    void nodeDied(int nodeId) {
        for (RepairTask task : queue.tasksFor(nodeId)) {
            cancel(task);
        }
        enqueueGroupsOn(nodeId);
    }

    /**
     * Starts draining a live node: it takes no new blocks, and its groups are queued for copying. Asking
     * again, also once it is drained, changes nothing.
     */
    void startDecommission(int nodeId) {
        if (nodes.node(nodeId).state() == NodeState.DECOMMISSIONED) {
            return;
        }
        nodes.startDecommission(nodeId);
        enqueueGroupsOn(nodeId);
    }

    void committed(long blockGroup) {
        Found found = find(blockGroup);
        if (found != null && !neededSlots(found).isEmpty()) {
            queue.enqueue(blockGroup, margin(found));
        }
    }

    /**
     * A block was found corrupt or missing on {@code nodeId}: the map forgets it there, the node is told to
     * delete it, and the group is queued. A report that would leave the group unreadable is only logged:
     * the block may still be partly good, and no reader is better off without it.
     */
    boolean badBlock(long blockGroup, int blockIndex, int nodeId) {
        Found found = find(blockGroup);
        int slot = found == null ? -1 : slotOf(found, blockIndex, nodeId);
        if (slot < 0) {
            return false;
        }
        if (usableSlots(found) - 1 < found.group.requiredBlocks(found.file.policy, found.file.blockSize)) {
            return false;
        }
        found.group.nodes[slot] = BlockGroup.NO_NODE;
        queue.delete(nodeId, new BlockId(blockGroup, blockIndex));
        queue.enqueue(blockGroup, margin(found));
        return true;
    }

    /** A new node joined: a balancing round follows once repairs are done. */
    void nodeJoined() {
        if (state.groupIndex.size() > 0) {
            queue.balanceRequested = true;
        }
    }

    void requestBalance() {
        queue.balanceRequested = true;
    }

    private void enqueueGroupsOn(int nodeId) {
        TreeWalk.preOrder(state.root, inode -> {
            if (inode instanceof FileInode file) {
                for (BlockGroup group : file.groups) {
                    if (group.committed && holds(group, nodeId)) {
                        queue.enqueue(group.id, margin(new Found(file, group)));
                    }
                }
            }
        });
    }

    // ---- the tick: timeouts, rescans, assignment

    void tick(long now) {
        ticks++;
        expireTasks(now);
        boolean draining = nodes.nodes().stream().anyMatch(n -> n.state() == NodeState.DECOMMISSIONING);
        if (ticks % RESCAN_TICKS == 1 || draining) {
            rescan();
        }
        TreeMap<Integer, Integer> load = load();
        assignRepairs(now, load);
        if (queue.queueLength() == 0
                && queue.tasksInFlight() == 0
                && queue.moves().isEmpty()) {
            if (queue.balanceRequested) {
                planBalance();
            }
        }
        assignMoves(now, load);
    }

    /** Queues every group that needs work, and finishes decommissions whose nodes hold nothing any more. */
    private void rescan() {
        TreeMap<Integer, Long> placedBlocks = new TreeMap<>();
        TreeWalk.preOrder(state.root, inode -> {
            if (inode instanceof FileInode file) {
                for (BlockGroup group : file.groups) {
                    if (!group.committed) {
                        continue;
                    }
                    for (int node : group.nodes) {
                        placedBlocks.merge(node, 1L, Long::sum);
                    }
                    Found found = new Found(file, group);
                    if (!queue.isQueued(group.id) && !neededSlots(found).isEmpty()) {
                        queue.enqueue(group.id, margin(found));
                    }
                }
            }
        });
        for (StorageNode node : nodes.nodes()) {
            if (node.state() == NodeState.DECOMMISSIONING && !placedBlocks.containsKey(node.nodeId())) {
                nodes.finishDecommission(node.nodeId());
                errorHandler.onError(new TesseraException(
                        ErrorCode.UNAVAILABLE,
                        "storage node " + node.nodeId() + " at " + node.host() + ":" + node.dataPort()
                                + " is DECOMMISSIONED: it holds no block the cluster needs and may be stopped"));
            }
        }
    }

    private void expireTasks(long now) {
        for (RepairTask task : queue.tasks()) {
            boolean targetGone = nodes.find(task.targetNode())
                    .map(node -> node.state() != NodeState.LIVE)
                    .orElse(true);
            if (targetGone || now - task.assignedAt() > taskTimeoutMs) {
                queue.failures++;
                cancel(task);
            }
        }
    }

    private void cancel(RepairTask task) {
        queue.removeTask(task.taskId());
        Found found = find(task.blockGroup());
        if (found != null) {
            queue.enqueue(task.blockGroup(), margin(found));
        }
    }

    private TreeMap<Integer, Integer> load() {
        TreeMap<Integer, Integer> load = new TreeMap<>();
        for (RepairTask task : queue.tasks()) {
            load.merge(task.targetNode(), 1, Integer::sum);
        }
        return load;
    }

    private List<Candidate> candidates(TreeMap<Integer, Integer> load) {
        List<Candidate> candidates = new ArrayList<>();
        for (Candidate candidate : nodes.placementCandidates()) {
            if (load.getOrDefault(candidate.nodeId(), 0) < tasksPerNode) {
                candidates.add(candidate);
            }
        }
        return candidates;
    }

    private void assignRepairs(long now, TreeMap<Integer, Integer> load) {
        for (RepairQueue.Entry entry : queue.inRiskOrder()) {
            if (candidates(load).isEmpty()) {
                return;
            }
            plan(entry.blockGroup(), now, load);
        }
    }

    /** Makes tasks for the slots of one group that need work; the group leaves the queue when all have one. */
    private void plan(long blockGroup, long now, TreeMap<Integer, Integer> load) {
        Found found = find(blockGroup);
        if (found == null) {
            queue.dequeue(blockGroup);
            return;
        }
        List<Integer> needed = neededSlots(found);
        needed.removeIf(slot -> inFlight(blockGroup, slot));
        int required = found.group.requiredBlocks(found.file.policy, found.file.blockSize);
        if (needed.isEmpty() || usableSlots(found) < required) {
            queue.dequeue(blockGroup);
            return;
        }
        for (int slot : needed) {
            Integer target = chooseTarget(found, load);
            if (target == null) {
                return;
            }
            int from = found.group.nodes[slot];
            boolean copy = from != BlockGroup.NO_NODE && stateOf(from) == NodeState.DECOMMISSIONING;
            RepairTask task = new RepairTask(
                    queue.newTaskId(),
                    blockGroup,
                    found.group.generation,
                    slot,
                    from,
                    target,
                    copy ? from : 0,
                    copy,
                    now);
            queue.add(task);
            queue.keep(target, new BlockId(blockGroup, BlockGroup.blockIndex(slot, found.file.policy)));
            load.merge(target, 1, Integer::sum);
        }
        queue.dequeue(blockGroup);
    }

    private Integer chooseTarget(Found found, TreeMap<Integer, Integer> load) {
        Set<Integer> holders = new HashSet<>();
        List<Rack> racks = new ArrayList<>();
        for (int node : found.group.nodes) {
            if (node != BlockGroup.NO_NODE) {
                holders.add(node);
                if (stateOf(node) == NodeState.LIVE) {
                    racks.add(nodes.node(node).rack());
                }
            }
        }
        for (RepairTask task : queue.tasks()) {
            if (task.blockGroup() == found.group.id) {
                holders.add(task.targetNode());
                racks.add(nodes.node(task.targetNode()).rack());
            }
        }
        long seed = found.group.id * 1_000_003L + queue.nextTaskId;
        PlacementRequest request = PlacementRequest.repair(found.file.policy, 1, holders, racks, seed);
        Integer best = place(nodes.placementCandidates(), request);
        if (best == null || load.getOrDefault(best, 0) < tasksPerNode) {
            return best;
        }
        // The best node is busy: another will do if its rack and zone hold no more of the group than the
        // best one's, so a busy rack never makes a repair pile blocks into another; otherwise wait.
        Integer idle = place(candidates(load), request);
        if (idle == null
                || count(racks, r -> r.equals(rackOf(idle))) > count(racks, r -> r.equals(rackOf(best)))
                || count(racks, r -> r.zone().equals(rackOf(idle).zone()))
                        > count(racks, r -> r.zone().equals(rackOf(best).zone()))) {
            return null;
        }
        return idle;
    }

    private Integer place(List<Candidate> candidates, PlacementRequest request) {
        try {
            return placement.place(candidates, request).get(0);
        } catch (TesseraException e) {
            if (e.code() != ErrorCode.INSUFFICIENT_NODES) {
                throw e;
            }
            return null;
        }
    }

    private Rack rackOf(int node) {
        return nodes.node(node).rack();
    }

    private static int count(List<Rack> racks, java.util.function.Predicate<Rack> where) {
        int count = 0;
        for (Rack rack : racks) {
            count += where.test(rack) ? 1 : 0;
        }
        return count;
    }

    // ---- balancing

    private void planBalance() {
        Set<Integer> live = new HashSet<>();
        for (StorageNode node : nodes.nodes()) {
            if (node.state() == NodeState.LIVE) {
                live.add(node.nodeId());
            }
        }
        List<Balancer.Layout> layouts = new ArrayList<>();
        TreeWalk.preOrder(state.root, inode -> {
            if (inode instanceof FileInode file) {
                for (BlockGroup group : file.groups) {
                    if (group.committed) {
                        layouts.add(layout(file, group));
                    }
                }
            }
        });
        layouts.sort((a, b) -> Long.compare(a.blockGroup(), b.blockGroup()));
        List<RepairQueue.Move> moves = new Balancer(
                        layouts, live, node -> nodes.node(node).rack())
                .plan(BALANCE_TOLERANCE, MAX_MOVES_PER_ROUND);
        queue.moves().addAll(moves);
        if (moves.isEmpty()) {
            queue.balanceRequested = false;
        }
    }

    private static Balancer.Layout layout(FileInode file, BlockGroup group) {
        long[] bytes = new long[group.nodes.length];
        for (int slot = 0; slot < bytes.length; slot++) {
            bytes[slot] = group.blockLength(slot, file.policy, file.blockSize);
        }
        return new Balancer.Layout(group.id, group.nodes.clone(), bytes);
    }

    private void assignMoves(long now, TreeMap<Integer, Integer> load) {
        while (!queue.moves().isEmpty()) {
            RepairQueue.Move move = queue.moves().peek();
            if (load.getOrDefault(move.toNode(), 0) >= tasksPerNode) {
                return;
            }
            queue.moves().poll();
            Found found = find(move.blockGroup());
            boolean valid = found != null
                    && found.group.nodes[move.slot()] == move.fromNode()
                    && !holds(found.group, move.toNode())
                    && stateOf(move.fromNode()) == NodeState.LIVE
                    && stateOf(move.toNode()) == NodeState.LIVE
                    && !inFlight(move.blockGroup())
                    && Balancer.keepsDomains(found.group.nodes, move.fromNode(), move.toNode(), node -> nodes.node(node)
                            .rack());
            if (valid) {
                queue.add(new RepairTask(
                        queue.newTaskId(),
                        move.blockGroup(),
                        found.group.generation,
                        move.slot(),
                        move.fromNode(),
                        move.toNode(),
                        move.fromNode(),
                        true,
                        now));
                queue.keep(
                        move.toNode(),
                        new BlockId(move.blockGroup(), BlockGroup.blockIndex(move.slot(), found.file.policy)));
                load.merge(move.toNode(), 1, Integer::sum);
            }
        }
    }

    // ---- storage servers poll and report

    /** The tasks of {@code nodeId} with what it needs to run them, and the blocks it is to delete. */
    Assignment take(int nodeId) {
        List<Work> work = new ArrayList<>();
        for (RepairTask task : queue.tasksFor(nodeId)) {
            Found found = find(task.blockGroup());
            if (found == null || found.group.generation != task.generation()) {
                queue.removeTask(task.taskId());
                continue;
            }
            work.add(work(found, task));
        }
        return new Assignment(work, queue.takeDeletions(nodeId, MAX_DELETIONS_PER_POLL));
    }

    private Work work(Found found, RepairTask task) {
        StoragePolicy policy = found.file.policy;
        List<Source> sources = new ArrayList<>();
        if (task.copyFrom() != 0) {
            sources.add(source(found, task.slot(), task.copyFrom()));
        }
        for (int slot = 0; slot < found.group.nodes.length; slot++) {
            int node = found.group.nodes[slot];
            if (slot != task.slot() && usable(node)) {
                sources.add(source(found, slot, node));
            }
        }
        return new Work(
                task,
                BlockGroup.blockIndex(task.slot(), policy),
                policy,
                found.group.blockLength(task.slot(), policy, found.file.blockSize),
                found.group.dataBlocks(policy, found.file.blockSize),
                sources);
    }

    private Source source(Found found, int slot, int node) {
        return new Source(
                BlockGroup.blockIndex(slot, found.file.policy),
                nodes.node(node),
                found.group.blockLength(slot, found.file.policy, found.file.blockSize));
    }

    /**
     * A target reports a task's end. On success the slot names the target from now on (if it still names
     * the node it named when the task was made, and the block's length and checksum are the group's), the
     * replaced node is told to delete its copy, and the group is looked at again. False when the report is
     * stale, repeated or wrong: the target then deletes what it built.
     */
    boolean done(int nodeId, long taskId, long blockGroup, long generation, long length, int checksum, int code) {
        RepairTask task = queue.task(taskId);
        if (task == null || task.targetNode() != nodeId || task.blockGroup() != blockGroup) {
            return false;
        }
        queue.removeTask(taskId);
        Found found = find(blockGroup);
        if (found == null) {
            return false;
        }
        boolean applied = code == 0 && apply(found, task, generation, length, checksum);
        if (!applied) {
            queue.failures++;
        }
        queue.enqueue(blockGroup, margin(found));
        return applied;
    }

    private boolean apply(Found found, RepairTask task, long generation, long length, int checksum) {
        BlockGroup group = found.group;
        int slot = task.slot();
        long expectedLength = group.blockLength(slot, found.file.policy, found.file.blockSize);
        int expectedChecksum = expectedChecksum(group, slot, found.file.policy);
        if (generation != group.generation
                || group.nodes[slot] != task.fromNode()
                || holds(group, task.targetNode())
                || length != expectedLength
                || (expectedChecksum != 0 && expectedChecksum != checksum)) {
            if (length == expectedLength && expectedChecksum != 0 && expectedChecksum != checksum) {
                errorHandler.onError(new TesseraException(
                        ErrorCode.CORRUPT_BLOCK,
                        "node " + task.targetNode() + " rebuilt blk_" + group.id + "_"
                                + BlockGroup.blockIndex(slot, found.file.policy) + " with checksum " + checksum
                                + ", not the group's " + expectedChecksum + ": discarded"));
            }
            return false;
        }
        group.nodes[slot] = task.targetNode();
        group.checksums[slot] = checksum;
        if (task.fromNode() != BlockGroup.NO_NODE && stateOf(task.fromNode()) != NodeState.DEAD) {
            queue.delete(task.fromNode(), new BlockId(group.id, BlockGroup.blockIndex(slot, found.file.policy)));
        }
        queue.rebuilt(task.targetNode(), length, task.move());
        return true;
    }

    /** The checksum the rebuilt block must have: the slot's, or for a replica any replica's; 0 if unknown. */
    private static int expectedChecksum(BlockGroup group, int slot, StoragePolicy policy) {
        if (group.checksums[slot] != 0 || policy.isErasureCoded()) {
            return group.checksums[slot];
        }
        for (int other = 0; other < group.checksums.length; other++) {
            if (group.checksums[other] != 0) {
                return group.checksums[other];
            }
        }
        return 0;
    }

    // ---- reports

    /** Blocks and bytes the map places on each node, by node id. */
    TreeMap<Integer, Placed> placed() {
        TreeMap<Integer, long[]> totals = new TreeMap<>();
        TreeWalk.preOrder(state.root, inode -> {
            if (inode instanceof FileInode file) {
                for (BlockGroup group : file.groups) {
                    for (int slot = 0; group.committed && slot < group.nodes.length; slot++) {
                        if (group.nodes[slot] != BlockGroup.NO_NODE) {
                            long[] total = totals.computeIfAbsent(group.nodes[slot], node -> new long[2]);
                            total[0]++;
                            total[1] += group.blockLength(slot, file.policy, file.blockSize);
                        }
                    }
                }
            }
        });
        TreeMap<Integer, Placed> placed = new TreeMap<>();
        totals.forEach((node, total) -> placed.put(node, new Placed(total[0], total[1])));
        return placed;
    }

    // ---- helpers

    private Found find(long blockGroup) {
        FileInode file = state.groupIndex.file(blockGroup);
        if (file == null) {
            return null;
        }
        BlockGroup group = BlockMap.groupOf(file, blockGroup);
        return group.committed ? new Found(file, group) : null;
    }

    /** Slots whose block exists in the layout and whose node is gone, dead or being drained, in slot order. */
    private List<Integer> neededSlots(Found found) {
        List<Integer> slots = new ArrayList<>();
        for (int slot = 0; slot < found.group.nodes.length; slot++) {
            int node = found.group.nodes[slot];
            if (exists(found, slot) && (node == BlockGroup.NO_NODE || stateOf(node) != NodeState.LIVE)) {
                slots.add(slot);
            }
        }
        return slots;
    }

    private static boolean exists(Found found, int slot) {
        StoragePolicy policy = found.file.policy;
        return !policy.isErasureCoded()
                || slot >= policy.dataBlocks()
                || slot < found.group.dataBlocks(policy, found.file.blockSize);
    }

    private int usableSlots(Found found) {
        int usable = 0;
        for (int node : found.group.nodes) {
            usable += usable(node) ? 1 : 0;
        }
        return usable;
    }

    /** Surviving blocks beyond those needed to read the group: 0 is one failure from loss. */
    private int margin(Found found) {
        return usableSlots(found) - found.group.requiredBlocks(found.file.policy, found.file.blockSize);
    }

    private boolean usable(int node) {
        if (node == BlockGroup.NO_NODE) {
            return false;
        }
        NodeState nodeState = stateOf(node);
        return nodeState == NodeState.LIVE || nodeState == NodeState.DECOMMISSIONING;
    }

    private NodeState stateOf(int node) {
        return nodes.find(node).map(StorageNode::state).orElse(NodeState.DEAD);
    }

    private boolean inFlight(long blockGroup) {
        for (RepairTask task : queue.tasks()) {
            if (task.blockGroup() == blockGroup) {
                return true;
            }
        }
        return false;
    }

    private boolean inFlight(long blockGroup, int slot) {
        for (RepairTask task : queue.tasks()) {
            if (task.blockGroup() == blockGroup && task.slot() == slot) {
                return true;
            }
        }
        return false;
    }

    private static int slotOf(Found found, int blockIndex, int nodeId) {
        int[] slots = found.group.nodes;
        if (found.file.policy.isErasureCoded()) {
            return blockIndex >= 0 && blockIndex < slots.length && slots[blockIndex] == nodeId ? blockIndex : -1;
        }
        for (int slot = 0; blockIndex == 0 && slot < slots.length; slot++) {
            if (slots[slot] == nodeId) {
                return slot;
            }
        }
        return -1;
    }

    private static boolean holds(BlockGroup group, int nodeId) {
        for (int node : group.nodes) {
            if (node == nodeId) {
                return true;
            }
        }
        return false;
    }
}
