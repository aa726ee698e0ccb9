package io.tessera.flight;

import io.tessera.client.FileLocations.BlockLocation;
import io.tessera.client.LocalBlocks;
import io.tessera.client.TesseraClient;
import io.tessera.client.TesseraInputStream;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A closed Tessera file as Parquet's {@link InputFile}. Every read is positional and split at block
 * boundaries; a piece whose block this node holds is read from its own disk ({@link LocalBlocks}, every
 * chunk checksum-verified), any other piece through the client, which reads the holder over the data
 * plane or, when the holder is down or the local copy fails, rebuilds the bytes from the group's other
 * blocks. The caller sees the right bytes either way.
 */
final class TesseraInputFile implements InputFile, AutoCloseable {
    private final TesseraClient client;
    private final LocalBlocks local;
    private final String path;
    private final long length;
    private final BlockPieces pieces;
    private final Counters counters;
    private TesseraInputStream remote;

    /** Bytes served from this node's disk and through the client; for tests and metrics. */
    static final class Counters {
        final AtomicLong localBytes = new AtomicLong();
        final AtomicLong remoteBytes = new AtomicLong();
    }

    TesseraInputFile(
            TesseraClient client, LocalBlocks local, String path, long length, BlockPieces pieces, Counters counters) {
        this.client = client;
        this.local = local;
        this.path = path;
        this.length = length;
        this.pieces = pieces;
        this.counters = counters;
    }

    @Override
    public long getLength() {
        return length;
    }

    @Override
    public SeekableInputStream newStream() {
        return new Stream();
    }

    /** Fills {@code destination} with the bytes at {@code position}. */
    void readFully(long position, ByteBuffer destination) throws IOException {
        if (position < 0 || position > length - destination.remaining()) {
            throw new EOFException("reading " + destination.remaining() + " bytes at " + position + " of " + path + " ("
                    + length + " bytes)");
        }
        while (destination.hasRemaining()) {
            BlockPieces.Piece piece = pieces.piece(position, destination.remaining());
            ByteBuffer slice = destination.slice(destination.position(), piece.length());
            if (!readLocally(piece, slice)) {
                readRemotely(position, slice);
            }
            destination.position(destination.position() + piece.length());
            position += piece.length();
        }
    }

    private boolean readLocally(BlockPieces.Piece piece, ByteBuffer destination) {
        int nodeId = local == null ? 0 : local.nodeId();
        if (nodeId == 0) {
            return false;
        }
        for (BlockLocation holder : piece.holders()) {
            if (holder.node().nodeId() == nodeId) {
                try {
                    local.read(piece.group().group(), holder.index(), piece.offset(), piece.length(), destination);
                    counters.localBytes.addAndGet(piece.length());
                    return true;
                } catch (TesseraException e) {
                    // Not here after all, or corrupt: the client reads elsewhere and reports a bad block.
                    return false;
                }
            }
        }
        return false;
    }

    private synchronized void readRemotely(long position, ByteBuffer destination) throws IOException {
        if (remote == null) {
            remote = client.open(path);
            if (remote.length() != length) {
                throw new TesseraException(
                        ErrorCode.INVALID_ARGUMENT, path + " changed while being read: plan the query again");
            }
        }
        int wanted = destination.remaining();
        while (destination.hasRemaining()) {
            if (remote.read(position + (wanted - destination.remaining()), destination) < 0) {
                throw new EOFException(path + " ended early");
            }
        }
        counters.remoteBytes.addAndGet(wanted);
    }

    @Override
    public synchronized void close() {
        if (remote != null) {
            remote.close();
            remote = null;
        }
    }

    /** Parquet's view: a position and positional reads through {@link #readFully(long, ByteBuffer)}. */
    private final class Stream extends SeekableInputStream {
        private long position;

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void seek(long newPosition) throws IOException {
            if (newPosition < 0 || newPosition > length) {
                throw new EOFException("seek to " + newPosition + " in " + path + " of " + length + " bytes");
            }
            position = newPosition;
        }

        @Override
        public int read() throws IOException {
            if (position >= length) {
                return -1;
            }
            ByteBuffer one = ByteBuffer.allocate(1);
            readFully(one);
            return one.get(0) & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int count) throws IOException {
            if (position >= length) {
                return count == 0 ? 0 : -1;
            }
            int n = (int) Math.min(count, length - position);
            readFully(bytes, offset, n);
            return n;
        }

        @Override
        public void readFully(byte[] bytes) throws IOException {
            readFully(ByteBuffer.wrap(bytes));
        }

        @Override
        public void readFully(byte[] bytes, int offset, int count) throws IOException {
            readFully(ByteBuffer.wrap(bytes, offset, count));
        }

        @Override
        public int read(ByteBuffer buffer) throws IOException {
            if (position >= length) {
                return buffer.hasRemaining() ? -1 : 0;
            }
            int n = (int) Math.min(buffer.remaining(), length - position);
            ByteBuffer part = buffer.slice(buffer.position(), n);
            readFully(part);
            buffer.position(buffer.position() + n);
            return n;
        }

        @Override
        public void readFully(ByteBuffer buffer) throws IOException {
            int n = buffer.remaining();
            TesseraInputFile.this.readFully(position, buffer);
            position += n;
        }
    }
}
