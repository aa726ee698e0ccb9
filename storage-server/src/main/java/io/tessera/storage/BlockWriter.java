package io.tessera.storage;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Writes one new block: bytes in order, in pieces of any size, then {@link #finish()} or {@link
 * #abort()}. The chunk sums are computed as the bytes arrive, so finishing costs one trailer write and
 * the syncs, not a second pass over the data.
 *
 * <p>Any failure while writing (full disk, capacity reached, I/O error) aborts the block: the partial
 * file is deleted and its space released, and the error says why. A piece at the wrong offset is refused
 * but leaves the writer as it was, so the endpoint can decide whether a repeated network chunk is
 * harmless. Methods are synchronized only so that closing the store can abort a writer safely; one
 * thread is expected to drive a writer.
 */
final class BlockWriter implements AutoCloseable {
    private enum State {
        WRITING,
        FINISHED,
        ABORTED
    }

    private final BlockStore store;
    private final BlockId id;
    private final long generation;
    private final Path file;
    private final FileChannel channel;
    private final ChunkSums sums = new ChunkSums();
    private long length;
    private long reserved;
    private State state = State.WRITING;

    BlockWriter(BlockStore store, BlockId id, long generation, Path file, FileChannel channel, long reserved) {
        this.store = store;
        this.id = id;
        this.generation = generation;
        this.file = file;
        this.channel = channel;
        this.reserved = reserved;
    }

    BlockId id() {
        return id;
    }

    /** The bytes written so far: the offset the next piece must start at. */
    synchronized long length() {
        return length;
    }

    /**
     * Appends {@code piece}'s remaining bytes, which must start at block offset {@code offset}: a lost or
     * repeated network chunk shows up here as {@link ErrorCode#INVALID_ARGUMENT} instead of a silently
     * wrong block.
     */
    synchronized void write(long offset, ByteBuffer piece) {
        checkWriting();
        if (offset != length) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    "out-of-order write to " + id + ": a piece at offset " + offset + ", but " + length
                            + " bytes are written (a piece was lost or repeated)");
        }
        write(piece);
    }

    synchronized void write(long offset, byte[] piece, int pieceOffset, int pieceLength) {
        write(offset, ByteBuffer.wrap(piece, pieceOffset, pieceLength));
    }

    /** Appends {@code piece}'s remaining bytes, consuming them. */
    synchronized void write(ByteBuffer piece) {
        checkWriting();
        int count = piece.remaining();
        if (count == 0) {
            return;
        }
        long more = BlockFile.fileLength(length + count) - BlockFile.fileLength(length);
        try {
            store.space().reserve(id, more);
        } catch (TesseraException e) {
            abort();
            throw new TesseraException(e.code(), e.getMessage() + "; the block was aborted", e);
        }
        reserved += more;
        sums.update(piece.duplicate());
        try {
            BlockFile.writeFully(channel, piece, BlockFile.dataPosition(length));
        } catch (IOException e) {
            abort();
            throw Failures.write(id, e, store.space(), more);
        }
        length += count;
    }

    synchronized void write(byte[] piece, int pieceOffset, int pieceLength) {
        write(ByteBuffer.wrap(piece, pieceOffset, pieceLength));
    }

    /**
     * Writes the trailer, makes the file durable (unless fsync is off) and moves it into {@code
     * finalized/}, where readers see it. Returns the block with its chunk sums for the writer's ack.
     */
    synchronized BlockInfo finish() {
        checkWriting();
        BlockInfo info = new BlockInfo(id, generation, length, sums.finish());
        try {
            BlockFile.writeFully(
                    channel, BlockFile.trailer(length, info.chunkChecksums()), BlockFile.dataPosition(length));
            if (store.directory().fsync()) {
                channel.force(true);
            }
            channel.close();
        } catch (IOException e) {
            abort();
            throw Failures.write(id, e, store.space(), BlockFile.FOOTER_LENGTH);
        }
        try {
            store.publish(info, file);
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
        state = State.FINISHED;
        store.writerDone(this);
        return info;
    }

    /** Deletes the partial block and releases its space. Idempotent; a no-op after finish. */
    synchronized void abort() {
        if (state != State.WRITING) {
            return;
        }
        state = State.ABORTED;
        try {
            channel.close();
        } catch (IOException ignored) {
            // The file is deleted next; nothing written to it matters any more.
        }
        store.discard(file);
        store.space().release(reserved);
        reserved = 0;
        store.writerDone(this);
    }

    /** Aborts unless finished: a writer closed without {@link #finish()} leaves nothing behind. */
    @Override
    public void close() {
        abort();
    }

    private void checkWriting() {
        if (state != State.WRITING) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    id + " is " + state.name().toLowerCase(java.util.Locale.ROOT) + ", not being written");
        }
    }
}
