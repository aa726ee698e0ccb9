package io.tessera.meta;

import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.protocol.meta.BooleanType;
import io.tessera.protocol.meta.ClusterReportEncoder;
import io.tessera.protocol.meta.ContentSummaryEncoder;
import io.tessera.protocol.meta.DoneEncoder;
import io.tessera.protocol.meta.ErrorEncoder;
import io.tessera.protocol.meta.FileCreatedEncoder;
import io.tessera.protocol.meta.FileStatusEncoder;
import io.tessera.protocol.meta.FsckReportEncoder;
import io.tessera.protocol.meta.GroupAllocatedEncoder;
import io.tessera.protocol.meta.ListingPageEncoder;
import io.tessera.protocol.meta.LocatedListingPageEncoder;
import io.tessera.protocol.meta.LocationsEncoder;
import io.tessera.protocol.meta.MessageHeaderEncoder;
import io.tessera.protocol.meta.NodeRegisteredEncoder;
import io.tessera.protocol.meta.RepairTasksEncoder;
import java.util.List;
import java.util.Map;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * Encodes the state machine's replies and sends them on the requesting session's egress. Only the
 * leader's sends leave the process (followers' sessions drop them), so every member may call this in
 * step. A session that stays back-pressured past a bound loses the reply rather than stalling the log;
 * its client times out and learns the outcome by asking again.
 */
final class MetaReplyProxy {
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int MAX_ATTEMPTS = 1000;

    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(4096);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final DoneEncoder done = new DoneEncoder();
    private final ErrorEncoder error = new ErrorEncoder();
    private final FileStatusEncoder fileStatus = new FileStatusEncoder();
    private final ListingPageEncoder listingPage = new ListingPageEncoder();
    private final LocatedListingPageEncoder locatedListingPage = new LocatedListingPageEncoder();
    private final FileCreatedEncoder fileCreated = new FileCreatedEncoder();
    private final GroupAllocatedEncoder groupAllocated = new GroupAllocatedEncoder();
    private final ContentSummaryEncoder contentSummary = new ContentSummaryEncoder();
    private final LocationsEncoder locations = new LocationsEncoder();
    private final NodeRegisteredEncoder nodeRegistered = new NodeRegisteredEncoder();
    private final ClusterReportEncoder clusterReport = new ClusterReportEncoder();
    private final FsckReportEncoder fsckReport = new FsckReportEncoder();
    private final io.tessera.protocol.meta.BlockReportReplyEncoder blockReportReply =
            new io.tessera.protocol.meta.BlockReportReplyEncoder();
    private final RepairTasksEncoder repairTasks = new RepairTasksEncoder();
    private Cluster cluster;

    /** The self-healing figures a cluster report shows. */
    record Healing(
            RepairQueue queue,
            Map<Integer, Repairs.Placed> placed,
            Map<Integer, MetaOperations.NodeActivity> activity) {}

    void cluster(Cluster cluster) {
        this.cluster = cluster;
    }

