package io.tessera.meta;

import io.aeron.cluster.service.ClientSession;
import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import io.tessera.placement.PlacementConfig;
import io.tessera.placement.PlacementPolicy;
import io.tessera.placement.PlacementRequest;
import io.tessera.placement.Rack;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.agrona.ErrorHandler;

/**
 * What each metadata request does to the replicated state, and the reply it gets. Runs on the
 * clustered service's thread, in log order, identically on every member: time is the log's timestamp,
 * placement is seeded from the file and group, and nothing here reads a clock or a random source.
 */
final class MetaOperations {
    static final int FSCK_LIST_LIMIT = 1000;
    /** A located listing page stops growing past about this many bytes (well inside an egress message). */
    static final int LOCATED_PAGE_BUDGET = 256 * 1024;

    private final MetadataStateMachine.Config config;
    private final MetaReplyProxy replies;
    private final PlacementPolicy placement = new PlacementPolicy(PlacementConfig.DEFAULT);
    private final ErrorHandler errorHandler;
    private NamespaceState state;
    private NodeRegistry nodes;
    private final Map<Integer, Long> blockCounts = new TreeMap<>();
    /** What each node's heartbeats say about its scrubber and repairs; not replicated state, only shown. */
    private final Map<Integer, NodeActivity> activity = new TreeMap<>();

    private final Repairs repairs;

    /** A storage server's scrubber and repair counters, as its last heartbeat gave them. */
    record NodeActivity(long scrubPasses, long scrubbedBytes, long corruptBlocks, long rebuildingBytes) {}

    MetaOperations(MetadataStateMachine.Config config, MetaReplyProxy replies, ErrorHandler errorHandler) {
        this.config = config;
        this.replies = replies;
        this.errorHandler = errorHandler;
        this.repairs = new Repairs(placement, config.repairTaskTimeoutMs(), config.repairTasksPerNode(), errorHandler);
        reset(
                new NamespaceState(config.namespaceConfig()),
                new NodeRegistry(config.heartbeatTimeoutMs()),
                new RepairQueue());
    }

    void reset(NamespaceState namespaceState, NodeRegistry registry, RepairQueue repairQueue) {
        this.state = namespaceState;
        this.nodes = registry;
        repairs.reset(namespaceState, registry, repairQueue);
        blockCounts.clear();
        activity.clear();
    }

    RepairQueue repairQueue() {
        return repairs.queue();
    }

    NamespaceState state() {
        return state;
    }

    NodeRegistry nodes() {
        return nodes;
    }

    /**
     * Periodic work on cluster time: nodes that stopped heartbeating die, writers that died lose leases,
     * repairs are scheduled. After a gap in the ticks (the service was down or without a leader) every node
     * gets a full heartbeat timeout to reach it again before it counts as dead, so a restart of the
     * metadata service does not set off repairs of nodes that were fine all along.
     */
    void tick(long now) {
        if (repairs.queue().lastTickMs != 0 && now - repairs.queue().lastTickMs > MetadataStateMachine.TICK_GAP_MS) {
            nodes.grace(now);
        }
        repairs.queue().lastTickMs = now;
        for (StorageNode dead : nodes.expire(now)) {
            errorHandler.onError(new TesseraException(
                    ErrorCode.UNAVAILABLE,
                    "storage node " + dead.nodeId() + " at " + dead.host() + ":" + dead.dataPort()
                            + " missed its heartbeats and is now DEAD; its blocks are queued for repair"));
            repairs.nodeDied(dead.nodeId());
        }
        state.writes().expireLeases(now);
        repairs.tick(now);
    }

    void mkdirs(ClientSession session, long id, String path, String owner, int permission, long now) {
        replies.done(session, id, state.namespace().mkdirs(path, owner, permission, now));
    }

    void create(
            ClientSession session,
            long id,
            String path,
            String owner,
            String holder,
            int permission,
            int policyId,
            long blockSize,
            boolean overwrite,
            boolean createParent,
            long now) {
        StoragePolicy policy = policyId == 0 ? null : StoragePolicy.ofId(policyId);
        FileCreated created = state.namespace()
                .create(path, owner, holder, permission, policy, blockSize, overwrite, createParent, now);
        replies.fileCreated(session, id, created);
    }

