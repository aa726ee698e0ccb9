package io.tessera.erasure;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A systematic erasure code over GF(2^8): {@code k} data shards and {@code m} parity shards, any
 * {@code k} of which rebuild all the others. Immutable and thread-safe.
 *
 * <p><b>The parity is an on-disk format.</b> Parity shard {@code i} (0-based) is
 *
 * <pre>
 * parity[i] = XOR over j of C[i][j] * data[j]      in GF(2^8) with polynomial 0x11D
 * </pre>
 *
 * <ul>
 *   <li>Reed-Solomon ({@link #reedSolomon}): {@code C[i][j] = 1 / ((k + i) XOR j)}, a Cauchy matrix, so
 *       that every square submatrix of {@code [I; C]} is invertible for any {@code k + m <= 255}. This is
 *       the same matrix as Hadoop's and ISA-L's Cauchy Reed-Solomon coders.
 *   <li>XOR ({@link #xor}): {@code m = 1} and {@code C[0][j] = 1}: parity is the XOR of the data.
 * </ul>
 *
 * Changing either would make existing parity blocks unreadable; add a new code instead.
 *
 * <p>Every operation works on a byte range {@code [offset, offset + length)} of equally long shards, so
 * a degraded read rebuilds only the range it needs. {@code byte[]} shards are used directly; {@code
 * ByteBuffer} shards use absolute indexes from 0 to their limit and neither position nor limit moves.
 */
public final class ErasureCode {
    /** The largest {@code k + m}: the field has 255 non-zero elements. */
    public static final int MAX_TOTAL_SHARDS = 255;

    private final String name;
    private final int dataShards;
    private final int parityShards;
    private final GaloisMatrix generator;
    private final ShardKernel kernel;

    private ErasureCode(String name, int dataShards, int parityShards, GaloisMatrix generator, ShardKernel kernel) {
        this.name = name;
        this.dataShards = dataShards;
        this.parityShards = parityShards;
        this.generator = generator;
        this.kernel = kernel;
    }

    /** Reed-Solomon with {@code k} data and {@code m} parity shards, {@code k + m <= 255}. */
    public static ErasureCode reedSolomon(int k, int m) {
        checkShardCounts(k, m);
        GaloisMatrix generator = withIdentityOnTop(k, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                generator.set(k + i, j, GaloisField.inverse((k + i) ^ j));
            }
        }
        return new ErasureCode("RS-" + k + "-" + m, k, m, generator, Kernels.defaultKernel());
    }

    /** Single parity: the parity shard is the XOR of the {@code k} data shards. */
    public static ErasureCode xor(int k) {
        checkShardCounts(k, 1);
        GaloisMatrix generator = withIdentityOnTop(k, 1);
        for (int j = 0; j < k; j++) {
            generator.set(k, j, 1);
        }
        return new ErasureCode("XOR-" + k + "-1", k, 1, generator, Kernels.defaultKernel());
    }

    /**
     * The same code computed by the kernel named {@code auto}, {@code vector} or {@code scalar}, the
     * values of the system property {@code tessera.erasure.kernel}: for benchmarks and diagnosis.
     */
    public ErasureCode withKernel(String choice) {
        return withKernel(Kernels.select(choice));
    }

    ErasureCode withKernel(ShardKernel other) {
        return new ErasureCode(name, dataShards, parityShards, generator, other);
    }

    private static void checkShardCounts(int k, int m) {
        if (k < 1 || m < 1) {
            throw new IllegalArgumentException("need at least one data and one parity shard, got k=" + k + ", m=" + m);
        }
        if (k + m > MAX_TOTAL_SHARDS) {
            throw new IllegalArgumentException(
                    "k + m must be at most " + MAX_TOTAL_SHARDS + ", got k=" + k + ", m=" + m);
        }
    }

    private static GaloisMatrix withIdentityOnTop(int k, int m) {
        GaloisMatrix generator = new GaloisMatrix(k + m, k);
        for (int i = 0; i < k; i++) {
            generator.set(i, i, 1);
        }
        return generator;
    }

    /** {@code RS-6-3}, {@code XOR-2-1}: the name storage policies use. */
    public String name() {
        return name;
    }

    public int dataShards() {
        return dataShards;
    }

    public int parityShards() {
        return parityShards;
    }

    public int totalShards() {
        return dataShards + parityShards;
    }

    /** The kernel doing the arithmetic in this JVM, e.g. {@code vector-512} or {@code scalar}. */
    public String kernelName() {
        return kernel.name();
    }

    /** Computes whole parity shards from whole data shards. */
    public void encode(byte[][] data, byte[][] parity) {
        encode(data, parity, 0, ShardChecks.commonLength(data, dataShards, "data"));
    }

    /** Computes {@code [offset, offset + length)} of every parity shard from the same range of the data. */
    public void encode(byte[][] data, byte[][] parity, int offset, int length) {
        int shardLength = ShardChecks.commonLength(data, dataShards, "data");
        ShardChecks.sameLength(parity, parityShards, "parity", shardLength);
        ShardChecks.range(offset, length, shardLength);
        kernel.multiply(parityRows(), data, offset, parity, offset, length, false);
    }

    /** {@link #encode(byte[][], byte[][], int, int)} on heap or direct buffers. */
    public void encode(ByteBuffer[] data, ByteBuffer[] parity, int offset, int length) {
        int shardLength = ShardChecks.commonLength(data, dataShards, "data");
        ShardChecks.sameLength(parity, parityShards, "parity", shardLength);
        ShardChecks.range(offset, length, shardLength);
        BufferShards.multiply(kernel, parityRows(), data, parity, offset, length);
    }

    /** Rebuilds the erased shards completely. */
    public void decode(byte[][] shards, int[] erased) {
        decode(shards, erased, 0, ShardChecks.commonLength(shards, totalShards(), "shards", true));
    }

    /**
     * Rebuilds {@code [offset, offset + length)} of the erased shards from the same range of {@code k}
     * others.
     *
     * @param shards all {@code k + m} shards in order, data first: an erased shard is the buffer to write,
     *     a {@code null} is a shard that is neither available nor wanted
     * @param erased the indexes to rebuild, at most {@code m}, each with a buffer in {@code shards}
     */
    public void decode(byte[][] shards, int[] erased, int offset, int length) {
        int shardLength = ShardChecks.commonLength(shards, totalShards(), "shards", true);
        ShardChecks.range(offset, length, shardLength);
        int[] survivors = survivors(shards, erased);
        kernel.multiply(
                decodingRows(survivors, erased),
                select(shards, survivors, new byte[survivors.length][]),
                offset,
                select(shards, erased, new byte[erased.length][]),
                offset,
                length,
                false);
    }

    /** {@link #decode(byte[][], int[], int, int)} on heap or direct buffers. */
    public void decode(ByteBuffer[] shards, int[] erased, int offset, int length) {
        int shardLength = ShardChecks.commonLength(shards, totalShards(), "shards", true);
        ShardChecks.range(offset, length, shardLength);
        int[] survivors = survivors(shards, erased);
        BufferShards.multiply(
                kernel,
                decodingRows(survivors, erased),
                select(shards, survivors, new ByteBuffer[survivors.length]),
                select(shards, erased, new ByteBuffer[erased.length]),
                offset,
                length);
    }

    /**
     * A streaming parity accumulator for data shards of at most {@code maxShardLength} bytes: it holds
     * {@code m * maxShardLength} bytes.
     */
    public ParityAccumulator newParityAccumulator(int maxShardLength) {
        if (maxShardLength < 0) {
            throw new IllegalArgumentException("maxShardLength must not be negative: " + maxShardLength);
        }
        return new ParityAccumulator(this, kernel, maxShardLength);
    }

    /** The m x k parity coefficients, row-major. */
    byte[] parityRows() {
        return Arrays.copyOfRange(generator.values, dataShards * dataShards, generator.values.length);
    }

    /** The m x 1 coefficients that data shard {@code index} contributes to each parity shard. */
    byte[] parityColumn(int index) {
        byte[] column = new byte[parityShards];
        for (int i = 0; i < parityShards; i++) {
            column[i] = (byte) generator.get(dataShards + i, index);
        }
        return column;
    }

    private int[] survivors(Object[] shards, int[] erased) {
        Objects.requireNonNull(erased, "erased");
        if (erased.length == 0 || erased.length > parityShards) {
            throw new IllegalArgumentException(
                    "can rebuild 1 to " + parityShards + " shards of " + name + ", asked for " + erased.length);
        }
        boolean[] isErased = new boolean[totalShards()];
        for (int index : erased) {
            if (index < 0 || index >= totalShards()) {
                throw new IllegalArgumentException("erased index " + index + " is not a shard of " + name);
            }
            if (isErased[index]) {
                throw new IllegalArgumentException("erased index " + index + " is listed twice");
            }
            if (shards[index] == null) {
                throw new IllegalArgumentException("erased shard " + index + " has no buffer to rebuild into");
            }
            isErased[index] = true;
        }
        int[] survivors = new int[dataShards];
        int found = 0;
        for (int i = 0; i < totalShards() && found < dataShards; i++) {
            if (!isErased[i] && shards[i] != null) {
                survivors[found++] = i;
            }
        }
        if (found < dataShards) {
            throw new IllegalArgumentException(
                    name + " needs " + dataShards + " surviving shards to decode, only " + found + " given");
        }
        return survivors;
    }

    /** Rows that turn the surviving shards into the erased ones: G[erased] x G[survivors]^-1. */
    private byte[] decodingRows(int[] survivors, int[] erased) {
        GaloisMatrix fromSurvivors = generator.selectRows(survivors).inverse();
        return generator.selectRows(erased).times(fromSurvivors).values;
    }

    private static <T> T[] select(T[] shards, int[] indexes, T[] into) {
        for (int i = 0; i < indexes.length; i++) {
            into[i] = shards[indexes[i]];
        }
        return into;
    }

    @Override
    public String toString() {
        return name + " (" + kernel.name() + ")";
    }
}