    void done(ClientSession session, long correlationId, boolean result) {
        done.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).result(bool(result));
        send(session, done.encodedLength());
    }

    void error(ClientSession session, long correlationId, ErrorCode code, String message) {
        String text = message == null ? code.name() : message.length() > 4000 ? message.substring(0, 4000) : message;
        error.wrapAndApplyHeader(buffer, 0, header)
                .correlationId(correlationId)
                .code(code.value())
                .message(text);
        send(session, error.encodedLength());
    }

    void fileStatus(ClientSession session, long correlationId, FileStatus status) {
        fileStatus
                .wrapAndApplyHeader(buffer, 0, header)
                .correlationId(correlationId)
                .fileId(status.fileId())
                .directory(bool(status.directory()))
                .length(status.length())
                .blockSize(status.blockSize())
                .policyId(policyId(status.policy()))
                .effectivePolicyId(policyId(status.effectivePolicy()))
                .permission(status.permission())
                .modificationTime(status.modificationTime())
                .accessTime(status.accessTime())
                .path(status.path())
                .owner(status.owner())
                .group(status.group());
        send(session, fileStatus.encodedLength());
    }

    void listingPage(ClientSession session, long correlationId, ListingPage page) {
        listingPage
                .wrapAndApplyHeader(buffer, 0, header)
                .correlationId(correlationId)
                .more(bool(page.more()));
        ListingPageEncoder.EntriesEncoder entries =
                listingPage.entriesCount(page.entries().size());
        for (FileStatus status : page.entries()) {
            entries.next()
                    .fileId(status.fileId())
                    .directory(bool(status.directory()))
                    .length(status.length())
                    .blockSize(status.blockSize())
                    .policyId(policyId(status.policy()))
                    .effectivePolicyId(policyId(status.effectivePolicy()))
                    .permission(status.permission())
                    .modificationTime(status.modificationTime())
                    .accessTime(status.accessTime())
                    .name(status.name())
                    .owner(status.owner())
                    .group(status.group());
        }
        send(session, listingPage.encodedLength());
    }

    /** Encoded in the schema's order: each entry's fields, its groups, its strings; then the nodes. */
    void locatedListingPage(
            ClientSession session,
            long correlationId,
            List<LocatedEntry> page,
            boolean more,
            Map<Integer, StorageNode> nodes) {
        locatedListingPage
                .wrapAndApplyHeader(buffer, 0, header)
                .correlationId(correlationId)
                .more(bool(more));
        LocatedListingPageEncoder.EntriesEncoder entries = locatedListingPage.entriesCount(page.size());
        for (LocatedEntry entry : page) {
            FileStatus status = entry.status();
            entries.next()
                    .fileId(status.fileId())
                    .directory(bool(status.directory()))
                    .length(status.length())
                    .blockSize(status.blockSize())
                    .policyId(policyId(status.policy()))
                    .effectivePolicyId(policyId(status.effectivePolicy()))
                    .permission(status.permission())
                    .modificationTime(status.modificationTime())
                    .accessTime(status.accessTime());
            List<GroupLocation> located =
                    entry.locations() == null ? List.of() : entry.locations().groups();
            LocatedListingPageEncoder.EntriesEncoder.GroupsEncoder groups = entries.groupsCount(located.size());
            for (GroupLocation group : located) {
                groups.next()
                        .blockGroup(group.blockGroup())
                        .generation(group.generation())
                        .fileOffset(group.fileOffset());
                LocatedListingPageEncoder.EntriesEncoder.GroupsEncoder.BlocksEncoder blocks =
                        groups.blocksCount(group.blocks().size());
                for (BlockLocation block : group.blocks()) {
                    blocks.next()
                            .blockIndex((short) block.blockIndex())
                            .nodeId(block.nodeId())
                            .length(block.length())
                            .checksum(block.checksum());
                }
            }
            entries.name(status.name()).owner(status.owner()).group(status.group());
        }
        LocatedListingPageEncoder.NodesEncoder entriesOfNodes = locatedListingPage.nodesCount(nodes.size());
        for (StorageNode node : nodes.values()) {
            entriesOfNodes
                    .next()
                    .nodeId(node.nodeId())
                    .live(bool(node.state() == NodeState.LIVE || node.state() == NodeState.DECOMMISSIONING))
                    .dataPort(node.dataPort())
                    .flightPort(node.flightPort())
                    .host(node.host())
                    .rack(node.rack().name())
                    .zone(node.rack().zone())
                    .aeronDirectory(node.aeronDirectory());
        }
        send(session, locatedListingPage.encodedLength());
    }

    void fileCreated(ClientSession session, long correlationId, FileCreated created) {
        fileCreated
                .wrapAndApplyHeader(buffer, 0, header)
                .correlationId(correlationId)
                .fileId(created.fileId())
                .blockSize(created.blockSize())
                .policyId(policyId(created.policy()));
        send(session, fileCreated.encodedLength());
    }

    void groupAllocated(ClientSession session, long correlationId, GroupAllocated group, List<StorageNode> targets) {
        groupAllocated
                .wrapAndApplyHeader(buffer, 0, header)
                .correlationId(correlationId)
                .blockGroup(group.blockGroup())
                .generation(group.generation());
        GroupAllocatedEncoder.TargetsEncoder entries = groupAllocated.targetsCount(targets.size());
        for (StorageNode node : targets) {
            entries.next()
                    .nodeId(node.nodeId())
                    .dataPort(node.dataPort())
                    .flightPort(node.flightPort())
                    .host(node.host())
                    .rack(node.rack().name())
                    .zone(node.rack().zone())
                    .aeronDirectory(node.aeronDirectory());
        }
        send(session, groupAllocated.encodedLength());
    }

    void contentSummary(ClientSession session, long correlationId, ContentSummary summary) {
        contentSummary
                .wrapAndApplyHeader(buffer, 0, header)
                .correlationId(correlationId)
                .length(summary.length())
                .fileCount(summary.fileCount())
                .directoryCount(summary.directoryCount())
                .spaceConsumed(summary.spaceConsumed());
        send(session, contentSummary.encodedLength());
    }

    void locations(ClientSession session, long correlationId, Locations located, Map<Integer, StorageNode> nodes) {
        locations
                .wrapAndApplyHeader(buffer, 0, header)
                .correlationId(correlationId)
                .fileLength(located.fileLength())
                .blockSize(located.blockSize())
                .policyId(policyId(located.policy()));
        LocationsEncoder.GroupsEncoder groups =
                locations.groupsCount(located.groups().size());
        for (GroupLocation group : located.groups()) {
            groups.next()
                    .blockGroup(group.blockGroup())
                    .generation(group.generation())
                    .fileOffset(group.fileOffset());
            LocationsEncoder.GroupsEncoder.BlocksEncoder blocks =
                    groups.blocksCount(group.blocks().size());
            for (BlockLocation block : group.blocks()) {
                blocks.next()
                        .blockIndex((short) block.blockIndex())
                        .nodeId(block.nodeId())
                        .length(block.length())
                        .checksum(block.checksum());
            }
        }
        LocationsEncoder.NodesEncoder entries = locations.nodesCount(nodes.size());
        for (StorageNode node : nodes.values()) {
            entries.next()
                    .nodeId(node.nodeId())
                    .live(bool(node.state() == NodeState.LIVE || node.state() == NodeState.DECOMMISSIONING))
                    .dataPort(node.dataPort())
                    .flightPort(node.flightPort())
                    .host(node.host())
                    .rack(node.rack().name())
                    .zone(node.rack().zone())
                    .aeronDirectory(node.aeronDirectory());
        }
        send(session, locations.encodedLength());
    }

    void nodeRegistered(ClientSession session, long correlationId, int nodeId) {
        nodeRegistered
                .wrapAndApplyHeader(buffer, 0, header)
                .correlationId(correlationId)
                .nodeId(nodeId);
        send(session, nodeRegistered.encodedLength());
    }

    void clusterReport(
            ClientSession session,
            long correlationId,
            NamespaceTotals totals,
            Map<Integer, Long> blocksByNode,
            List<StorageNode> nodes,
            Healing healing,
            long now) {
        RepairQueue queue = healing.queue();
        clusterReport
                .wrapAndApplyHeader(buffer, 0, header)
                .correlationId(correlationId)
                .files(totals.files())
                .directories(totals.directories())
                .blockGroups(totals.blockGroups())
                .repairQueue(queue.queueLength())
                .repairsInFlight(queue.tasksInFlight())
                .blocksRebuilt(queue.blocksRebuilt)
                .bytesRebuilt(queue.bytesRebuilt)
                .repairFailures(queue.failures)
                .blocksMoved(queue.blocksMoved)
                .balancing(bool(queue.balanceRequested || !queue.moves().isEmpty()));
        ClusterReportEncoder.NodesEncoder entries = clusterReport.nodesCount(nodes.size());
        for (StorageNode node : nodes) {
            Repairs.Placed placed = healing.placed().getOrDefault(node.nodeId(), new Repairs.Placed(0, 0));
            MetaOperations.NodeActivity activity =
                    healing.activity().getOrDefault(node.nodeId(), new MetaOperations.NodeActivity(0, 0, 0, 0));
            entries.next()
                    .nodeId(node.nodeId())
                    .state((short) node.state().code())
                    .dataPort(node.dataPort())
                    .flightPort(node.flightPort())
                    .httpPort(node.httpPort())
                    .capacity(node.capacityBytes())
                    .used(node.usedBytes())
                    .blocks(blocksByNode.getOrDefault(node.nodeId(), 0L))
                    .lastHeartbeatAgeMs(Math.max(0, now - node.lastHeartbeatMillis()))
                    .placedBlocks(placed.blocks())
                    .placedBytes(placed.bytes())
                    .scrubPasses(activity.scrubPasses())
                    .scrubbedBytes(activity.scrubbedBytes())
                    .corruptBlocks(activity.corruptBlocks())
                    .rebuiltBytes(queue.rebuiltBytes(node.nodeId()))
                    .host(node.host())
                    .rack(node.rack().name())
                    .zone(node.rack().zone())
                    .storageId(node.storageId());
        }
        send(session, clusterReport.encodedLength());
    }

    void fsckReport(ClientSession session, long correlationId, FsckReport report, RepairQueue queue) {
        fsckReport
                .wrapAndApplyHeader(buffer, 0, header)
                .correlationId(correlationId)
                .healthy(report.healthy())
                .degraded(report.degraded())
                .missing(report.missing())
                .truncated(bool(report.truncated()))
                .repairQueue(queue.queueLength())
                .repairsInFlight(queue.tasksInFlight());
        FsckReportEncoder.GroupsEncoder groups =
                fsckReport.groupsCount(report.unhealthy().size());
        for (GroupReport group : report.unhealthy()) {
            groups.next()
                    .blockGroup(group.group().blockGroup())
                    .health((short) group.health().ordinal())
                    .liveBlocks((short) group.liveBlocks())
                    .width((short) group.existingBlocks())
                    .path(group.path());
        }
        send(session, fsckReport.encodedLength());
    }

    void blockReportReply(ClientSession session, long correlationId, List<ReportedBlock> stale) {
        var entries = blockReportReply
                .wrapAndApplyHeader(buffer, 0, header)
                .correlationId(correlationId)
                .staleCount(stale.size());
        for (ReportedBlock block : stale) {
            entries.next().blockGroup(block.blockGroup()).blockIndex((short) block.blockIndex());
        }
        send(session, blockReportReply.encodedLength());
    }

    void repairTasks(ClientSession session, long correlationId, Repairs.Assignment assignment) {
        repairTasks.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId);
        RepairTasksEncoder.TasksEncoder tasks =
                repairTasks.tasksCount(assignment.work().size());
        for (Repairs.Work work : assignment.work()) {
            RepairTask task = work.task();
            tasks.next()
                    .taskId(task.taskId())
                    .blockGroup(task.blockGroup())
                    .blockIndex((short) work.blockIndex())
                    .generation(task.generation())
                    .policyId((short) work.policy().id())
                    .blockLength(work.blockLength())
                    .dataBlocks((short) work.dataBlocks())
                    .copyFrom(task.copyFrom());
            RepairTasksEncoder.TasksEncoder.SourcesEncoder sources =
                    tasks.sourcesCount(work.sources().size());
            for (Repairs.Source source : work.sources()) {
                sources.next()
                        .blockIndex((short) source.blockIndex())
                        .nodeId(source.node().nodeId())
                        .length(source.length())
                        .dataPort(source.node().dataPort())
                        .host(source.node().host())
                        .aeronDirectory(source.node().aeronDirectory());
            }
        }
        RepairTasksEncoder.DeletionsEncoder deletions =
                repairTasks.deletionsCount(assignment.deletions().size());
        for (io.tessera.common.BlockId block : assignment.deletions()) {
            deletions.next().blockGroup(block.group()).blockIndex((short) block.index());
        }
        send(session, repairTasks.encodedLength());
    }

    private void send(ClientSession session, int bodyLength) {
        int length = HEADER + bodyLength;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            long result = session.offer(buffer, 0, length);
            if (result > 0 || session.isClosing()) {
                return;
            }
            cluster.idleStrategy().idle();
        }
    }

    private static short policyId(StoragePolicy policy) {
        return (short) (policy == null ? 0 : policy.id());
    }

    private static BooleanType bool(boolean value) {
        return value ? BooleanType.TRUE : BooleanType.FALSE;
    }
}
