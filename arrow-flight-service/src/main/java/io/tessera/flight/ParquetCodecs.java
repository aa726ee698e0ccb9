package io.tessera.flight;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4Factory;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.codec.CompressionCodecNotSupportedException;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet's page codecs without Hadoop: parquet-hadoop's own factory goes through Hadoop's codec
 * classes, which would pull hadoop-common into every Flight server. The codecs are the libraries
 * parquet-hadoop already depends on (snappy-java, zstd-jni) plus the JDK's gzip and the project's LZ4;
 * the formats are the ones pyarrow and Spark write by default. LZO, Brotli and Hadoop-framed LZ4 are
 * refused by name.
 */
final class ParquetCodecs implements CompressionCodecFactory {
    static final ParquetCodecs INSTANCE = new ParquetCodecs();
    private static final int ZSTD_LEVEL = 3;

    private ParquetCodecs() {}

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        checkSupported(codec);
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return BytesInput.from(ParquetCodecs.compress(codec, bytes.toByteArray()));
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {}
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        checkSupported(codec);
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                return BytesInput.from(ParquetCodecs.decompress(codec, bytes.toByteArray(), uncompressedSize));
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                    throws IOException {
                byte[] compressed = new byte[compressedSize];
                input.get(compressed);
                output.put(ParquetCodecs.decompress(codec, compressed, uncompressedSize));
            }

            @Override
            public void release() {}
        };
    }

    @Override
    public void release() {}

    private static void checkSupported(CompressionCodecName codec) {
        switch (codec) {
            case UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW -> {}
            default -> throw new CompressionCodecNotSupportedException(codec.getHadoopCompressionCodecClass());
        }
    }

    private static byte[] compress(CompressionCodecName codec, byte[] data) throws IOException {
        return switch (codec) {
            case SNAPPY -> Snappy.compress(data);
            case ZSTD -> Zstd.compress(data, ZSTD_LEVEL);
            case LZ4_RAW -> LZ4Factory.fastestInstance().fastCompressor().compress(data);
            case GZIP -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                    gzip.write(data);
                }
                yield out.toByteArray();
            }
            default -> data;
        };
    }

    private static byte[] decompress(CompressionCodecName codec, byte[] data, int size) throws IOException {
        byte[] out = new byte[size];
        int length =
                switch (codec) {
                    case SNAPPY -> Snappy.uncompress(data, 0, data.length, out, 0);
                    case ZSTD -> (int) Zstd.decompress(out, data);
                    case LZ4_RAW -> LZ4Factory.fastestInstance()
                            .safeDecompressor()
                            .decompress(data, 0, data.length, out, 0);
                    case GZIP -> readFully(new GZIPInputStream(new java.io.ByteArrayInputStream(data)), out);
                    default -> {
                        System.arraycopy(data, 0, out, 0, Math.min(size, data.length));
                        yield data.length;
                    }
                };
        if (length != size) {
            throw new IOException(codec + " page decompressed to " + length + " bytes, its header says " + size);
        }
        return out;
    }

    private static int readFully(InputStream in, byte[] out) throws IOException {
        try (in) {
            return in.readNBytes(out, 0, out.length);
        }
    }
}
