package io.tessera.meta;

import io.aeron.cluster.service.ClientSession;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import io.tessera.protocol.meta.AllocateGroupDecoder;
import io.tessera.protocol.meta.BalanceDecoder;
import io.tessera.protocol.meta.BlockReportDecoder;
import io.tessera.protocol.meta.BooleanType;
import io.tessera.protocol.meta.CloseFileDecoder;
import io.tessera.protocol.meta.CommitGroupDecoder;
import io.tessera.protocol.meta.ConcatDecoder;
import io.tessera.protocol.meta.CreateDecoder;
import io.tessera.protocol.meta.DecommissionDecoder;
import io.tessera.protocol.meta.DeleteDecoder;
import io.tessera.protocol.meta.FsckDecoder;
import io.tessera.protocol.meta.GetClusterReportDecoder;
import io.tessera.protocol.meta.GetContentSummaryDecoder;
import io.tessera.protocol.meta.GetFileStatusDecoder;
import io.tessera.protocol.meta.HeartbeatDecoder;
import io.tessera.protocol.meta.ListLocatedStatusDecoder;
import io.tessera.protocol.meta.ListStatusDecoder;
import io.tessera.protocol.meta.LocateDecoder;
import io.tessera.protocol.meta.MessageHeaderDecoder;
import io.tessera.protocol.meta.MkdirsDecoder;
import io.tessera.protocol.meta.RegisterNodeDecoder;
import io.tessera.protocol.meta.RenameDecoder;
import io.tessera.protocol.meta.RenewLeaseDecoder;
import io.tessera.protocol.meta.RepairDoneDecoder;
import io.tessera.protocol.meta.ReportBadBlockDecoder;
import io.tessera.protocol.meta.SetOwnerDecoder;
import io.tessera.protocol.meta.SetPermissionDecoder;
import io.tessera.protocol.meta.SetPolicyDecoder;
import io.tessera.protocol.meta.SetTimesDecoder;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;

/**
 * Decodes one metadata request from the log and applies it. Whatever goes wrong — a request that does
 * not decode, a refused operation, a bug — becomes an Error reply with its code; no exception escapes to
 * the consensus module, and the state is unchanged by a refused operation (operations check before
 * they change anything).
 */
final class MetaRequestAdapter {
    private final MetaOperations operations;
    private final MetaReplyProxy replies;
    private final org.agrona.ErrorHandler errorHandler;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MkdirsDecoder mkdirs = new MkdirsDecoder();
    private final CreateDecoder create = new CreateDecoder();
    private final AllocateGroupDecoder allocateGroup = new AllocateGroupDecoder();
    private final CommitGroupDecoder commitGroup = new CommitGroupDecoder();
    private final CloseFileDecoder closeFile = new CloseFileDecoder();
    private final RenewLeaseDecoder renewLease = new RenewLeaseDecoder();
    private final GetFileStatusDecoder getFileStatus = new GetFileStatusDecoder();
    private final ListStatusDecoder listStatus = new ListStatusDecoder();
    private final RenameDecoder rename = new RenameDecoder();
    private final DeleteDecoder delete = new DeleteDecoder();
    private final SetPolicyDecoder setPolicy = new SetPolicyDecoder();
    private final SetPermissionDecoder setPermission = new SetPermissionDecoder();
    private final SetOwnerDecoder setOwner = new SetOwnerDecoder();
    private final SetTimesDecoder setTimes = new SetTimesDecoder();
    private final GetContentSummaryDecoder contentSummary = new GetContentSummaryDecoder();
    private final LocateDecoder locate = new LocateDecoder();
    private final ListLocatedStatusDecoder listLocatedStatus = new ListLocatedStatusDecoder();
    private final ConcatDecoder concat = new ConcatDecoder();
    private final RegisterNodeDecoder registerNode = new RegisterNodeDecoder();
    private final HeartbeatDecoder heartbeat = new HeartbeatDecoder();
    private final BlockReportDecoder blockReport = new BlockReportDecoder();
    private final GetClusterReportDecoder clusterReport = new GetClusterReportDecoder();
    private final FsckDecoder fsck = new FsckDecoder();
    private final ReportBadBlockDecoder reportBadBlock = new ReportBadBlockDecoder();
    private final RepairDoneDecoder repairDone = new RepairDoneDecoder();
    private final DecommissionDecoder decommission = new DecommissionDecoder();
    private final BalanceDecoder balance = new BalanceDecoder();

