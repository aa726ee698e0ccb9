package io.tessera.jmh;

import io.tessera.client.ChunkCompression;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.agrona.concurrent.UnsafeBuffer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * LZ4 on 64 KiB data-plane chunks in direct memory, one thread. One operation handles one chunk, so
 * MB/s = ops/s × 65,536 / 10^6. The chunks cycle through 4 MiB of distinct data, as a stream's do.
 *
 * <ul>
 *   <li>{@code streamCompress}: {@link ChunkCompression#compress} on one long-lived stream, what the
 *       data plane pays per chunk, sampling and skipping included.
 *   <li>{@code lz4Compress}: the same LZ4 compressor on every chunk, what one sample costs.
 *   <li>{@code decompress}: {@link ChunkCompression#decompress}, the pure-Java safe decoder on arrays,
 *       direct memory staged in and out.
 *   <li>{@code decompressJavaDirect}: the same decoder straight on the direct buffers, what staging avoids.
 *   <li>{@code decompressJni}: the JNI safe decoder on the same input, the faster alternative that
 *       {@code ChunkCompression} does not use for input off the network.
 *   <li>{@code copy}: a plain copy of the chunk, the floor every figure should be read against.
 * </ul>
 *
 * <p>Data: {@code csv}, lines of an events table; {@code mixed}, the same with every other 8 KiB
 * random; {@code parquet-like}, pages as Parquet writes them uncompressed: PLAIN doubles of a random
 * walk and dictionary indices bit-packed 10 bits wide (Parquet itself is not on this class path);
 * {@code random}, the stand-in for pages Parquet already compressed with Snappy or ZSTD. Decompression always decodes every chunk compressed, even where the stream would
 * have sent it raw. The compression ratio of each data set, and the share of chunks the stream sent
 * compressed, are printed when the trial ends (in JMH's output of the forked JVM).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChunkCompressionBenchmark {
    static final int CHUNK = 64 * 1024;
    static final int CHUNKS = 64;

    private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
    private static final LZ4SafeDecompressor JNI_DECOMPRESSOR =
            LZ4Factory.nativeInstance().safeDecompressor();
    private static final LZ4SafeDecompressor JAVA_DECOMPRESSOR =
            LZ4Factory.safeInstance().safeDecompressor();

    @Param({"csv", "mixed", "parquet-like", "random"})
    String data;

    private final ByteBuffer[] raw = new ByteBuffer[CHUNKS];
    private final ByteBuffer[] compressed = new ByteBuffer[CHUNKS];
    private final int[] compressedLengths = new int[CHUNKS];
    private final UnsafeBuffer[] rawView = new UnsafeBuffer[CHUNKS];
    private final UnsafeBuffer[] compressedView = new UnsafeBuffer[CHUNKS];
    private ByteBuffer scratch;
    private UnsafeBuffer scratchView;
    private ByteBuffer restored;
    private UnsafeBuffer restoredView;
    private ChunkCompression stream;
    private ChunkCompression receiver;
    private long streamChunks;
    private long streamCompressed;
    private int next;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        int maxCompressed = COMPRESSOR.maxCompressedLength(CHUNK);
        for (int i = 0; i < CHUNKS; i++) {
            raw[i] = ByteBuffer.allocateDirect(CHUNK).put(chunk(data, random)).flip();
            compressed[i] = ByteBuffer.allocateDirect(maxCompressed);
            compressedLengths[i] = COMPRESSOR.compress(raw[i], 0, CHUNK, compressed[i], 0, maxCompressed);
            rawView[i] = new UnsafeBuffer(raw[i]);
            compressedView[i] = new UnsafeBuffer(compressed[i]);
        }
        scratch = ByteBuffer.allocateDirect(maxCompressed);
        scratchView = new UnsafeBuffer(scratch);
        restored = ByteBuffer.allocateDirect(CHUNK);
        restoredView = new UnsafeBuffer(restored);
        stream = new ChunkCompression();
        receiver = new ChunkCompression();
    }

    @TearDown
    public void report() {
        long total = 0;
        for (int length : compressedLengths) {
            total += length;
        }
        String streamShare = streamChunks == 0
                ? ""
                : "; the stream sent " + streamCompressed + " of " + streamChunks + " chunks compressed";
        System.out.printf(
                "%n[chunk-compression] %s: LZ4 ratio %.3f (compressed / raw over %d chunks of 64 KiB)%s%n",
                data, total / (double) ((long) CHUNKS * CHUNK), CHUNKS, streamShare);
    }

    @Benchmark
    public int streamCompress() {
        int i = nextChunk();
        int length = stream.compress(rawView[i], 0, CHUNK, scratchView, 0);
        streamChunks++;
        if (length != ChunkCompression.SEND_RAW) {
            streamCompressed++;
        }
        return length;
    }

    @Benchmark
    public int lz4Compress() {
        int i = nextChunk();
        return COMPRESSOR.compress(raw[i], 0, CHUNK, scratch, 0, scratch.capacity());
    }

    @Benchmark
    public UnsafeBuffer decompress() {
        int i = nextChunk();
        receiver.decompress(compressedView[i], 0, compressedLengths[i], restoredView, 0, CHUNK);
        return restoredView;
    }

    @Benchmark
    public int decompressJni() {
        int i = nextChunk();
        return JNI_DECOMPRESSOR.decompress(compressed[i], 0, compressedLengths[i], restored, 0, CHUNK);
    }

    @Benchmark
    public int decompressJavaDirect() {
        int i = nextChunk();
        return JAVA_DECOMPRESSOR.decompress(compressed[i], 0, compressedLengths[i], restored, 0, CHUNK);
    }

    @Benchmark
    public UnsafeBuffer copy() {
        int i = nextChunk();
        restoredView.putBytes(0, rawView[i], 0, CHUNK);
        return restoredView;
    }

    private int nextChunk() {
        int i = next;
        next = (i + 1) % CHUNKS;
        return i;
    }

    static byte[] chunk(String data, Random random) {
        return switch (data) {
            case "csv" -> csv(random);
            case "mixed" -> mixed(random);
            case "parquet-like" -> parquetLike(random);
            case "random" -> {
                byte[] bytes = new byte[CHUNK];
                random.nextBytes(bytes);
                yield bytes;
            }
            default -> throw new IllegalArgumentException("unknown data " + data);
        };
    }

    /** Lines of an events table: timestamp, user, city, action, amount. */
    static byte[] csv(Random random) {
        String[] cities = {"Berlin", "Lisbon", "Osaka", "Lima", "Nairobi", "Toronto", "Perth", "Oslo"};
        String[] actions = {"view", "click", "purchase", "refund", "signup"};
        StringBuilder text = new StringBuilder(CHUNK + 128);
        while (text.length() < CHUNK) {
            text.append(String.format(
                    "2026-11-%02dT%02d:%02d:%02d,user-%d,%s,%s,%.2f%n",
                    1 + random.nextInt(28),
                    random.nextInt(24),
                    random.nextInt(60),
                    random.nextInt(60),
                    random.nextInt(100_000),
                    cities[random.nextInt(cities.length)],
                    actions[random.nextInt(actions.length)],
                    random.nextInt(100_000) / 100.0));
        }
        byte[] chunk = new byte[CHUNK];
        System.arraycopy(text.toString().getBytes(StandardCharsets.US_ASCII), 0, chunk, 0, CHUNK);
        return chunk;
    }

    /** CSV text with every other 8 KiB replaced by random bytes: long literal runs between matches. */
    static byte[] mixed(Random random) {
        byte[] chunk = csv(random);
        byte[] noise = new byte[8 * 1024];
        for (int start = 8 * 1024; start < CHUNK; start += 16 * 1024) {
            random.nextBytes(noise);
            System.arraycopy(noise, 0, chunk, start, noise.length);
        }
        return chunk;
    }

    /**
     * Alternating 8 KiB pages as Parquet writes them without a codec: PLAIN little-endian doubles of a
     * price's random walk, then dictionary indices into 1,024 values, skewed towards small ones,
     * bit-packed 10 bits wide. Each page starts with a short header of varints.
     */
    static byte[] parquetLike(Random random) {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        double price = 100;
        int page = 8 * 1024;
        for (int start = 0; start < CHUNK; start += page) {
            chunk.position(start);
            chunk.put((byte) 0x15).put((byte) 0x00).put((byte) 0x15).putShort((short) random.nextInt());
            boolean doubles = (start / page) % 2 == 0;
            if (doubles) {
                while (chunk.position() + Double.BYTES <= start + page) {
                    price += random.nextGaussian() * 0.05;
                    chunk.putDouble(price);
                }
            } else {
                long bits = 0;
                int bitCount = 0;
                while (chunk.position() < start + page) {
                    double skew = random.nextDouble();
                    bits |= ((long) (1024 * skew * skew * skew)) << bitCount;
                    bitCount += 10;
                    while (bitCount >= 8 && chunk.position() < start + page) {
                        chunk.put((byte) bits);
                        bits >>>= 8;
                        bitCount -= 8;
                    }
                }
            }
        }
        return chunk.array();
    }
}
