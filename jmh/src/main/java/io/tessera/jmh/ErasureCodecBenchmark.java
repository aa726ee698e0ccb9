package io.tessera.jmh;

import io.tessera.erasure.ErasureCode;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.io.erasurecode.ErasureCoderOptions;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawDecoder;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reed-Solomon encode and decode of one stripe: {@code k} data shards of {@code shardSize} bytes, on one
 * thread (so the figure is per core). {@code hadoop} is Hadoop's pure-Java {@code RSRawEncoder} and
 * {@code RSRawDecoder} on the same buffers. One operation codes {@code k * shardSize} bytes of data;
 * {@code jmh/report.py} turns operations per second into GB/s of data.
 *
 * <p>{@code decodeTwoLost} rebuilds data shards 0 and 1 from the k next survivors, the costliest
 * two-shard pattern. {@code encodeDirect} encodes direct {@code ByteBuffer}s, the storage server's memory.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ErasureCodecBenchmark {
    @Param({"tessera-vector", "tessera-scalar", "hadoop"})
    String coder;

    @Param({"3/2", "6/3", "10/4"})
    String km;

    @Param({"1048576"})
    int shardSize;

    private StripeCoder stripeCoder;
    private byte[][] data;
    private byte[][] parity;
    private byte[][] survivors;
    private byte[][] rebuilt;
    private ByteBuffer[] directData;
    private ByteBuffer[] directParity;

    @Setup
    public void setUp() {
        String[] parts = km.split("/");
        int k = Integer.parseInt(parts[0]);
        int m = Integer.parseInt(parts[1]);
        stripeCoder = coder.equals("hadoop") ? new HadoopCoder(k, m) : new TesseraCoder(k, m, coder);
        Random random = new Random(42);
        data = new byte[k][shardSize];
        for (byte[] shard : data) {
            random.nextBytes(shard);
        }
        parity = new byte[m][shardSize];
        stripeCoder.encode(data, parity);
        survivors = new byte[k + m][];
        for (int i = 2; i < k + 2; i++) {
            survivors[i] = i < k ? data[i] : parity[i - k];
        }
        rebuilt = new byte[2][shardSize];
        directData = direct(data);
        directParity = direct(parity);
    }

    @Benchmark
    public byte[][] encode() {
        stripeCoder.encode(data, parity);
        return parity;
    }

    @Benchmark
    public byte[][] decodeTwoLost() {
        stripeCoder.decodeFirstTwo(survivors, rebuilt);
        return rebuilt;
    }

    @Benchmark
    public ByteBuffer[] encodeDirect() {
        stripeCoder.encode(directData, directParity);
        return directParity;
    }

    private static ByteBuffer[] direct(byte[][] shards) {
        ByteBuffer[] buffers = new ByteBuffer[shards.length];
        for (int i = 0; i < shards.length; i++) {
            buffers[i] =
                    ByteBuffer.allocateDirect(shards[i].length).put(shards[i]).flip();
        }
        return buffers;
    }

    /** The operations measured, for each coder under comparison. */
    interface StripeCoder {
        void encode(byte[][] data, byte[][] parity);

        void encode(ByteBuffer[] data, ByteBuffer[] parity);

        /** Rebuilds shards 0 and 1 from the survivors (k + m entries, null where absent). */
        void decodeFirstTwo(byte[][] survivors, byte[][] rebuilt);
    }

    static final class TesseraCoder implements StripeCoder {
        private final ErasureCode code;
        private final int[] erased = {0, 1};
        private final byte[][] shards;

        TesseraCoder(int k, int m, String name) {
            code = ErasureCode.reedSolomon(k, m).withKernel(name.substring("tessera-".length()));
            shards = new byte[k + m][];
        }

        @Override
        public void encode(byte[][] data, byte[][] parity) {
            code.encode(data, parity);
        }

        @Override
        public void encode(ByteBuffer[] data, ByteBuffer[] parity) {
            code.encode(data, parity, 0, data[0].limit());
        }

        @Override
        public void decodeFirstTwo(byte[][] survivors, byte[][] rebuilt) {
            System.arraycopy(survivors, 0, shards, 0, shards.length);
            shards[0] = rebuilt[0];
            shards[1] = rebuilt[1];
            code.decode(shards, erased);
        }
    }

    static final class HadoopCoder implements StripeCoder {
        private final RSRawEncoder encoder;
        private final RSRawDecoder decoder;
        private final int[] erased = {0, 1};

        HadoopCoder(int k, int m) {
            ErasureCoderOptions options = new ErasureCoderOptions(k, m);
            encoder = new RSRawEncoder(options);
            decoder = new RSRawDecoder(options);
        }

        @Override
        public void encode(byte[][] data, byte[][] parity) {
            try {
                encoder.encode(data, parity);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void encode(ByteBuffer[] data, ByteBuffer[] parity) {
            try {
                encoder.encode(data, parity);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            for (ByteBuffer buffer : data) {
                buffer.flip();
            }
            for (ByteBuffer buffer : parity) {
                buffer.clear();
            }
        }

        @Override
        public void decodeFirstTwo(byte[][] survivors, byte[][] rebuilt) {
            try {
                decoder.decode(survivors, erased, rebuilt);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