    MetaRequestAdapter(MetaOperations operations, MetaReplyProxy replies, org.agrona.ErrorHandler errorHandler) {
        this.operations = operations;
        this.replies = replies;
        this.errorHandler = errorHandler;
    }

    void onRequest(ClientSession session, long now, DirectBuffer buffer, int offset, int length) {
        long correlationId = 0;
        try {
            if (length < MessageHeaderDecoder.ENCODED_LENGTH + Long.BYTES) {
                throw malformed("a request of " + length + " bytes");
            }
            header.wrap(buffer, offset);
            if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID) {
                throw malformed("schema " + header.schemaId() + " is not the metadata schema");
            }
            correlationId =
                    buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH, java.nio.ByteOrder.LITTLE_ENDIAN);
            dispatch(
                    session,
                    now,
                    buffer,
                    offset + MessageHeaderDecoder.ENCODED_LENGTH,
                    header.blockLength(),
                    header.version(),
                    header.templateId());
        } catch (TesseraException e) {
            replies.error(session, correlationId, e.code(), e.getMessage());
        } catch (IndexOutOfBoundsException | IllegalArgumentException | IllegalStateException e) {
            replies.error(session, correlationId, ErrorCode.MALFORMED_REQUEST, "malformed request: " + e.getMessage());
        } catch (RuntimeException e) {
            errorHandler.onError(e);
            replies.error(session, correlationId, ErrorCode.INTERNAL, "internal error: " + e);
        }
    }

    private static TesseraException malformed(String what) {
        return new TesseraException(ErrorCode.MALFORMED_REQUEST, "malformed request: " + what);
    }

    private void dispatch(ClientSession s, long now, DirectBuffer b, int body, int block, int version, int template) {
        switch (template) {
            case GetFileStatusDecoder.TEMPLATE_ID -> {
                getFileStatus.wrap(b, body, block, version);
                operations.getFileStatus(s, getFileStatus.correlationId(), getFileStatus.path());
            }
            case ListStatusDecoder.TEMPLATE_ID -> {
                ListStatusDecoder d = listStatus.wrap(b, body, block, version);
                long id = d.correlationId();
                int limit = d.maxEntries();
                String path = d.path();
                operations.listStatus(s, id, path, d.startAfter(), limit);
            }
            case ListLocatedStatusDecoder.TEMPLATE_ID -> {
                ListLocatedStatusDecoder d = listLocatedStatus.wrap(b, body, block, version);
                long id = d.correlationId();
                int limit = d.maxEntries();
                String path = d.path();
                operations.listLocatedStatus(s, id, path, d.startAfter(), limit);
            }
            case LocateDecoder.TEMPLATE_ID -> {
                LocateDecoder d = locate.wrap(b, body, block, version);
                long id = d.correlationId();
                long offset = d.fileOffset();
                long length = d.rangeLength();
                operations.locate(s, id, d.path(), offset, length);
            }
            case MkdirsDecoder.TEMPLATE_ID -> {
                MkdirsDecoder d = mkdirs.wrap(b, body, block, version);
                long id = d.correlationId();
                int permission = d.permission();
                String path = d.path();
                operations.mkdirs(s, id, path, d.owner(), permission, now);
            }
            case CreateDecoder.TEMPLATE_ID -> onCreate(s, now, b, body, block, version);
            case AllocateGroupDecoder.TEMPLATE_ID -> {
                AllocateGroupDecoder d = allocateGroup.wrap(b, body, block, version);
                long id = d.correlationId();
                long fileId = d.fileId();
                int index = d.groupIndex();
                int smallFilePolicy = d.smallFilePolicyId();
                operations.allocateGroup(s, id, fileId, index, smallFilePolicy, d.leaseHolder(), now);
            }
            case CommitGroupDecoder.TEMPLATE_ID -> onCommitGroup(s, b, body, block, version);
            case CloseFileDecoder.TEMPLATE_ID -> {
                CloseFileDecoder d = closeFile.wrap(b, body, block, version);
                long id = d.correlationId();
                long fileId = d.fileId();
                long length = d.length();
                operations.closeFile(s, id, fileId, length, d.leaseHolder(), now);
            }
            case RenewLeaseDecoder.TEMPLATE_ID -> {
                RenewLeaseDecoder d = renewLease.wrap(b, body, block, version);
                long id = d.correlationId();
                operations.renewLease(s, id, d.leaseHolder(), now);
            }
            case RenameDecoder.TEMPLATE_ID -> {
                RenameDecoder d = rename.wrap(b, body, block, version);
                long id = d.correlationId();
                String source = d.source();
                operations.rename(s, id, source, d.destination(), now);
            }
            case DeleteDecoder.TEMPLATE_ID -> {
                DeleteDecoder d = delete.wrap(b, body, block, version);
                long id = d.correlationId();
                boolean recursive = d.recursive() == BooleanType.TRUE;
                operations.delete(s, id, d.path(), recursive, now);
            }
            default -> dispatchRest(s, now, b, body, block, version, template);
        }
    }

    private void dispatchRest(
            ClientSession s, long now, DirectBuffer b, int body, int block, int version, int template) {
        switch (template) {
            case SetPolicyDecoder.TEMPLATE_ID -> {
                SetPolicyDecoder d = setPolicy.wrap(b, body, block, version);
                long id = d.correlationId();
                short policy = d.policyId();
                operations.setPolicy(s, id, d.path(), policy);
            }
            case SetPermissionDecoder.TEMPLATE_ID -> {
                SetPermissionDecoder d = setPermission.wrap(b, body, block, version);
                long id = d.correlationId();
                int permission = d.permission();
                operations.setPermission(s, id, d.path(), permission);
            }
            case SetOwnerDecoder.TEMPLATE_ID -> {
                SetOwnerDecoder d = setOwner.wrap(b, body, block, version);
                long id = d.correlationId();
                String path = d.path();
                String owner = d.owner();
                operations.setOwner(s, id, path, owner, d.group());
            }
            case SetTimesDecoder.TEMPLATE_ID -> {
                SetTimesDecoder d = setTimes.wrap(b, body, block, version);
                long id = d.correlationId();
                long modified = d.modificationTime();
                long accessed = d.accessTime();
                operations.setTimes(s, id, d.path(), modified, accessed);
            }
            case GetContentSummaryDecoder.TEMPLATE_ID -> {
                contentSummary.wrap(b, body, block, version);
                operations.contentSummary(s, contentSummary.correlationId(), contentSummary.path());
            }
            case ConcatDecoder.TEMPLATE_ID -> {
                ConcatDecoder d = concat.wrap(b, body, block, version);
                long id = d.correlationId();
                List<String> sources = new ArrayList<>();
                for (ConcatDecoder.SourcesDecoder entry : d.sources()) {
                    sources.add(entry.source());
                }
                operations.concat(s, id, d.target(), sources, now);
            }
            case RegisterNodeDecoder.TEMPLATE_ID -> onRegisterNode(s, now, b, body, block, version);
            case HeartbeatDecoder.TEMPLATE_ID -> {
                HeartbeatDecoder d = heartbeat.wrap(b, body, block, version);
                MetaOperations.NodeActivity activity = new MetaOperations.NodeActivity(
                        orZero(d.scrubPasses()),
                        orZero(d.scrubbedBytes()),
                        orZero(d.corruptBlocks()),
                        orZero(d.rebuildingBytes()));
                operations.heartbeat(
                        s, d.correlationId(), d.nodeId(), d.capacity(), d.used(), d.blockCount(), activity, now);
            }
            case RepairDoneDecoder.TEMPLATE_ID -> onRepairDone(s, b, body, block, version);
            case DecommissionDecoder.TEMPLATE_ID -> {
                DecommissionDecoder d = decommission.wrap(b, body, block, version);
                operations.decommission(s, d.correlationId(), d.nodeId());
            }
            case BalanceDecoder.TEMPLATE_ID -> {
                balance.wrap(b, body, block, version);
                operations.balance(s, balance.correlationId());
            }
            case BlockReportDecoder.TEMPLATE_ID -> {
                BlockReportDecoder d = blockReport.wrap(b, body, block, version);
                long id = d.correlationId();
                int nodeId = d.nodeId();
                List<ReportedBlock> blocks = new ArrayList<>();
                for (BlockReportDecoder.BlocksDecoder entry : d.blocks()) {
                    blocks.add(new ReportedBlock(
                            entry.blockGroup(), entry.blockIndex(), entry.generation(), entry.length()));
                }
                operations.blockReport(s, id, nodeId, blocks);
            }
            case GetClusterReportDecoder.TEMPLATE_ID -> {
                clusterReport.wrap(b, body, block, version);
                operations.clusterReport(s, clusterReport.correlationId(), now);
            }
            case FsckDecoder.TEMPLATE_ID -> {
                fsck.wrap(b, body, block, version);
                operations.fsck(s, fsck.correlationId(), fsck.path());
            }
            case ReportBadBlockDecoder.TEMPLATE_ID -> {
                ReportBadBlockDecoder d = reportBadBlock.wrap(b, body, block, version);
                long id = d.correlationId();
                long group = d.blockGroup();
                short index = d.blockIndex();
                int nodeId = d.nodeId();
                int code = d.code();
                operations.reportBadBlock(s, id, group, index, nodeId, code, d.reason());
            }
            default -> throw malformed("unknown request template " + template);
        }
    }

    /** Fields added in a later schema version read as their null value from older senders. */
    private static long orZero(long value) {
        return value == Long.MIN_VALUE ? 0 : value;
    }

    private void onRepairDone(ClientSession s, DirectBuffer b, int body, int block, int version) {
        RepairDoneDecoder d = repairDone.wrap(b, body, block, version);
        long id = d.correlationId();
        int nodeId = d.nodeId();
        long taskId = d.taskId();
        long group = d.blockGroup();
        long generation = d.generation();
        long length = d.length();
        int checksum = d.checksum();
        int code = d.code();
        operations.repairDone(s, id, nodeId, taskId, group, generation, length, checksum, code, d.reason());
    }

    private void onCreate(ClientSession s, long now, DirectBuffer b, int body, int block, int version) {
        CreateDecoder d = create.wrap(b, body, block, version);
        long id = d.correlationId();
        boolean overwrite = d.overwrite() == BooleanType.TRUE;
        boolean createParent = d.createParent() == BooleanType.TRUE;
        int permission = d.permission();
        long blockSize = d.blockSize();
        short policy = d.policyId();
        String path = d.path();
        String owner = d.owner();
        String holder = d.leaseHolder();
        operations.create(s, id, path, owner, holder, permission, policy, blockSize, overwrite, createParent, now);
    }

    private void onCommitGroup(ClientSession s, DirectBuffer b, int body, int block, int version) {
        CommitGroupDecoder d = commitGroup.wrap(b, body, block, version);
        long id = d.correlationId();
        long fileId = d.fileId();
        long group = d.blockGroup();
        List<BlockLocation> blocks = new ArrayList<>();
        for (CommitGroupDecoder.BlocksDecoder entry : d.blocks()) {
            blocks.add(new BlockLocation(entry.blockIndex(), entry.nodeId(), entry.length(), entry.checksum()));
        }
        operations.commitGroup(s, id, fileId, group, blocks, d.leaseHolder());
    }

    private void onRegisterNode(ClientSession s, long now, DirectBuffer b, int body, int block, int version) {
        RegisterNodeDecoder d = registerNode.wrap(b, body, block, version);
        long id = d.correlationId();
        int dataPort = d.dataPort();
        int flightPort = d.flightPort();
        int httpPort = d.httpPort();
        long capacity = d.capacity();
        long used = d.used();
        String storageId = d.storageId();
        String host = d.host();
        String rack = d.rack();
        String zone = d.zone();
        String aeronDirectory = d.aeronDirectory();
        NodeRegistration registration = new NodeRegistration(
                storageId,
                host,
                dataPort,
                flightPort,
                httpPort,
                MetaOperations.rack(zone, rack),
                capacity,
                used,
                aeronDirectory);
        operations.registerNode(s, id, registration, now);
    }
}
