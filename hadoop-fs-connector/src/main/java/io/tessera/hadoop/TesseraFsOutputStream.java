package io.tessera.hadoop;

import static org.apache.hadoop.fs.statistics.StreamStatisticNames.STREAM_WRITE_BYTES;
import static org.apache.hadoop.fs.statistics.StreamStatisticNames.STREAM_WRITE_EXCEPTIONS;

import io.tessera.client.TesseraOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.statistics.IOStatistics;
import org.apache.hadoop.fs.statistics.IOStatisticsSource;
import org.apache.hadoop.fs.statistics.impl.IOStatisticsBinding;
import org.apache.hadoop.fs.statistics.impl.IOStatisticsStore;

/**
 * A file being written through Hadoop. Its bytes become visible, with the file's whole length, when it is
 * closed: there is no hflush or hsync (not {@code Syncable}, and {@link #hasCapability} says so), because
 * a block group is committed only once its parity is complete.
 */
final class TesseraFsOutputStream extends OutputStream implements StreamCapabilities, IOStatisticsSource {
    private final TesseraOutputStream out;
    private final IOStatisticsStore ioStatistics = IOStatisticsBinding.iostatisticsStore()
            .withCounters(STREAM_WRITE_BYTES, STREAM_WRITE_EXCEPTIONS)
            .build();

    TesseraFsOutputStream(TesseraOutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw failed(e);
        }
        ioStatistics.incrementCounter(STREAM_WRITE_BYTES);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            throw failed(e);
        }
        ioStatistics.incrementCounter(STREAM_WRITE_BYTES, length);
    }

    @Override
    public void flush() {}

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private IOException failed(IOException e) {
        ioStatistics.incrementCounter(STREAM_WRITE_EXCEPTIONS);
        return e;
    }

    @Override
    public boolean hasCapability(String capability) {
        return capability.toLowerCase(Locale.ROOT).equals(StreamCapabilities.IOSTATISTICS);
    }

    @Override
    public IOStatistics getIOStatistics() {
        return ioStatistics;
    }

    @Override
    public String toString() {
        return "TesseraFsOutputStream{" + ioStatistics + "}";
    }
}
