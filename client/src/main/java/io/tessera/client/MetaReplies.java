package io.tessera.client;

import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import io.tessera.protocol.meta.BooleanType;
import io.tessera.protocol.meta.ClusterReportDecoder;
import io.tessera.protocol.meta.ContentSummaryDecoder;
import io.tessera.protocol.meta.DoneDecoder;
import io.tessera.protocol.meta.ErrorDecoder;
import io.tessera.protocol.meta.FileCreatedDecoder;
import io.tessera.protocol.meta.FileStatusDecoder;
import io.tessera.protocol.meta.FsckReportDecoder;
import io.tessera.protocol.meta.GroupAllocatedDecoder;
import io.tessera.protocol.meta.ListingPageDecoder;
import io.tessera.protocol.meta.LocatedListingPageDecoder;
import io.tessera.protocol.meta.LocationsDecoder;
import io.tessera.protocol.meta.MessageHeaderDecoder;
import io.tessera.protocol.meta.NodeRegisteredDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agrona.DirectBuffer;

/**
 * Decodes the metadata service's replies into the client's records. {@link #decode} returns the reply's
 * value and leaves its correlation id in {@link #correlationId()}; an Error reply decodes to the {@link
 * TesseraException} it describes. Single-threaded.
 */
final class MetaReplies {
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final FileStatusDecoder fileStatus = new FileStatusDecoder();
    private final ListingPageDecoder listingPage = new ListingPageDecoder();
    private final LocatedListingPageDecoder locatedListingPage = new LocatedListingPageDecoder();
    private final FileCreatedDecoder fileCreated = new FileCreatedDecoder();
    private final GroupAllocatedDecoder groupAllocated = new GroupAllocatedDecoder();
    private final ContentSummaryDecoder contentSummary = new ContentSummaryDecoder();
    private final LocationsDecoder locations = new LocationsDecoder();
    private final NodeRegisteredDecoder nodeRegistered = new NodeRegisteredDecoder();
    private final ClusterReportDecoder clusterReport = new ClusterReportDecoder();
    private final FsckReportDecoder fsckReport = new FsckReportDecoder();
    private final DoneDecoder done = new DoneDecoder();
    private final io.tessera.protocol.meta.BlockReportReplyDecoder blockReportReply =
            new io.tessera.protocol.meta.BlockReportReplyDecoder();
    private final ErrorDecoder error = new ErrorDecoder();
    private final io.tessera.protocol.meta.RepairTasksDecoder repairTasks =
            new io.tessera.protocol.meta.RepairTasksDecoder();
    private long correlationId;

    long correlationId() {
        return correlationId;
    }

