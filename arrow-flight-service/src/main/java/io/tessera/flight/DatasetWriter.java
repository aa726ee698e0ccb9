package io.tessera.flight;

import io.tessera.client.TesseraClient;
import io.tessera.common.TesseraException;
import java.io.IOException;
import java.util.UUID;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * {@code DoPut}: an Arrow stream becomes one Parquet file (Snappy pages), with row groups the size of
 * the file's blocks and aligned to them. A descriptor path ending in {@code .parquet} names the file;
 * any other path is a dataset directory, which gets a new {@code part-<uuid>.parquet}. A stream that
 * fails leaves no file behind.
 */
final class DatasetWriter {
    private static final long MAX_PADDING = 8L << 20;

    private final TesseraClient client;

    DatasetWriter(TesseraClient client) {
        this.client = client;
    }

    /** Writes the stream; returns the file written. */
    String write(String path, FlightStream stream) throws IOException {
        String target = path.endsWith(".parquet")
                ? path
                : path.replaceAll("/+$", "") + "/part-" + UUID.randomUUID() + ".parquet";
        MessageType schema = ParquetSchemas.of(stream.getSchema());
        ArrowWriteSupport support = new ArrowWriteSupport(schema);
        TesseraOutputFile file = new TesseraOutputFile(client, target);
        boolean done = false;
        try {
            long blockSize = file.defaultBlockSize();
            try (ParquetWriter<Integer> writer = new Builder(file, support)
                    .withConf(new PlainParquetConfiguration())
                    .withCodecFactory(ParquetCodecs.INSTANCE)
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withRowGroupSize(blockSize)
                    .withMaxPaddingSize((int) Math.min(MAX_PADDING, blockSize / 16))
                    .build()) {
                while (stream.next()) {
                    VectorSchemaRoot root = stream.getRoot();
                    support.root(root);
                    for (int row = 0; row < root.getRowCount(); row++) {
                        writer.write(row);
                    }
                }
            }
            done = true;
            return target;
        } finally {
            if (!done) {
                file.abort();
                deleteQuietly(target);
            }
        }
    }

    private void deleteQuietly(String target) {
        try {
            client.delete(target, false);
        } catch (TesseraException e) {
            // The writer's own failure is the one to report.
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
        private final ArrowWriteSupport support;

        Builder(OutputFile file, ArrowWriteSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(org.apache.hadoop.conf.Configuration configuration) {
            return support;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(ParquetConfiguration configuration) {
            return support;
        }
    }
}
