package io.tessera.client;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import io.tessera.erasure.ParityAccumulator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes one block group: data blocks one after another to their nodes while the parity accumulates,
 * then the parity blocks; or, for a replicated policy, one block through a pipeline of its replicas'
 * nodes (every replica is block index 0, told apart by its node).
 *
 * <p>A node that fails mid-write does not fail the write while the group can still lose it: its block
 * is left out of the commit (the group is committed degraded, for repair). More failures than the policy
 * tolerates fail the group with every node's error named.
 */
final class GroupWriter {
    private final DataPlaneClient dataPlane;
    private final AllocatedGroup group;
    private final StoragePolicy policy;
    private final ParityAccumulator parity;
    private final long blockSize;
    private final long timeoutNs;
    private ParityUpload serverParity;
    private Throwable serverParityError;
    private final List<Target> targets = new ArrayList<>();
    private int currentBlock = -1;

    /** One block being written to one node. */
    private static final class Target {
        final int index;
        final NodeEndpoint node;
        final BlockUpload upload;
        long length;
        volatile Throwable error;
        CompletableFuture<WriteResult> ack;

        Target(int index, NodeEndpoint node, BlockUpload upload) {
            this.index = index;
            this.node = node;
            this.upload = upload;
        }
    }

    /**
     * @param parity the writer's own accumulator, or null when the group's first parity node accumulates
     *     the parity (erasure-coded policies whose parity does not fit the writer's memory)
     */
    GroupWriter(
            DataPlaneClient dataPlane,
            AllocatedGroup group,
            StoragePolicy policy,
            ParityAccumulator parity,
            long blockSize,
            long timeoutNs) {
        if (group.targets().size() != policy.width()) {
            throw new TesseraException(
                    ErrorCode.INTERNAL,
                    "group " + group.group() + " has " + group.targets().size() + " targets, " + policy + " needs "
                            + policy.width());
        }
        this.dataPlane = dataPlane;
        this.group = group;
        this.policy = policy;
        this.parity = parity;
        this.blockSize = blockSize;
        this.timeoutNs = timeoutNs;
    }

    private boolean parityOnServer() {
        return policy.isErasureCoded() && parity == null;
    }

    long groupId() {
        return group.group();
    }

    /**
     * Appends {@code chunk}'s remaining bytes to data block {@code dataIndex} (the current block or the
     * next one). Completes when every node has taken the bytes or failed, so the buffer may be reused.
     */
    CompletableFuture<Void> write(int dataIndex, ByteBuffer chunk) {
        if (dataIndex != currentBlock) {
            startBlock(dataIndex);
        }
        List<CompletableFuture<Void>> taken = new ArrayList<>();
        if (parity != null) {
            parity.add(dataIndex, chunk.duplicate());
        } else if (parityOnServer() && serverParityError == null) {
            long offset = currentTargets().get(0).length;
            taken.add(serverParity.write(dataIndex, offset, chunk.duplicate()).whenComplete((ok, e) -> {
                if (e != null) {
                    serverParityError = unwrap(e);
                }
            }));
        }
        for (Target target : currentTargets()) {
            if (target.error == null) {
                target.length += chunk.remaining();
                taken.add(target.upload.write(chunk.duplicate()).whenComplete((ok, e) -> {
                    if (e != null) {
                        target.error = unwrap(e);
                    }
                }));
            }
        }
        return CompletableFuture.allOf(taken.toArray(CompletableFuture[]::new)).exceptionally(e -> null);
    }

    private void startBlock(int dataIndex) {
        if (dataIndex != currentBlock + 1 || dataIndex >= policy.dataBlocks()) {
            throw new TesseraException(
                    ErrorCode.INTERNAL,
                    "block " + dataIndex + " of group " + group.group() + " after block " + currentBlock);
        }
        finishCurrentBlock();
        currentBlock = dataIndex;
        if (dataIndex == 0 && parityOnServer()) {
            startServerParity();
        }
        if (policy.isErasureCoded()) {
            open(dataIndex, dataIndex);
        } else {
            openPipeline();
        }
    }

    /** A replicated block goes to the first replica's node, which passes it down the others in order. */
    private void openPipeline() {
        NodeEndpoint head = group.targets().get(0);
        List<StorageEndpoint> forward = new ArrayList<>();
        for (int slot = 1; slot < policy.width(); slot++) {
            forward.add(group.targets().get(slot).dataEndpoint());
        }
        BlockId block = new BlockId(group.group(), 0);
        targets.add(new Target(0, head, dataPlane.upload(head.dataEndpoint(), block, group.generation(), forward)));
    }

    /** Starts the upload of block {@code index} to the group's node in slot {@code slot}. */
    private void open(int slot, int index) {
        NodeEndpoint node = group.targets().get(slot);
        BlockId block = new BlockId(group.group(), index);
        targets.add(new Target(index, node, dataPlane.upload(node.dataEndpoint(), block, group.generation())));
    }

