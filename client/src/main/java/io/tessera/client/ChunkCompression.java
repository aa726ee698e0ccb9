package io.tessera.client;

import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * LZ4 for the chunks of one block stream (one upload or one range read), deciding as the stream goes
 * whether compressing pays. The wire form is one raw LZ4 block per chunk, with the uncompressed length
 * carried beside it ({@code Compression.LZ4} and {@code rawLength} in {@code WriteChunk} and
 * {@code ReadData}).
 *
 * <p>The decision: a chunk that is looked at is compressed for real, and it is sent compressed only if
 * it shrinks to at most {@value #WORTHWHILE_PERCENT} % of its size, so a compressible stream pays for no
 * separate sample. While chunks keep paying, every chunk is compressed. When one does not (Parquet pages,
 * already-compressed or random bytes), the next {@value #FIRST_SKIP_RUN} chunks go raw without being
 * looked at, then one chunk is sampled again; each further failed sample doubles the run, up to
 * {@value #LONGEST_SKIP_RUN} chunks, and a sample that pays returns the stream to compressing every
 * chunk. An incompressible 128 MiB block of 64 KiB chunks is thus compressed about 11 times out of
 * 2,048, and a stream whose content turns compressible is noticed within 16 MiB.
 *
 * <p>Compression runs the fastest LZ4 the library has (JNI where it loads, on direct memory without a
 * copy): it only reads this process's own bytes, and its output is bounded by the length it is given.
 * Decompression runs the pure-Java safe decoder, because its input comes off the network: every access
 * is bounds-checked by the JVM, so a hostile or damaged chunk fails as {@link
 * ErrorCode#MALFORMED_REQUEST} and cannot crash a storage server. The JNI decoder
 * ({@code LZ4_decompress_safe}) checks bounds too and decodes text 5-9 times faster, but a memory-safety
 * bug in C on crafted input (lz4 has had them, CVE-2021-3520) would take down the whole server, not
 * fail one request. The Java decoder keeps up with the sender's compressor (both about 0.5 GB/s per
 * core on CSV text here, see {@code ChunkCompressionBenchmark}); it copies byte by byte on direct
 * buffers, so they are staged through two arrays this object keeps, which doubles its speed on chunks
 * with long literal runs.
 *
 * <pre>{@code
 * int compressedLength = compression.compress(chunk, offset, length, scratch, 0);
 * if (compressedLength == ChunkCompression.SEND_RAW) send(chunk, offset, length, Compression.NONE, length);
 * else send(scratch, 0, compressedLength, Compression.LZ4, length);
 * }</pre>
 *
 * <p>One instance per stream, used by one thread, on each side. Buffers must wrap a {@code byte[]} or a
 * {@code ByteBuffer}, as Aeron's term buffers and Agrona's buffers do.
 */
public final class ChunkCompression {
    /** What {@link #compress} returns when the chunk is to be sent as it is. */
    public static final int SEND_RAW = -1;

    /**
     * A chunk is sent compressed only if LZ4 takes it to at most 90 % of its size: a smaller saving
     * does not repay the compression on the sender and the decompression on the receiver, both on the
     * same two cores that drive the transport, and mostly random data (Parquet pages) shrinks by a few
     * percent at best.
     */
    static final int WORTHWHILE_PERCENT = 90;

    /**
     * Chunks shorter than this are always sent raw and leave the decision alone: LZ4 cannot save 10 %
     * on a few bytes, and a short write (a header, the tail of a block) says little about the stream.
     */
    static final int MIN_SAMPLE_LENGTH = 1024;

    /** Raw chunks sent without a look after the first sample that does not pay: 1 MiB of 64 KiB chunks. */
    static final int FIRST_SKIP_RUN = 16;

    /** The longest run of unexamined raw chunks, 16 MiB of 64 KiB chunks: how late a change is noticed. */
    static final int LONGEST_SKIP_RUN = 256;

    /**
     * The most bytes a compressed chunk may announce. Chunks are at most 64 KiB; the margin leaves room
     * for larger ones while bounding what a hostile length can make a receiver allocate.
     */
    public static final int MAX_RAW_LENGTH = 1024 * 1024;

    /** Staging arrays start at one 64 KiB chunk, so a stream allocates them once. */
    private static final int MIN_STAGING_LENGTH = 64 * 1024;

    private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR =
            LZ4Factory.safeInstance().safeDecompressor();

    private int skipRemaining;
    private int nextSkipRun = FIRST_SKIP_RUN;
    private long samples;
    private long compressedChunks;
    private byte[] stagedInput;
    private byte[] stagedOutput;

    /** The bytes {@link #compress} may write for a chunk of {@code rawLength}: 90 % of it, rounded down. */
    public static int compressedLengthLimit(int rawLength) {
        return (int) ((long) rawLength * WORTHWHILE_PERCENT / 100);
    }

    /**
     * Whether the next chunk of {@code length} bytes goes raw without a look, and if so counts it as sent:
     * a sender can then send it without staging it for {@link #compress}. When false, pass the chunk to
     * {@link #compress}.
     */
    public boolean skipsLook(int length) {
        if (length < MIN_SAMPLE_LENGTH) {
            return true;
        }
        if (skipRemaining > 0) {
            skipRemaining--;
            return true;
        }
        return false;
    }

    /**
     * Compresses {@code length} bytes of {@code source} at {@code sourceOffset} into {@code destination}
     * at {@code destinationOffset}, if this stream's decision says it pays.
     *
     * @param destination room for {@link #compressedLengthLimit(int)} bytes at {@code destinationOffset}
     * @return the compressed length, to send with {@code rawLength = length}; or {@link #SEND_RAW}, and
     *     then the destination holds nothing meaningful
     */
    public int compress(
            DirectBuffer source, int sourceOffset, int length, MutableDirectBuffer destination, int destinationOffset) {
        source.boundsCheck(sourceOffset, length);
        if (length < MIN_SAMPLE_LENGTH) {
            return SEND_RAW;
        }
        if (skipRemaining > 0) {
            skipRemaining--;
            return SEND_RAW;
        }
        int limit = compressedLengthLimit(length);
        destination.boundsCheck(destinationOffset, limit);
        samples++;
        int compressedLength = lz4Compress(source, sourceOffset, length, destination, destinationOffset, limit);
        if (compressedLength == SEND_RAW) {
            skipRemaining = nextSkipRun;
            nextSkipRun = Math.min(nextSkipRun * 2, LONGEST_SKIP_RUN);
            return SEND_RAW;
        }
        nextSkipRun = FIRST_SKIP_RUN;
        compressedChunks++;
        return compressedLength;
    }

    /**
     * Decompresses one chunk received as {@code Compression.LZ4}: {@code compressedLength} bytes of
     * {@code source} at {@code sourceOffset} must decode to exactly {@code rawLength} bytes, written to
     * {@code destination} at {@code destinationOffset}.
     *
     * <p>Input that does not decode, decodes to another length or announces more than {@value
     * #MAX_RAW_LENGTH} bytes is {@link ErrorCode#MALFORMED_REQUEST}: the message is bad, not the stored
     * block, so it must not be reported as {@code CORRUPT_BLOCK} (which sends readers to redundancy and
     * the block to repair). Bytes may have been written to the destination range before the error was
     * found; they are to be discarded. LZ4 carries no checksum: damaged literals decode to wrong bytes of
     * the right length, which the data plane's CRC32C catches.
     *
     * @throws IndexOutOfBoundsException if either range does not fit its buffer (the caller's error)
     */
    public void decompress(
            DirectBuffer source,
            int sourceOffset,
            int compressedLength,
            MutableDirectBuffer destination,
            int destinationOffset,
            int rawLength) {
        if (compressedLength < 0 || rawLength < 0 || rawLength > MAX_RAW_LENGTH) {
            throw malformed("an LZ4 chunk of " + compressedLength + " bytes announces " + rawLength + " raw bytes");
        }
        source.boundsCheck(sourceOffset, compressedLength);
        destination.boundsCheck(destinationOffset, rawLength);
        byte[] input = source.byteArray();
        int inputOffset = sourceOffset + source.wrapAdjustment();
        if (input == null) {
            input = stagedInput = ensureLength(stagedInput, compressedLength);
            source.getBytes(sourceOffset, input, 0, compressedLength);
            inputOffset = 0;
        }
        byte[] output = destination.byteArray();
        int outputOffset = destinationOffset + destination.wrapAdjustment();
        if (output == null) {
            output = stagedOutput = ensureLength(stagedOutput, rawLength);
            outputOffset = 0;
        }
        int decodedLength;
        try {
            decodedLength =
                    DECOMPRESSOR.decompress(input, inputOffset, compressedLength, output, outputOffset, rawLength);
        } catch (LZ4Exception | IndexOutOfBoundsException e) {
            throw new TesseraException(
                    ErrorCode.MALFORMED_REQUEST,
                    "an LZ4 chunk of " + compressedLength + " bytes does not decode to " + rawLength + " bytes",
                    e);
        }
        if (decodedLength != rawLength) {
            throw malformed("an LZ4 chunk decodes to " + decodedLength + " bytes, not the " + rawLength + " announced");
        }
        if (destination.byteArray() == null) {
            destination.putBytes(destinationOffset, output, 0, rawLength);
        }
    }

    /** Chunks compressed so far, whether they were then sent compressed or not. */
    long samples() {
        return samples;
    }

    /** Chunks for which {@link #compress} returned a compressed length. */
    long compressedChunks() {
        return compressedChunks;
    }

    private static int lz4Compress(
            DirectBuffer source,
            int sourceOffset,
            int length,
            MutableDirectBuffer destination,
            int destinationOffset,
            int limit) {
        int from = sourceOffset + source.wrapAdjustment();
        int to = destinationOffset + destination.wrapAdjustment();
        try {
            if (source.byteArray() != null && destination.byteArray() != null) {
                return COMPRESSOR.compress(source.byteArray(), from, length, destination.byteArray(), to, limit);
            }
            return COMPRESSOR.compress(byteBuffer(source), from, length, byteBuffer(destination), to, limit);
        } catch (LZ4Exception doesNotFit) {
            return SEND_RAW;
        }
    }

    /** The memory behind an Agrona buffer as a ByteBuffer, indexed like the buffer plus its wrap adjustment. */
    private static ByteBuffer byteBuffer(DirectBuffer buffer) {
        if (buffer.byteArray() != null) {
            return ByteBuffer.wrap(buffer.byteArray());
        }
        if (buffer.byteBuffer() != null) {
            return buffer.byteBuffer();
        }
        throw new IllegalArgumentException("the buffer wraps a raw address, not a byte[] or a ByteBuffer");
    }

    private static byte[] ensureLength(byte[] array, int length) {
        return array != null && array.length >= length ? array : new byte[Math.max(length, MIN_STAGING_LENGTH)];
    }

    private static TesseraException malformed(String message) {
        return new TesseraException(ErrorCode.MALFORMED_REQUEST, message);
    }
}
