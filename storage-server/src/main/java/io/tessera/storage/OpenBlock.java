package io.tessera.storage;

import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import io.tessera.erasure.BlockChecksum;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * A finalized block open for reading: its channel and its trusted chunk sums. Any number of threads read
 * it at once with positional reads. It is reference counted so that evicting it from the cache, or
 * deleting the block, never closes the channel under a reader: the last {@link #release()} closes it.
 */
final class OpenBlock {
    private static final int CHUNK_SIZE = BlockChecksum.CHUNK_SIZE;
    private static final ThreadLocal<ByteBuffer> SCRATCH =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CHUNK_SIZE));

    final StoredBlock stored;
    final BlockInfo info;
    private final FileChannel channel;
    private final AtomicInteger references = new AtomicInteger(1);

    private OpenBlock(StoredBlock stored, BlockInfo info, FileChannel channel) {
        this.stored = stored;
        this.info = info;
        this.channel = channel;
    }

    /**
     * Opens {@code file} and checks it is the block {@code stored} describes. The caller holds the one
     * reference the new block starts with.
     */
    static OpenBlock open(Path file, StoredBlock stored) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            BlockInfo info = BlockFile.read(channel, stored.id());
            if (!info.stored().equals(stored)) {
                throw new TesseraException(
                        ErrorCode.BLOCK_NOT_FOUND, stored.id() + " was replaced while being opened: " + info);
            }
            return new OpenBlock(stored, info, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    void retain() {
        references.incrementAndGet();
    }

    void release() {
        if (references.decrementAndGet() == 0) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // A read-only channel has nothing to lose on close.
            }
        }
    }

    /**
     * Copies block bytes {@code [offset, offset + length)} into {@code destination} after checking the
     * CRC32C of every chunk they touch. Whole chunks are read straight into the destination; the partial
     * chunks at either end go through a scratch buffer, as their sums cover bytes outside the range. On any
     * failure the destination's position is left where it was: no unverified byte is handed out.
     */
    void read(long offset, int length, ByteBuffer destination) throws IOException {
        int start = destination.position();
        try {
            long end = offset + length;
            for (long chunkStart = offset - offset % CHUNK_SIZE; chunkStart < end; chunkStart += CHUNK_SIZE) {
                readChunkPart(
                        chunkStart, Math.max(offset, chunkStart), Math.min(end, chunkStart + CHUNK_SIZE), destination);
            }
        } catch (IOException | RuntimeException e) {
            destination.position(start);
            throw e;
        }
    }

    private void readChunkPart(long chunkStart, long from, long to, ByteBuffer destination) throws IOException {
        int chunk = (int) (chunkStart / CHUNK_SIZE);
        int chunkLength = (int) Math.min(CHUNK_SIZE, info.length() - chunkStart);
        if (from == chunkStart && to == chunkStart + chunkLength) {
            ByteBuffer whole = destination.slice(destination.position(), chunkLength);
            readVerified(chunk, chunkStart, whole);
            destination.position(destination.position() + chunkLength);
        } else {
            ByteBuffer scratch = SCRATCH.get().clear().limit(chunkLength);
            readVerified(chunk, chunkStart, scratch);
            destination.put(scratch.limit((int) (to - chunkStart)).position((int) (from - chunkStart)));
        }
    }

    /**
     * Reads the whole chunk at {@code chunkStart} into {@code head}'s then {@code tail}'s remaining bytes
     * and checks its sum over both. On failure neither buffer's position moves.
     */
    void readChunk(long chunkStart, ByteBuffer head, ByteBuffer tail) throws IOException {
        int chunk = (int) (chunkStart / CHUNK_SIZE);
        int chunkLength = (int) Math.min(CHUNK_SIZE, info.length() - chunkStart);
        if (chunkStart % CHUNK_SIZE != 0
                || chunkStart >= info.length()
                || head.remaining() + tail.remaining() != chunkLength) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    "chunk reads take a whole chunk: " + (head.remaining() + tail.remaining()) + " bytes at "
                            + chunkStart + " of " + info.id() + " of " + info.length() + " bytes");
        }
        int headStart = head.position();
        int tailStart = tail.position();
        try {
            long at = BlockFile.dataPosition(chunkStart);
            int headLength = head.remaining();
            BlockFile.readFully(channel, head, at);
            BlockFile.readFully(channel, tail, at + headLength);
        } catch (EOFException e) {
            head.position(headStart);
            tail.position(tailStart);
            throw corruptChunk(chunk, "the file ends inside it (truncated after it was opened)");
        }
        CRC32C crc = new CRC32C();
        crc.update(head.duplicate().flip().position(headStart));
        crc.update(tail.duplicate().flip().position(tailStart));
        int actual = (int) crc.getValue();
        if (actual != info.chunkChecksum(chunk)) {
            head.position(headStart);
            tail.position(tailStart);
            throw corruptChunk(
                    chunk, String.format("CRC32C is %08x, the trailer says %08x", actual, info.chunkChecksum(chunk)));
        }
    }

    /** Fills {@code buffer} (exactly one chunk long) with chunk {@code chunk}, then checks its sum. */
    private void readVerified(int chunk, long chunkStart, ByteBuffer buffer) throws IOException {
        try {
            BlockFile.readFully(channel, buffer, BlockFile.dataPosition(chunkStart));
        } catch (EOFException e) {
            throw corruptChunk(chunk, "the file ends inside it (truncated after it was opened)");
        }
        buffer.flip();
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate());
        int actual = (int) crc.getValue();
        int expected = info.chunkChecksum(chunk);
        if (actual != expected) {
            throw corruptChunk(chunk, String.format("CRC32C is %08x, the trailer says %08x", actual, expected));
        }
    }

    /** The first chunk whose bytes do not match its sum, or -1 when every chunk does. */
    int firstBadChunk() throws IOException {
        ByteBuffer scratch = SCRATCH.get();
        for (int chunk = 0; chunk < info.chunkCount(); chunk++) {
            long chunkStart = (long) chunk * CHUNK_SIZE;
            scratch.clear().limit((int) Math.min(CHUNK_SIZE, info.length() - chunkStart));
            try {
                readVerified(chunk, chunkStart, scratch);
            } catch (TesseraException e) {
                return chunk;
            }
        }
        return -1;
    }

    private TesseraException corruptChunk(int chunk, String reason) {
        long from = (long) chunk * CHUNK_SIZE;
        long to = Math.min(from + CHUNK_SIZE, info.length());
        return new TesseraException(
                ErrorCode.CORRUPT_BLOCK,
                info.id() + " is corrupt: chunk " + chunk + " (bytes " + from + " to " + to + ") failed its check: "
                        + reason);
    }
}
