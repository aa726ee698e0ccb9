package io.tessera.flight;

import io.tessera.client.TesseraClient;
import io.tessera.client.TesseraOutputStream;
import java.io.IOException;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A new Tessera file as Parquet's {@link OutputFile}. It reports the file's block size, so Parquet's
 * writer aligns row groups to blocks (padding up to the next block when a row group would straddle one):
 * each row group then lives in one block, on one node, and a Flight endpoint reads it locally.
 */
final class TesseraOutputFile implements OutputFile {
    private final TesseraOutputStream stream;
    private final String path;
    private boolean created;

    TesseraOutputFile(TesseraClient client, String path) {
        this.path = path;
        this.stream = client.create(path, TesseraClient.CreateOptions.defaults());
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
        return createOrOverwrite(blockSizeHint);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        if (created) {
            throw new IOException(path + " was already opened for writing");
        }
        created = true;
        return new PositionOutputStream() {
            @Override
            public long getPos() {
                return stream.position();
            }

            @Override
            public void write(int b) throws IOException {
                stream.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                stream.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                stream.close();
            }
        };
    }

    /** Abandons the file when writing failed before Parquet's writer took it over. */
    void abort() throws IOException {
        if (!created) {
            stream.close();
        }
    }

    @Override
    public boolean supportsBlockSize() {
        return true;
    }

    @Override
    public long defaultBlockSize() {
        return stream.blockSize();
    }

    @Override
    public String getPath() {
        return path;
    }
}