    void allocateGroup(
            ClientSession session,
            long id,
            long fileId,
            int groupIndex,
            int smallFilePolicyId,
            String holder,
            long now) {
        OpenFile file = state.writes().openFile(fileId);
        StoragePolicy policy = smallFilePolicyId == 0 ? file.policy() : StoragePolicy.ofId(smallFilePolicyId);
        long seed = fileId * 1_000_003L + groupIndex;
        List<Integer> placed = placement.place(nodes.placementCandidates(), PlacementRequest.newGroup(policy, seed));
        if (smallFilePolicyId != 0) {
            state.writes().replicateSmallFile(fileId, holder, policy);
        }
        int[] targets = placed.stream().mapToInt(Integer::intValue).toArray();
        GroupAllocated group = state.writes().allocateGroup(fileId, holder, groupIndex, targets, now);
        List<StorageNode> endpoints = new ArrayList<>();
        for (int nodeId : group.targets()) {
            endpoints.add(nodes.node(nodeId));
        }
        replies.groupAllocated(session, id, group, endpoints);
    }

    void commitGroup(
            ClientSession session, long id, long fileId, long group, List<BlockLocation> blocks, String holder) {
        state.writes().commitGroup(fileId, holder, group, blocks);
        repairs.committed(group);
        replies.done(session, id, true);
    }

    void closeFile(ClientSession session, long id, long fileId, long length, String holder, long now) {
        state.writes().closeFile(fileId, holder, length, now);
        replies.done(session, id, true);
    }

    void renewLease(ClientSession session, long id, String holder, long now) {
        replies.done(session, id, state.writes().renewLease(holder, now));
    }

    void getFileStatus(ClientSession session, long id, String path) {
        replies.fileStatus(session, id, state.namespace().getFileStatus(path));
    }

    void listStatus(ClientSession session, long id, String path, String startAfter, int limit) {
        replies.listingPage(session, id, state.namespace().listStatus(path, startAfter, limit));
    }

    /**
     * A listing page with the locations of every file in it, cut short of {@code limit} entries (and
     * marked {@code more}) where its reply would grow past {@link #LOCATED_PAGE_BUDGET}.
     */
    void listLocatedStatus(ClientSession session, long id, String path, String startAfter, int limit) {
        ListingPage page = state.namespace().listStatus(path, startAfter, limit);
        List<LocatedEntry> entries = new ArrayList<>(page.entries().size());
        Map<Integer, StorageNode> holders = new TreeMap<>();
        boolean more = page.more();
        long bytes = 0;
        for (FileStatus status : page.entries()) {
            Locations located = status.directory() ? null : state.blocks().locate(status.path(), 0, Long.MAX_VALUE);
            long size = encodedSize(status, located);
            if (!entries.isEmpty() && bytes + size > LOCATED_PAGE_BUDGET) {
                more = true;
                break;
            }
            bytes += size;
            entries.add(new LocatedEntry(status, located));
            if (located != null) {
                addHolders(located, holders);
            }
        }
        replies.locatedListingPage(session, id, entries, more, holders);
    }

    private static long encodedSize(FileStatus status, Locations located) {
        long size = 64
                + status.name().length()
                + status.owner().length()
                + status.group().length();
        if (located != null) {
            for (GroupLocation group : located.groups()) {
                size += 32 + 24L * group.blocks().size();
            }
        }
        return size;
    }

    private void addHolders(Locations located, Map<Integer, StorageNode> holders) {
        for (GroupLocation group : located.groups()) {
            for (BlockLocation block : group.blocks()) {
                nodes.find(block.nodeId()).ifPresent(node -> holders.put(node.nodeId(), node));
            }
        }
    }

    /** Appends the sources' groups to the target; see {@link Concat}. */
    void concat(ClientSession session, long id, String target, List<String> sources, long now) {
        state.namespace().concat(target, sources, now);
        replies.done(session, id, true);
    }

    void rename(ClientSession session, long id, String source, String destination, long now) {
        state.namespace().rename(source, destination, now);
        replies.done(session, id, true);
    }

    void delete(ClientSession session, long id, String path, boolean recursive, long now) {
        replies.done(session, id, state.namespace().delete(path, recursive, now).deleted());
    }

    void setPolicy(ClientSession session, long id, String path, int policyId) {
        state.namespace().setPolicy(path, StoragePolicy.ofId(policyId));
        replies.done(session, id, true);
    }

    void setPermission(ClientSession session, long id, String path, int permission) {
        state.namespace().setPermission(path, permission);
        replies.done(session, id, true);
    }