    Object decode(DirectBuffer buffer, int offset, int length) {
        header.wrap(buffer, offset);
        if (length < MessageHeaderDecoder.ENCODED_LENGTH || header.schemaId() != MessageHeaderDecoder.SCHEMA_ID) {
            correlationId = 0;
            return new TesseraException(ErrorCode.MALFORMED_REQUEST, "a reply that is not of the metadata schema");
        }
        int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        int block = header.blockLength();
        int version = header.version();
        return switch (header.templateId()) {
            case FileStatusDecoder.TEMPLATE_ID -> fileStatus(buffer, body, block, version);
            case ListingPageDecoder.TEMPLATE_ID -> listingPage(buffer, body, block, version);
            case FileCreatedDecoder.TEMPLATE_ID -> fileCreated(buffer, body, block, version);
            case GroupAllocatedDecoder.TEMPLATE_ID -> groupAllocated(buffer, body, block, version);
            case ContentSummaryDecoder.TEMPLATE_ID -> contentSummary(buffer, body, block, version);
            case LocationsDecoder.TEMPLATE_ID -> locations(buffer, body, block, version);
            case LocatedListingPageDecoder.TEMPLATE_ID -> locatedListingPage(buffer, body, block, version);
            case NodeRegisteredDecoder.TEMPLATE_ID -> {
                nodeRegistered.wrap(buffer, body, block, version);
                correlationId = nodeRegistered.correlationId();
                yield nodeRegistered.nodeId();
            }
            case ClusterReportDecoder.TEMPLATE_ID -> clusterReport(buffer, body, block, version);
            case FsckReportDecoder.TEMPLATE_ID -> fsckReport(buffer, body, block, version);
            case io.tessera.protocol.meta.BlockReportReplyDecoder.TEMPLATE_ID -> {
                var d = blockReportReply.wrap(buffer, body, block, version);
                correlationId = d.correlationId();
                List<io.tessera.common.BlockId> stale = new ArrayList<>();
                for (var entry : d.stale()) {
                    stale.add(new io.tessera.common.BlockId(entry.blockGroup(), entry.blockIndex()));
                }
                yield stale;
            }
            case io.tessera.protocol.meta.RepairTasksDecoder.TEMPLATE_ID -> repairTasks(buffer, body, block, version);
            case DoneDecoder.TEMPLATE_ID -> {
                done.wrap(buffer, body, block, version);
                correlationId = done.correlationId();
                yield done.result() == BooleanType.TRUE;
            }
            case ErrorDecoder.TEMPLATE_ID -> {
                error.wrap(buffer, body, block, version);
                correlationId = error.correlationId();
                yield new TesseraException(ErrorCode.ofValue(error.code()), error.message());
            }
            default -> {
                correlationId = 0;
                yield new TesseraException(ErrorCode.MALFORMED_REQUEST, "a reply with template " + header.templateId());
            }
        };
    }

    static StoragePolicy policy(short id) {
        return id == 0 ? null : StoragePolicy.ofId(id);
    }

    private FileStatus fileStatus(DirectBuffer buffer, int body, int block, int version) {
        FileStatusDecoder d = fileStatus.wrap(buffer, body, block, version);
        correlationId = d.correlationId();
        long fileId = d.fileId();
        boolean directory = d.directory() == BooleanType.TRUE;
        long length = d.length();
        long blockSize = d.blockSize();
        StoragePolicy policy = policy(d.policyId());
        StoragePolicy effective = policy(d.effectivePolicyId());
        int permission = d.permission();
        long modificationTime = d.modificationTime();
        long accessTime = d.accessTime();
        String path = d.path();
        String owner = d.owner();
        String group = d.group();
        return new FileStatus(
                path,
                fileId,
                directory,
                length,
                blockSize,
                policy,
                effective,
                permission,
                owner,
                group,
                modificationTime,
                accessTime);
    }

    private ListingPage listingPage(DirectBuffer buffer, int body, int block, int version) {
        ListingPageDecoder d = listingPage.wrap(buffer, body, block, version);
        correlationId = d.correlationId();
        boolean more = d.more() == BooleanType.TRUE;
        List<FileStatus> entries = new ArrayList<>();
        for (ListingPageDecoder.EntriesDecoder e : d.entries()) {
            long fileId = e.fileId();
            boolean directory = e.directory() == BooleanType.TRUE;
            long length = e.length();
            long blockSize = e.blockSize();
            StoragePolicy policy = policy(e.policyId());
            StoragePolicy effective = policy(e.effectivePolicyId());
            int permission = e.permission();
            long modificationTime = e.modificationTime();
            long accessTime = e.accessTime();
            String name = e.name();
            String owner = e.owner();
            String group = e.group();
            entries.add(new FileStatus(
                    name,
                    fileId,
                    directory,
                    length,
                    blockSize,
                    policy,
                    effective,
                    permission,
                    owner,
                    group,
                    modificationTime,
                    accessTime));
        }
        return new ListingPage(entries, more);
    }

