package io.tessera.hadoop;

import static org.apache.hadoop.fs.statistics.StreamStatisticNames.STREAM_READ_BYTES;
import static org.apache.hadoop.fs.statistics.StreamStatisticNames.STREAM_READ_CLOSE_OPERATIONS;
import static org.apache.hadoop.fs.statistics.StreamStatisticNames.STREAM_READ_OPERATIONS;
import static org.apache.hadoop.fs.statistics.StreamStatisticNames.STREAM_READ_SEEK_OPERATIONS;
import static org.apache.hadoop.fs.statistics.StreamStatisticNames.STREAM_READ_UNBUFFERED;

import io.tessera.client.TesseraInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.apache.hadoop.fs.ByteBufferPositionedReadable;
import org.apache.hadoop.fs.ByteBufferReadable;
import org.apache.hadoop.fs.CanUnbuffer;
import org.apache.hadoop.fs.FSExceptionMessages;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.statistics.IOStatistics;
import org.apache.hadoop.fs.statistics.IOStatisticsSource;
import org.apache.hadoop.fs.statistics.impl.IOStatisticsBinding;
import org.apache.hadoop.fs.statistics.impl.IOStatisticsStore;

/**
 * A file open for reading through Hadoop: sequential reads use the client stream's read-ahead buffer,
 * positioned and {@code ByteBuffer} reads go straight to the nodes (thread-safe, not moving the stream).
 * Seeking past the end is an {@link EOFException}, as in HDFS.
 */
final class TesseraFsInputStream extends FSInputStream
        implements ByteBufferReadable,
                ByteBufferPositionedReadable,
                CanUnbuffer,
                StreamCapabilities,
                IOStatisticsSource {
    private final TesseraInputStream in;
    private final String path;
    private final FileSystem.Statistics statistics;
    private final IOStatisticsStore ioStatistics = IOStatisticsBinding.iostatisticsStore()
            .withCounters(
                    STREAM_READ_BYTES,
                    STREAM_READ_OPERATIONS,
                    STREAM_READ_SEEK_OPERATIONS,
                    STREAM_READ_UNBUFFERED,
                    STREAM_READ_CLOSE_OPERATIONS)
            .build();
    private volatile boolean closed;

    TesseraFsInputStream(TesseraInputStream in, String path, FileSystem.Statistics statistics) {
        this.in = in;
        this.path = path;
        this.statistics = statistics;
    }

    long length() {
        return in.length();
    }

    @Override
    public synchronized void seek(long position) throws IOException {
        checkOpen();
        if (position < 0) {
            throw new EOFException(FSExceptionMessages.NEGATIVE_SEEK + ": " + position + " in " + path);
        }
        if (position > in.length()) {
            throw new EOFException(
                    FSExceptionMessages.CANNOT_SEEK_PAST_EOF + ": " + position + " in " + path + " of " + in.length());
        }
        ioStatistics.incrementCounter(STREAM_READ_SEEK_OPERATIONS);
        in.seek(position);
    }

    @Override
    public synchronized long getPos() throws IOException {
        return in.getPos();
    }

    /** Every read already falls back to another holder or to decoding; there is no other source to pick. */
    @Override
    public boolean seekToNewSource(long targetPos) {
        return false;
    }

    @Override
    public synchronized int read() throws IOException {
        checkOpen();
        int b = in.read();
        counted(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
        checkOpen();
        return counted(in.read(buffer, offset, length));
    }

    @Override
    public synchronized int read(ByteBuffer buffer) throws IOException {
        checkOpen();
        if (!buffer.hasRemaining()) {
            return 0;
        }
        if (buffer.hasArray()) {
            int n = in.read(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            if (n > 0) {
                buffer.position(buffer.position() + n);
            }
            return counted(n);
        }
        long position = in.getPos();
        int n = in.read(position, buffer);
        if (n > 0) {
            in.seek(position + n);
        }
        return counted(n);
    }

    @Override
    public int read(long position, byte[] buffer, int offset, int length) throws IOException {
        validatePositionedReadArgs(position, buffer, offset, length);
        checkOpen();
        if (length == 0) {
            return 0;
        }
        return counted(in.read(position, ByteBuffer.wrap(buffer, offset, length)));
    }

    @Override
    public int read(long position, ByteBuffer buffer) throws IOException {
        checkOpen();
        if (position < 0) {
            throw new EOFException(FSExceptionMessages.NEGATIVE_SEEK + ": " + position + " in " + path);
        }
        if (!buffer.hasRemaining()) {
            return 0;
        }
        return counted(in.read(position, buffer));
    }

    @Override
    public void readFully(long position, ByteBuffer buffer) throws IOException {
        checkOpen();
        if (position < 0 || position + buffer.remaining() > in.length()) {
            throw new EOFException(FSExceptionMessages.EOF_IN_READ_FULLY + ": " + buffer.remaining() + " bytes at "
                    + position + " in " + path + " of " + in.length());
        }
        counted(in.read(position, buffer));
    }

    private int counted(int n) {
        if (n > 0) {
            ioStatistics.incrementCounter(STREAM_READ_BYTES, n);
            ioStatistics.incrementCounter(STREAM_READ_OPERATIONS);
            if (statistics != null) {
                statistics.incrementBytesRead(n);
            }
        }
        return n;
    }

    @Override
    public synchronized int available() throws IOException {
        checkOpen();
        return in.available();
    }

    @Override
    public synchronized long skip(long n) throws IOException {
        checkOpen();
        return in.skip(n);
    }

    /** Releases the read buffers; the stream stays open and reads again at the same position. */
    @Override
    public synchronized void unbuffer() {
        if (!closed) {
            ioStatistics.incrementCounter(STREAM_READ_UNBUFFERED);
            in.unbuffer();
        }
    }

    @Override
    public boolean hasCapability(String capability) {
        return switch (capability.toLowerCase(Locale.ROOT)) {
            case StreamCapabilities.READBYTEBUFFER,
                    StreamCapabilities.PREADBYTEBUFFER,
                    StreamCapabilities.UNBUFFER,
                    StreamCapabilities.IOSTATISTICS -> true;
            default -> false;
        };
    }

    @Override
    public IOStatistics getIOStatistics() {
        return ioStatistics;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            ioStatistics.incrementCounter(STREAM_READ_CLOSE_OPERATIONS);
            in.close();
        }
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException(FSExceptionMessages.STREAM_IS_CLOSED + ": " + path);
        }
    }

    @Override
    public String toString() {
        return "TesseraFsInputStream{" + path + ", " + ioStatistics + "}";
    }
}