    void setOwner(ClientSession session, long id, String path, String owner, String group) {
        state.namespace().setOwner(path, owner, group);
        replies.done(session, id, true);
    }

    void setTimes(ClientSession session, long id, String path, long modificationTime, long accessTime) {
        state.namespace().setTimes(path, modificationTime, accessTime);
        replies.done(session, id, true);
    }

    void contentSummary(ClientSession session, long id, String path) {
        replies.contentSummary(session, id, state.namespace().contentSummary(path));
    }

    void locate(ClientSession session, long id, String path, long offset, long length) {
        Locations located = state.blocks().locate(path, offset, length);
        Map<Integer, StorageNode> holders = new TreeMap<>();
        addHolders(located, holders);
        replies.locations(session, id, located, holders);
    }

    void registerNode(ClientSession session, long id, NodeRegistration registration, long now) {
        boolean joins = nodes.findByStorageId(registration.storageId()).isEmpty();
        StorageNode node = nodes.register(registration, now);
        if (joins) {
            repairs.nodeJoined();
        }
        replies.nodeRegistered(session, id, node.nodeId());
    }

    void heartbeat(
            ClientSession session,
            long id,
            int nodeId,
            long capacity,
            long used,
            long blocks,
            NodeActivity nodeActivity,
            long now) {
        nodes.heartbeat(nodeId, capacity, used, now);
        blockCounts.put(nodeId, blocks);
        activity.put(nodeId, nodeActivity);
        replies.repairTasks(session, id, repairs.take(nodeId));
    }

    /** A repair task ended on {@code nodeId}; answers false when the block it built is not wanted. */
    void repairDone(
            ClientSession session,
            long id,
            int nodeId,
            long taskId,
            long group,
            long generation,
            long length,
            int checksum,
            int code,
            String reason) {
        if (code != 0) {
            errorHandler.onError(new TesseraException(
                    ErrorCode.ofValue(code),
                    "repair task " + taskId + " of block group " + group + " failed on node " + nodeId + ": "
                            + reason));
        }
        replies.done(session, id, repairs.done(nodeId, taskId, group, generation, length, checksum, code));
    }

    void decommission(ClientSession session, long id, int nodeId) {
        repairs.startDecommission(nodeId);
        replies.done(session, id, true);
    }

    void balance(ClientSession session, long id) {
        repairs.requestBalance();
        replies.done(session, id, true);
    }

    /**
     * Holds part of a node's block report against the block map and answers with the blocks the node is
     * to delete (of deleted or overwritten files, abandoned writes, other generations). Blocks of groups
     * being written are never stale, so a block on its way to being committed is safe.
     */
    void blockReport(ClientSession session, long id, int nodeId, List<ReportedBlock> blocks) {
        nodes.node(nodeId);
        replies.blockReportReply(
                session, id, state.blocks().checkReport(nodeId, blocks).stale());
    }

    void clusterReport(ClientSession session, long id, long now) {
        replies.clusterReport(
                session,
                id,
                state.totals(),
                blockCounts,
                nodes.nodes(),
                new MetaReplyProxy.Healing(repairs.queue(), repairs.placed(), activity),
                now);
    }

    void fsck(ClientSession session, long id, String path) {
        replies.fsckReport(
                session, id, state.blocks().fsck(path, unavailableNodes(), FSCK_LIST_LIMIT), repairs.queue());
    }

    /**
     * A reader or a node's scrubber found a bad block: the map forgets it on that node, which is told to
     * delete it, and the group is queued for repair.
     */
    void reportBadBlock(ClientSession session, long id, long group, int index, int nodeId, int code, String reason) {
        boolean forgotten = repairs.badBlock(group, index, nodeId);
        errorHandler.onError(new TesseraException(
                ErrorCode.ofValue(code),
                "bad block blk_" + group + "_" + index + " on node " + nodeId + ": " + reason
                        + (forgotten ? "; queued for repair" : "")));
        replies.done(session, id, true);
    }

    private Set<Integer> unavailableNodes() {
        Set<Integer> unavailable = new HashSet<>();
        for (StorageNode node : nodes.nodes()) {
            if (node.state() == NodeState.DEAD || node.state() == NodeState.DECOMMISSIONED) {
                unavailable.add(node.nodeId());
            }
        }
        return unavailable;
    }

    static Rack rack(String zone, String rack) {
        return new Rack(zone.isEmpty() ? "default-zone" : zone, rack.isEmpty() ? "default-rack" : rack);
    }
}
