package io.tessera.client;

import io.tessera.common.TesseraException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads a closed file: sequential reads go through a buffer that is refilled ahead of the reader (the
 * next piece is requested from its node while the current one is consumed); positional reads go straight
 * to the nodes. Every byte is checksum-verified, and unreadable blocks are decoded from the rest of their
 * group without an error reaching the caller. {@link #read(long, ByteBuffer)} is thread-safe; the
 * sequential methods are not, as with any stream.
 */
public final class TesseraInputStream extends InputStream {
    static final int READ_AHEAD = 4 * 1024 * 1024;

    private final FileReader reader;
    private final int bufferSize;
    private ByteBuffer current;
    private ByteBuffer spare;
    private long currentStart;
    private CompletableFuture<Integer> ahead;
    private long aheadStart = -1;
    private long position;
    private boolean closed;

    TesseraInputStream(FileReader reader) {
        this.reader = reader;
        this.bufferSize = (int) Math.max(1, Math.min(READ_AHEAD, reader.length()));
    }

    /** The file's length. */
    public long length() {
        return reader.length();
    }

    /** The position of the next sequential read. */
    public long getPos() {
        return position;
    }

    /** Moves the next sequential read to {@code target}; seeking past the end is refused. */
    public void seek(long target) throws IOException {
        checkOpen();
        if (target < 0 || target > length()) {
            throw new EOFException("cannot seek to " + target + " in " + reader.path() + " of " + length() + " bytes");
        }
        position = target;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        checkOpen();
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0) {
            return 0;
        }
        if (position >= length()) {
            return -1;
        }
        ensureBuffered();
        int from = (int) (position - currentStart);
        int n = Math.min(length, current.limit() - from);
        current.get(from, bytes, offset, n);
        position += n;
        return n;
    }

    /** Reads {@code destination.remaining()} bytes at {@code position}, whatever the stream's position. */
    public int read(long at, ByteBuffer destination) throws IOException {
        checkOpen();
        if (at >= length()) {
            return destination.hasRemaining() ? -1 : 0;
        }
        int n = (int) Math.min(destination.remaining(), length() - at);
        ByteBuffer range = destination.slice(destination.position(), n);
        try {
            reader.read(at, range);
        } catch (TesseraException e) {
            throw new IOException(e.getMessage(), e);
        }
        destination.position(destination.position() + n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        checkOpen();
        long skipped = Math.max(0, Math.min(n, length() - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        checkOpen();
        return (int) Math.min(Integer.MAX_VALUE, length() - position);
    }

    /** Makes the buffer hold {@code position}, using the read-ahead when it was for this spot. */
    private void ensureBuffered() throws IOException {
        if (current == null) {
            current = ByteBuffer.allocate(bufferSize).limit(0);
            spare = ByteBuffer.allocate(bufferSize);
        } else if (position >= currentStart && position < currentStart + current.limit()) {
            return;
        }
        try {
            if (ahead != null && aheadStart == position && awaitAhead()) {
                swap();
            } else {
                cancelAhead();
                int n = reader.pieceLength(position, spare.capacity());
                spare.clear().limit(n);
                reader.read(position, spare.duplicate());
                currentStart = position;
                swap();
            }
        } catch (TesseraException e) {
            throw new IOException(e.getMessage(), e);
        }
        readAhead(currentStart + current.limit());
    }

    private boolean awaitAhead() {
        try {
            ahead.get(reader.timeoutNs(), TimeUnit.NANOSECONDS);
            currentStart = aheadStart;
            return true;
        } catch (Exception e) {
            // The node failed: the synchronous path reads the same piece again, degraded if it must.
            ahead = null;
            return false;
        }
    }

    private void swap() {
        ByteBuffer filled = spare;
        spare = current;
        current = filled.position(0);
        ahead = null;
        aheadStart = -1;
    }

    private void readAhead(long start) {
        if (start >= length()) {
            return;
        }
        int n = reader.pieceLength(start, spare.capacity());
        spare.clear().limit(n);
        aheadStart = start;
        ahead = reader.readFromHolder(start, spare.duplicate());
    }

    private void cancelAhead() {
        if (ahead != null) {
            try {
                ahead.get(reader.timeoutNs(), TimeUnit.NANOSECONDS);
            } catch (Exception ignored) {
                // Its buffer is about to be reused; only its completion matters, not its outcome.
            }
            ahead = null;
            aheadStart = -1;
        }
    }

    /**
     * Drops the read buffers and the read-ahead (a pool of idle open streams holds no memory); the next
     * sequential read allocates them again. Positional reads never use them.
     */
    public void unbuffer() {
        cancelAhead();
        current = null;
        spare = null;
        currentStart = 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            cancelAhead();
        }
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException(reader.path() + " is closed");
        }
    }
}