    /** The group's first parity node accumulates; it stores its block and streams the other parity blocks. */
    private void startServerParity() {
        int k = policy.dataBlocks();
        List<ParityTarget> others = new ArrayList<>();
        for (int index = k + 1; index < policy.width(); index++) {
            others.add(new ParityTarget(index, group.targets().get(index).dataEndpoint()));
        }
        serverParity = dataPlane.parityUpload(
                group.targets().get(k).dataEndpoint(),
                group.group(),
                group.generation(),
                policy.id(),
                blockSize,
                others);
    }

    private List<Target> currentTargets() {
        return targets.subList(targets.size() - 1, targets.size());
    }

    private void finishCurrentBlock() {
        if (currentBlock >= 0) {
            for (Target target : currentTargets()) {
                target.ack = target.upload.finish();
            }
        }
    }

    /**
     * Finishes the last data block, writes the parity blocks, and waits for every node's
     * acknowledgement. Returns the blocks to commit: every block that made it.
     */
    List<CommittedBlock> finish() {
        finishCurrentBlock();
        if (parity != null && currentBlock >= 0) {
            writeParity();
        }
        List<CommittedBlock> committed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        if (serverParity != null) {
            collectServerParity(committed, failures);
        }
        for (Target target : targets) {
            WriteResult result = await(target);
            if (result != null && !policy.isErasureCoded()) {
                commitReplicas(result, committed, failures);
            } else if (result != null) {
                committed.add(
                        new CommittedBlock(target.index, target.node.nodeId(), result.length(), result.checksum()));
            } else if (!policy.isErasureCoded()) {
                failures.add("replication pipeline from " + target.node.host() + ":" + target.node.dataPort() + ": "
                        + target.error.getMessage());
                for (int slot = 1; slot < policy.width(); slot++) {
                    failures.add("replica " + slot + " not written");
                }
            } else {
                failures.add(target.node.host() + ":" + target.node.dataPort() + " (block " + target.index + "): "
                        + target.error.getMessage());
            }
        }
        if (failures.size() > policy.toleratedFailures()) {
            throw new TesseraException(
                    ErrorCode.UNAVAILABLE,
                    "writing block group " + group.group() + " lost " + failures.size() + " blocks, more than " + policy
                            + " tolerates: " + String.join("; ", failures));
        }
        return committed;
    }

    /** The pipeline's acknowledgement counts the replicas, from the head, that hold the block. */
    private void commitReplicas(WriteResult result, List<CommittedBlock> committed, List<String> failures) {
        for (int slot = 0; slot < policy.width(); slot++) {
            NodeEndpoint node = group.targets().get(slot);
            if (slot < result.replicas()) {
                committed.add(new CommittedBlock(0, node.nodeId(), result.length(), result.checksum()));
            } else {
                failures.add(
                        node.host() + ":" + node.dataPort() + " (replica " + slot + "): the pipeline ended before it");
            }
        }
    }

    private void collectServerParity(List<CommittedBlock> committed, List<String> failures) {
        int k = policy.dataBlocks();
        try {
            for (ParityResult result : serverParity.finish().get(timeoutNs, TimeUnit.NANOSECONDS)) {
                NodeEndpoint node = group.targets().get(result.blockIndex());
                if (result.durable()) {
                    committed.add(
                            new CommittedBlock(result.blockIndex(), node.nodeId(), result.length(), result.checksum()));
                } else {
                    failures.add(node.host() + ":" + node.dataPort() + " (parity block " + result.blockIndex() + "): "
                            + result.error());
                }
            }
        } catch (Exception e) {
            Throwable cause = serverParityError != null ? serverParityError : unwrap(e);
            for (int index = k; index < policy.width(); index++) {
                failures.add("parity block " + index + ": " + cause.getMessage());
            }
        }
    }

    private void writeParity() {
        int length = parity.length();
        for (int p = 0; p < policy.redundantBlocks(); p++) {
            int index = policy.dataBlocks() + p;
            open(index, index);
            Target target = targets.get(targets.size() - 1);
            target.length = length;
            target.upload.write(ByteBuffer.wrap(parity.parity(p), 0, length)).whenComplete((ok, e) -> {
                if (e != null) {
                    target.error = unwrap(e);
                }
            });
            target.ack = target.upload.finish();
        }
    }

    /** The node's acknowledgement, or null with {@code target.error} set when the block did not make it. */
    private WriteResult await(Target target) {
        try {
            WriteResult result = target.ack.get(timeoutNs, TimeUnit.NANOSECONDS);
            if (result.length() != target.length) {
                target.error = new TesseraException(
                        ErrorCode.INTERNAL, "acknowledged " + result.length() + " bytes of " + target.length);
                return null;
            }
            return target.error == null ? result : null;
        } catch (ExecutionException | CompletionException e) {
            target.error = unwrap(e);
        } catch (TimeoutException e) {
            target.upload.abort();
            target.error = new TesseraException(ErrorCode.TIMEOUT, "no acknowledgement in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            target.error = new TesseraException(ErrorCode.UNAVAILABLE, "interrupted");
        }
        return null;
    }

    /** Gives every block up: the nodes discard what they received. */
    void abort() {
        targets.forEach(target -> target.upload.abort());
        if (serverParity != null) {
            serverParity.abort();
        }
    }

    private static Throwable unwrap(Throwable e) {
        return (e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null
                ? e.getCause()
                : e;
    }
}