    /** Decoded in the schema's order: each entry's fields, its groups, its strings; then the nodes. */
    private LocatedListingPage locatedListingPage(DirectBuffer buffer, int body, int block, int version) {
        LocatedListingPageDecoder d = locatedListingPage.wrap(buffer, body, block, version);
        correlationId = d.correlationId();
        boolean more = d.more() == BooleanType.TRUE;
        record Block(int index, int nodeId, long length, int checksum) {}
        record Group(long group, long generation, long fileOffset, List<Block> blocks) {}
        record Entry(FileStatus status, List<Group> groups) {}
        List<Entry> entries = new ArrayList<>();
        for (LocatedListingPageDecoder.EntriesDecoder e : d.entries()) {
            long fileId = e.fileId();
            boolean directory = e.directory() == BooleanType.TRUE;
            long length = e.length();
            long blockSize = e.blockSize();
            StoragePolicy policy = policy(e.policyId());
            StoragePolicy effective = policy(e.effectivePolicyId());
            int permission = e.permission();
            long modificationTime = e.modificationTime();
            long accessTime = e.accessTime();
            List<Group> groups = new ArrayList<>();
            for (LocatedListingPageDecoder.EntriesDecoder.GroupsDecoder g : e.groups()) {
                List<Block> blocks = new ArrayList<>();
                long group = g.blockGroup();
                long generation = g.generation();
                long fileOffset = g.fileOffset();
                for (LocatedListingPageDecoder.EntriesDecoder.GroupsDecoder.BlocksDecoder b : g.blocks()) {
                    blocks.add(new Block(b.blockIndex(), b.nodeId(), b.length(), b.checksum()));
                }
                groups.add(new Group(group, generation, fileOffset, blocks));
            }
            String name = e.name();
            String owner = e.owner();
            String group = e.group();
            entries.add(new Entry(
                    new FileStatus(
                            name,
                            fileId,
                            directory,
                            length,
                            blockSize,
                            policy,
                            effective,
                            permission,
                            owner,
                            group,
                            modificationTime,
                            accessTime),
                    groups));
        }
        Map<Integer, NodeEndpoint> nodes = new HashMap<>();
        for (LocatedListingPageDecoder.NodesDecoder n : d.nodes()) {
            int nodeId = n.nodeId();
            boolean live = n.live() == BooleanType.TRUE;
            int dataPort = n.dataPort();
            int flightPort = n.flightPort();
            String host = n.host();
            String rack = n.rack();
            String zone = n.zone();
            String aeronDirectory = n.aeronDirectory();
            nodes.put(nodeId, new NodeEndpoint(nodeId, host, dataPort, flightPort, rack, zone, aeronDirectory, live));
        }
        List<LocatedListingPage.Entry> result = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            FileStatus status = entry.status();
            if (status.directory()) {
                result.add(new LocatedListingPage.Entry(status, null));
                continue;
            }
            List<FileLocations.GroupLocation> located =
                    new ArrayList<>(entry.groups().size());
            for (Group g : entry.groups()) {
                List<FileLocations.BlockLocation> blocks =
                        new ArrayList<>(g.blocks().size());
                for (Block b : g.blocks()) {
                    NodeEndpoint node = nodes.get(b.nodeId());
                    if (node != null) {
                        blocks.add(new FileLocations.BlockLocation(b.index(), node, b.length(), b.checksum()));
                    }
                }
                located.add(new FileLocations.GroupLocation(g.group(), g.generation(), g.fileOffset(), blocks));
            }
            result.add(new LocatedListingPage.Entry(
                    status, new FileLocations(status.length(), status.blockSize(), status.effectivePolicy(), located)));
        }
        return new LocatedListingPage(result, more);
    }

    private CreatedFile fileCreated(DirectBuffer buffer, int body, int block, int version) {
        FileCreatedDecoder d = fileCreated.wrap(buffer, body, block, version);
        correlationId = d.correlationId();
        return new CreatedFile(d.fileId(), d.blockSize(), StoragePolicy.ofId(d.policyId()));
    }

    private AllocatedGroup groupAllocated(DirectBuffer buffer, int body, int block, int version) {
        GroupAllocatedDecoder d = groupAllocated.wrap(buffer, body, block, version);
        correlationId = d.correlationId();
        long group = d.blockGroup();
        long generation = d.generation();
        List<NodeEndpoint> targets = new ArrayList<>();
        for (GroupAllocatedDecoder.TargetsDecoder t : d.targets()) {
            int nodeId = t.nodeId();
            int dataPort = t.dataPort();
            int flightPort = t.flightPort();
            String host = t.host();
            String rack = t.rack();
            String zone = t.zone();
            String aeronDirectory = t.aeronDirectory();
            targets.add(new NodeEndpoint(nodeId, host, dataPort, flightPort, rack, zone, aeronDirectory, true));
        }
        return new AllocatedGroup(group, generation, targets);
    }

    private ContentSummary contentSummary(DirectBuffer buffer, int body, int block, int version) {
        ContentSummaryDecoder d = contentSummary.wrap(buffer, body, block, version);
        correlationId = d.correlationId();
        return new ContentSummary(d.length(), d.fileCount(), d.directoryCount(), d.spaceConsumed());
    }

    private FileLocations locations(DirectBuffer buffer, int body, int block, int version) {
        LocationsDecoder d = locations.wrap(buffer, body, block, version);
        correlationId = d.correlationId();
        long fileLength = d.fileLength();
        long blockSize = d.blockSize();
        StoragePolicy policy = StoragePolicy.ofId(d.policyId());
        record Block(long group, int index, int nodeId, long length, int checksum) {}
        record Group(long group, long generation, long fileOffset) {}
        List<Group> groups = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        for (LocationsDecoder.GroupsDecoder g : d.groups()) {
            groups.add(new Group(g.blockGroup(), g.generation(), g.fileOffset()));
            for (LocationsDecoder.GroupsDecoder.BlocksDecoder b : g.blocks()) {
                blocks.add(new Block(g.blockGroup(), b.blockIndex(), b.nodeId(), b.length(), b.checksum()));
            }
        }
        Map<Integer, NodeEndpoint> nodes = new HashMap<>();
        for (LocationsDecoder.NodesDecoder n : d.nodes()) {
            int nodeId = n.nodeId();
            boolean live = n.live() == BooleanType.TRUE;
            int dataPort = n.dataPort();
            int flightPort = n.flightPort();
            String host = n.host();
            String rack = n.rack();
            String zone = n.zone();
            String aeronDirectory = n.aeronDirectory();
            nodes.put(nodeId, new NodeEndpoint(nodeId, host, dataPort, flightPort, rack, zone, aeronDirectory, live));
        }
        List<FileLocations.GroupLocation> result = new ArrayList<>();
        for (Group g : groups) {
            List<FileLocations.BlockLocation> located = new ArrayList<>();
            for (Block b : blocks) {
                NodeEndpoint node = nodes.get(b.nodeId());
                if (b.group() == g.group() && node != null) {
                    located.add(new FileLocations.BlockLocation(b.index(), node, b.length(), b.checksum()));
                }
            }
            result.add(new FileLocations.GroupLocation(g.group(), g.generation(), g.fileOffset(), located));
        }
        return new FileLocations(fileLength, blockSize, policy, result);
    }

    private ClusterReport clusterReport(DirectBuffer buffer, int body, int block, int version) {
        ClusterReportDecoder d = clusterReport.wrap(buffer, body, block, version);
        correlationId = d.correlationId();
        long files = d.files();
        long directories = d.directories();
        long blockGroups = d.blockGroups();
        ClusterReport.Healing healing = new ClusterReport.Healing(
                orZero(d.repairQueue()),
                orZero(d.repairsInFlight()),
                orZero(d.blocksRebuilt()),
                orZero(d.bytesRebuilt()),
                orZero(d.repairFailures()),
                orZero(d.blocksMoved()),
                d.balancing() == BooleanType.TRUE);
        List<ClusterReport.Node> nodes = new ArrayList<>();
        for (ClusterReportDecoder.NodesDecoder n : d.nodes()) {
            int nodeId = n.nodeId();
            String state = ClusterReport.state(n.state());
            int dataPort = n.dataPort();
            int flightPort = n.flightPort();
            int httpPort = n.httpPort();
            long capacity = n.capacity();
            long used = n.used();
            long blocks = n.blocks();
            long age = n.lastHeartbeatAgeMs();
            String host = n.host();
            String rack = n.rack();
            String zone = n.zone();
            String storageId = n.storageId();
            long placedBlocks = orZero(n.placedBlocks());
            long placedBytes = orZero(n.placedBytes());
            long scrubPasses = orZero(n.scrubPasses());
            long scrubbedBytes = orZero(n.scrubbedBytes());
            long corruptBlocks = orZero(n.corruptBlocks());
            long rebuiltBytes = orZero(n.rebuiltBytes());
            nodes.add(new ClusterReport.Node(
                    nodeId,
                    state,
                    host,
                    dataPort,
                    flightPort,
                    httpPort,
                    rack,
                    zone,
                    storageId,
                    capacity,
                    used,
                    blocks,
                    age,
                    placedBlocks,
                    placedBytes,
                    scrubPasses,
                    scrubbedBytes,
                    corruptBlocks,
                    rebuiltBytes));
        }
        return new ClusterReport(files, directories, blockGroups, healing, nodes);
    }

    private FsckReport fsckReport(DirectBuffer buffer, int body, int block, int version) {
        FsckReportDecoder d = fsckReport.wrap(buffer, body, block, version);
        correlationId = d.correlationId();
        long healthy = d.healthy();
        long degraded = d.degraded();
        long missing = d.missing();
        boolean truncated = d.truncated() == BooleanType.TRUE;
        long repairQueue = orZero(d.repairQueue());
        long repairsInFlight = orZero(d.repairsInFlight());
        List<FsckReport.Group> groups = new ArrayList<>();
        for (FsckReportDecoder.GroupsDecoder g : d.groups()) {
            long group = g.blockGroup();
            FsckReport.Health health = FsckReport.Health.values()[Math.min(2, g.health())];
            int live = g.liveBlocks();
            int width = g.width();
            String path = g.path();
            groups.add(new FsckReport.Group(group, path, health, live, width));
        }
        return new FsckReport(healthy, degraded, missing, truncated, groups, repairQueue, repairsInFlight);
    }

    /** Fields added in a later schema version read as their null value from an older service. */
    private static long orZero(long value) {
        return value == Long.MIN_VALUE ? 0 : value;
    }

    private RepairAssignment repairTasks(DirectBuffer buffer, int body, int block, int version) {
        var d = repairTasks.wrap(buffer, body, block, version);
        correlationId = d.correlationId();
        List<RepairAssignment.Task> tasks = new ArrayList<>();
        for (var t : d.tasks()) {
            long taskId = t.taskId();
            long group = t.blockGroup();
            int blockIndex = t.blockIndex();
            long generation = t.generation();
            StoragePolicy policy = StoragePolicy.ofId(t.policyId());
            long blockLength = t.blockLength();
            int dataBlocks = t.dataBlocks();
            int copyFrom = t.copyFrom();
            List<RepairAssignment.Source> sources = new ArrayList<>();
            for (var s : t.sources()) {
                int index = s.blockIndex();
                int nodeId = s.nodeId();
                long length = s.length();
                int dataPort = s.dataPort();
                String host = s.host();
                String aeronDirectory = s.aeronDirectory();
                sources.add(new RepairAssignment.Source(
                        index, nodeId, length, new StorageEndpoint(host, dataPort, aeronDirectory)));
            }
            tasks.add(new RepairAssignment.Task(
                    taskId, group, blockIndex, generation, policy, blockLength, dataBlocks, copyFrom, sources));
        }
        List<io.tessera.common.BlockId> deletions = new ArrayList<>();
        for (var entry : d.deletions()) {
            deletions.add(new io.tessera.common.BlockId(entry.blockGroup(), entry.blockIndex()));
        }
        return new RepairAssignment(tasks, deletions);
    }
}
