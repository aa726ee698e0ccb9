package io.tessera.client;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import io.tessera.erasure.ErasureCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Reads byte ranges of a closed file from the nodes holding its blocks. A range is read from its data
 * block's node (every byte checksum-verified there); when that node is down, the block is gone, or a
 * chunk fails its checksum, the same range is read from {@code k} other blocks of the group and decoded
 * — the caller sees the right bytes, never the error — and a bad block is reported for repair.
 * Replicated blocks are read from another replica instead. Thread-safe.
 */
final class FileReader {
    private final TesseraClient client;
    private final String path;
    private final FileLocations locations;
    private final StoragePolicy policy;
    private final ErasureCode code;
    private final long groupSpan;

    FileReader(TesseraClient client, String path, FileLocations locations) {
        this.client = client;
        this.path = path;
        this.locations = locations;
        this.policy = locations.policy();
        this.code = policy.isErasureCoded() ? PolicyCodes.of(policy) : null;
        this.groupSpan = policy.dataBlocks() * locations.blockSize();
    }

    long length() {
        return locations.fileLength();
    }

    /** How long one read may take before it counts as failed: twice the client's operation timeout. */
    long timeoutNs() {
        return client.context().operationTimeoutNs() * 2;
    }

    String path() {
        return path;
    }

    /** The bytes from {@code position} to the end of its block, at most {@code limit}. */
    int pieceLength(long position, int limit) {
        long inBlock = locations.blockSize() - (position % locations.blockSize());
        return (int) Math.min(Math.min(inBlock, limit), length() - position);
    }

    /** Starts the fast path for a piece within one block: a read from the block's first holder. */
    CompletableFuture<Integer> readFromHolder(long position, ByteBuffer destination) {
        Piece piece = piece(position);
        List<FileLocations.BlockLocation> holders = holders(piece);
        if (holders.isEmpty()) {
            return CompletableFuture.failedFuture(new TesseraException(
                    ErrorCode.BLOCK_NOT_FOUND, "no holder of " + new BlockId(piece.group.group(), piece.dataIndex)));
        }
        FileLocations.BlockLocation holder = holders.get(0);
        return client.dataPlane().read(holder.node().dataEndpoint(), blockId(piece, holder), piece.offset, destination);
    }

