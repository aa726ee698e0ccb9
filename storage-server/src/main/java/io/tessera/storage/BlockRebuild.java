package io.tessera.storage;

import io.tessera.client.DataPlaneClient;
import io.tessera.client.PolicyCodes;
import io.tessera.client.RepairAssignment;
import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import io.tessera.erasure.ErasureCode;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Builds one block of a repair task on this server, piece by piece: each piece is copied from the copy
 * source when the task names one, and otherwise (or when that fails) decoded from {@code k} surviving
 * blocks read in parallel with the data-plane client, exactly as a degraded read decodes. Every byte read
 * was verified against its chunk checksum by the server that sent it; the block is written with fresh
 * chunk checksums and its block checksum is compared with the group's by the metadata service.
 */
final class BlockRebuild {
    static final int PIECE = 1024 * 1024;

    private final BlockStore store;
    private final DataPlaneClient peers;
    private final TokenBucket bandwidth;
    private final long readTimeoutNs;
    private final RepairAssignment.Task task;
    private final BlockId id;
    private final ErasureCode code;

    BlockRebuild(
            BlockStore store,
            DataPlaneClient peers,
            TokenBucket bandwidth,
            long readTimeoutNs,
            RepairAssignment.Task task) {
        this.store = store;
        this.peers = peers;
        this.bandwidth = bandwidth;
        this.readTimeoutNs = readTimeoutNs;
        this.task = task;
        this.id = new BlockId(task.group(), task.blockIndex());
        this.code = task.policy().isErasureCoded() ? PolicyCodes.of(task.policy()) : null;
    }

    BlockId id() {
        return id;
    }

    /** Builds and finishes the block; any failure leaves nothing behind. */
    BlockInfo run() throws InterruptedException {
        if (store.contains(id)) {
            // A copy the block map no longer places here (it chose this node as a target): replaced.
            store.delete(id);
        }
        BlockWriter writer = store.create(id, task.generation());
        try {
            byte[] piece = new byte[(int) Math.min(PIECE, Math.max(1, task.blockLength()))];
            for (long offset = 0; offset < task.blockLength(); offset += PIECE) {
                int length = (int) Math.min(PIECE, task.blockLength() - offset);
                read(offset, piece, length);
                writer.write(offset, piece, 0, length);
            }
            return writer.finish();
        } catch (RuntimeException | InterruptedException e) {
            writer.abort();
            throw e;
        }
    }

    private void read(long offset, byte[] piece, int length) throws InterruptedException {
        List<TesseraException> errors = new ArrayList<>();
        for (RepairAssignment.Source source : task.sources()) {
            if (source.blockIndex() == task.blockIndex() && (task.copyFrom() != 0 || code == null)) {
                try {
                    bandwidth.acquire(length);
                    await(peers.read(source.endpoint(), id, offset, ByteBuffer.wrap(piece, 0, length)));
                    return;
                } catch (TesseraException e) {
                    errors.add(e);
                }
            }
        }
        if (code == null) {
            throw failed("no replica could be read", errors);
        }
        decode(offset, piece, length, errors);
    }

    /** Rebuilds {@code length} bytes at {@code offset} of the block from {@code k} other blocks of the group. */
    private void decode(long offset, byte[] piece, int length, List<TesseraException> errors)
            throws InterruptedException {
        int target = task.blockIndex();
        byte[][] shards = new byte[task.policy().width()][];
        shards[target] = new byte[length];
        int needed = task.policy().dataBlocks();
        for (int index = task.dataBlocks(); index < task.policy().dataBlocks(); index++) {
            if (index != target) {
                shards[index] = new byte[length];
                needed--;
            }
        }
        ArrayDeque<RepairAssignment.Source> candidates = new ArrayDeque<>();
        for (RepairAssignment.Source source : task.sources()) {
            if (source.blockIndex() != target && shards[source.blockIndex()] == null) {
                candidates.add(source);
            }
        }
        List<ShardRead> inFlight = new ArrayList<>();
        int found = 0;
        while (found < needed) {
            while (inFlight.size() < needed - found && !candidates.isEmpty()) {
                inFlight.add(start(candidates.poll(), offset, length));
            }
            if (inFlight.isEmpty()) {
                throw failed("fewer than " + task.policy().dataBlocks() + " blocks of the group could be read", errors);
            }
            ShardRead read = inFlight.remove(0);
            try {
                await(read.done());
                if (shards[read.source().blockIndex()] == null) {
                    shards[read.source().blockIndex()] = read.shard();
                    found++;
                }
            } catch (TesseraException e) {
                errors.add(e);
            }
        }
        inFlight.forEach(read -> read.done().cancel(false));
        code.decode(shards, new int[] {target}, 0, length);
        System.arraycopy(shards[target], 0, piece, 0, length);
    }

    private record ShardRead(RepairAssignment.Source source, byte[] shard, CompletableFuture<Integer> done) {}

    /** Reads a source's share; bytes past its end (a short last data block) are zeros. */
    private ShardRead start(RepairAssignment.Source source, long offset, int length) throws InterruptedException {
        byte[] shard = new byte[length];
        int available = (int) Math.max(0, Math.min(length, source.length() - offset));
        if (available == 0) {
            return new ShardRead(source, shard, CompletableFuture.completedFuture(0));
        }
        bandwidth.acquire(available);
        BlockId block = new BlockId(task.group(), source.blockIndex());
        return new ShardRead(
                source, shard, peers.read(source.endpoint(), block, offset, ByteBuffer.wrap(shard, 0, available)));
    }

    private void await(CompletableFuture<Integer> read) throws InterruptedException {
        try {
            read.get(readTimeoutNs, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof TesseraException t
                    ? t
                    : new TesseraException(ErrorCode.INTERNAL, String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new TesseraException(ErrorCode.TIMEOUT, "a read for rebuilding " + id + " timed out", e);
        }
    }

    private TesseraException failed(String why, List<TesseraException> errors) {
        StringBuilder message = new StringBuilder("cannot rebuild " + id + ": " + why);
        errors.forEach(e -> message.append("; ").append(e.getMessage()));
        return new TesseraException(ErrorCode.UNAVAILABLE, message.toString());
    }
}
