package io.tessera.flight;

import java.io.IOException;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.InputFile;

/** Opening Parquet files with parquet-hadoop's reader but none of Hadoop: plain configuration, own codecs. */
final class ParquetFiles {
    private ParquetFiles() {}

    static ParquetReadOptions readOptions() {
        return ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(ParquetCodecs.INSTANCE)
                .usePageChecksumVerification(true)
                .build();
    }

    static ParquetFileReader open(InputFile file) throws IOException {
        return ParquetFileReader.open(file, readOptions());
    }

    /** Opens {@code file} with a footer read before, so it is not read again. */
    static ParquetFileReader open(InputFile file, ParquetMetadata footer) throws IOException {
        return ParquetFileReader.open(file, footer, readOptions(), file.newStream());
    }
}