    /**
     * Reads {@code destination.remaining()} bytes at {@code position} (the range must lie within the file),
     * falling back to other replicas or to decoding as needed. Fails only when the data is unreadable.
     */
    void read(long position, ByteBuffer destination) {
        if (position < 0 || position > length() - destination.remaining()) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    "range [" + position + ", " + (position + destination.remaining()) + ") is outside " + path + " of "
                            + length() + " bytes");
        }
        while (destination.hasRemaining()) {
            int length = pieceLength(position, destination.remaining());
            ByteBuffer slice = destination.slice(destination.position(), length);
            readPiece(position, slice);
            destination.position(destination.position() + length);
            position += length;
        }
    }

    private void readPiece(long position, ByteBuffer destination) {
        Piece piece = piece(position);
        List<TesseraException> errors = new ArrayList<>();
        for (FileLocations.BlockLocation holder : holders(piece)) {
            try {
                await(client.dataPlane()
                        .read(
                                holder.node().dataEndpoint(),
                                blockId(piece, holder),
                                piece.offset,
                                destination.duplicate()));
                return;
            } catch (TesseraException e) {
                errors.add(e);
                reportIfBad(piece, holder, e);
            }
        }
        if (code == null) {
            throw unreadable(piece, errors);
        }
        decode(piece, destination, errors);
    }

    /**
     * Rebuilds the piece's range of its data block from {@code k} other blocks of the group, read in
     * parallel; a block that fails is replaced by the next candidate until {@code k} are in or none is left.
     */
    private void decode(Piece piece, ByteBuffer destination, List<TesseraException> errors) {
        int length = destination.remaining();
        byte[][] shards = new byte[policy.width()][];
        shards[piece.dataIndex] = new byte[length];
        int needed = policy.dataBlocks() - virtualZeroShards(piece, shards, policy.dataBlocks());
        java.util.ArrayDeque<FileLocations.BlockLocation> candidates =
                new java.util.ArrayDeque<>(survivorsInOrder(piece));
        List<ShardRead> inFlight = new ArrayList<>();
        int found = 0;
        while (found < needed) {
            while (inFlight.size() < needed - found && !candidates.isEmpty()) {
                inFlight.add(startShardRead(piece, candidates.poll(), length));
            }
            if (inFlight.isEmpty()) {
                throw unreadable(piece, errors);
            }
            ShardRead read = inFlight.remove(0);
            try {
                await(read.done());
                shards[read.block().index()] = read.shard();
                found++;
            } catch (TesseraException e) {
                errors.add(e);
                reportIfBad(piece, read.block(), e);
            }
        }
        inFlight.forEach(read -> read.done().cancel(false));
        code.decode(shards, new int[] {piece.dataIndex}, 0, length);
        destination.duplicate().put(shards[piece.dataIndex]);
    }

    /** One surviving block's share of a degraded read: bytes past the block's end are zeros. */
    private record ShardRead(FileLocations.BlockLocation block, byte[] shard, CompletableFuture<Integer> done) {}

    private ShardRead startShardRead(Piece piece, FileLocations.BlockLocation block, int length) {
        byte[] shard = new byte[length];
        int available = (int) Math.max(0, Math.min(length, block.length() - piece.offset));
        CompletableFuture<Integer> done = available == 0
                ? CompletableFuture.completedFuture(0)
                : client.dataPlane()
                        .read(
                                block.node().dataEndpoint(),
                                blockId(piece, block),
                                piece.offset,
                                ByteBuffer.wrap(shard, 0, available));
        return new ShardRead(block, shard, done);
    }

    /**
     * Data blocks past the end of a short last group were never written: they are zeros, and count as
     * survivors without a read.
     */
    private int virtualZeroShards(Piece piece, byte[][] shards, int wanted) {
        int added = 0;
        long groupLength = Math.min(groupSpan, length() - piece.group.fileOffset());
        int writtenBlocks = (int) ((groupLength + locations.blockSize() - 1) / locations.blockSize());
        for (int index = writtenBlocks; index < policy.dataBlocks() && added < wanted; index++) {
            if (shards[index] == null && index != piece.dataIndex) {
                shards[index] = new byte[shards[piece.dataIndex].length];
                added++;
            }
        }
        return added;
    }

    private List<FileLocations.BlockLocation> survivorsInOrder(Piece piece) {
        List<FileLocations.BlockLocation> survivors = new ArrayList<>();
        for (FileLocations.BlockLocation block : piece.group.blocks()) {
            if (block.index() != piece.dataIndex && block.node().live()) {
                survivors.add(block);
            }
        }
        survivors.sort(Comparator.comparingInt(FileLocations.BlockLocation::index));
        return survivors;
    }

    private List<FileLocations.BlockLocation> holders(Piece piece) {
        List<FileLocations.BlockLocation> holders = new ArrayList<>();
        for (FileLocations.BlockLocation block : piece.group.blocks()) {
            boolean holdsPiece = policy.isErasureCoded() ? block.index() == piece.dataIndex : true;
            if (holdsPiece && block.node().live()) {
                holders.add(block);
            }
        }
        return holders;
    }

    private Piece piece(long position) {
        List<FileLocations.GroupLocation> groups = locations.groups();
        int index = (int) (position / groupSpan);
        if (index >= groups.size() || groups.get(index).fileOffset() != (long) index * groupSpan) {
            throw new TesseraException(ErrorCode.INTERNAL, path + " has no block group at offset " + position);
        }
        FileLocations.GroupLocation group = groups.get(index);
        long inGroup = position - group.fileOffset();
        return new Piece(group, (int) (inGroup / locations.blockSize()), inGroup % locations.blockSize());
    }

    private static BlockId blockId(Piece piece, FileLocations.BlockLocation block) {
        return new BlockId(piece.group.group(), block.index());
    }

    private void reportIfBad(Piece piece, FileLocations.BlockLocation block, TesseraException e) {
        if (e.code() == ErrorCode.CORRUPT_BLOCK || e.code() == ErrorCode.BLOCK_NOT_FOUND) {
            client.reportBadBlock(
                    piece.group.group(), block.index(), block.node().nodeId(), e);
        }
    }

    private TesseraException unreadable(Piece piece, List<TesseraException> errors) {
        StringBuilder message = new StringBuilder(path + ": block group " + piece.group.group() + " is unreadable at "
                + "offset " + (piece.group.fileOffset() + piece.dataIndex * locations.blockSize() + piece.offset));
        errors.forEach(e -> message.append("; ").append(e.getMessage()));
        return new TesseraException(ErrorCode.UNAVAILABLE, message.toString());
    }

    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(timeoutNs(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof TesseraException t
                    ? t
                    : new TesseraException(ErrorCode.INTERNAL, String.valueOf(cause), cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TesseraException(ErrorCode.TIMEOUT, "a read of " + path + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TesseraException(ErrorCode.UNAVAILABLE, "interrupted while reading " + path, e);
        }
    }

    /** A range inside one data block: its group, the block's index and the offset in the block. */
    private record Piece(FileLocations.GroupLocation group, int dataIndex, long offset) {}
}
