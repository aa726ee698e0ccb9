package io.tessera.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jpountz.lz4.LZ4Factory;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class ChunkCompressionTest {
    private static final int CHUNK = 64 * 1024;
    /** Buffers start off zero so that wrap adjustments are exercised, as in a term buffer. */
    private static final int SLACK = 100;

    private final Random random = new Random(7);

    @Test
    void shouldCompressEveryChunkOfCsvTextAndRestoreIt() {
        ChunkCompression compression = new ChunkCompression();
        for (int i = 0; i < 32; i++) {
            byte[] chunk = csv(random, CHUNK);
            int compressedLength = roundTrip(compression, chunk);
            assertNotEquals(ChunkCompression.SEND_RAW, compressedLength, "chunk " + i);
            assertTrue(compressedLength <= ChunkCompression.compressedLengthLimit(CHUNK));
        }
        assertEquals(32, compression.compressedChunks());
    }

    @Test
    void shouldSendRandomBytesRawAndRarelyLookAtThem() {
        ChunkCompression compression = new ChunkCompression();
        for (int i = 0; i < 64; i++) {
            assertEquals(ChunkCompression.SEND_RAW, roundTrip(compression, randomBytes(random, CHUNK)), "chunk " + i);
        }
        // Samples at chunk 0, then after runs of 16 and 32 raw chunks: chunks 17 and 50.
        assertEquals(3, compression.samples());
        assertEquals(0, compression.compressedChunks());
    }

    @Test
    void shouldLetASenderSkipTheChunksItWouldNotLookAt() {
        ChunkCompression compression = new ChunkCompression();
        assertTrue(compression.skipsLook(10), "tiny chunks always go raw");
        assertEquals(false, compression.skipsLook(CHUNK), "the first chunk is a sample");
        assertEquals(ChunkCompression.SEND_RAW, roundTrip(compression, randomBytes(random, CHUNK)));
        for (int i = 0; i < ChunkCompression.FIRST_SKIP_RUN; i++) {
            assertTrue(compression.skipsLook(CHUNK), "chunk " + i + " of the skip run");
        }
        assertEquals(false, compression.skipsLook(CHUNK), "the run over, the next chunk is sampled");
        assertEquals(1, compression.samples());
    }

    @Test
    void shouldFollowAStreamFromRandomToTextAndBack() {
        ChunkCompression compression = new ChunkCompression();
        List<Integer> compressed = new ArrayList<>();
        for (int i = 0; i < 140; i++) {
            boolean text = i >= 20 && i < 60;
            byte[] chunk = text ? csv(random, CHUNK) : randomBytes(random, CHUNK);
            if (roundTrip(compression, chunk) != ChunkCompression.SEND_RAW) {
                compressed.add(i);
            }
        }
        // Random chunks 0 and 17 are sampled; the run of 32 after 17 covers text chunks 20-49; the
        // sample at 50 pays, so chunks 50-59 go compressed; random again from 60: raw from then on.
        List<Integer> expected = new ArrayList<>();
        for (int i = 50; i < 60; i++) {
            expected.add(i);
        }
        assertEquals(expected, compressed);
        // Back on random bytes the runs start short again: samples at 60, 77 and 110 (then a run of 64).
        assertEquals(2 + 10 + 3, compression.samples());
    }

    @Test
    void shouldCompressChunksThatAreHalfTextHalfRandom() {
        ChunkCompression compression = new ChunkCompression();
        byte[] chunk = csv(random, CHUNK);
        byte[] noise = randomBytes(random, CHUNK / 2);
        System.arraycopy(noise, 0, chunk, CHUNK / 4, noise.length);
        assertNotEquals(ChunkCompression.SEND_RAW, roundTrip(compression, chunk));
    }

    @Test
    void shouldSendEmptyAndTinyChunksRawWithoutSampling() {
        ChunkCompression compression = new ChunkCompression();
        for (int length : new int[] {0, 1, ChunkCompression.MIN_SAMPLE_LENGTH - 1}) {
            byte[] zeros = new byte[length];
            assertEquals(ChunkCompression.SEND_RAW, roundTrip(compression, zeros), "length " + length);
        }
        assertEquals(0, compression.samples());
        assertNotEquals(
                ChunkCompression.SEND_RAW, roundTrip(compression, new byte[ChunkCompression.MIN_SAMPLE_LENGTH]));
    }

    @Test
    void shouldDecompressEmptyAndOneByteChunksThatAPeerCompressed() {
        for (byte[] raw : new byte[][] {{}, {42}}) {
            byte[] lz4 = LZ4Factory.safeInstance().fastCompressor().compress(raw);
            UnsafeBuffer restored = new UnsafeBuffer(new byte[raw.length + SLACK]);
            new ChunkCompression().decompress(new UnsafeBuffer(lz4), 0, lz4.length, restored, 3, raw.length);
            byte[] actual = new byte[raw.length];
            restored.getBytes(3, actual);
            assertArrayEquals(raw, actual);
        }
    }

    @Test
    void shouldWorkOnHeapBuffersAndOnHeapAndDirectMixed() {
        byte[] chunk = csv(random, CHUNK);
        UnsafeBuffer heapSource = new UnsafeBuffer(new byte[CHUNK + SLACK], 11, CHUNK);
        heapSource.putBytes(0, chunk);
        MutableDirectBuffer directCompressed = directBuffer(CHUNK);
        int compressedLength = new ChunkCompression().compress(heapSource, 0, CHUNK, directCompressed, 0);
        assertNotEquals(ChunkCompression.SEND_RAW, compressedLength);
        UnsafeBuffer heapRestored = new UnsafeBuffer(new byte[CHUNK + SLACK], 5, CHUNK);
        new ChunkCompression().decompress(directCompressed, 0, compressedLength, heapRestored, 0, CHUNK);
        byte[] actual = new byte[CHUNK];
        heapRestored.getBytes(0, actual);
        assertArrayEquals(chunk, actual);
    }

    @Test
    void shouldRejectTruncatedInputAndWrongRawLengthsAsMalformed() {
        byte[] chunk = csv(random, CHUNK);
        MutableDirectBuffer compressed = directBuffer(CHUNK);
        int length = new ChunkCompression().compress(new UnsafeBuffer(chunk), 0, CHUNK, compressed, 0);
        MutableDirectBuffer restored = directBuffer(CHUNK + 1);

        assertMalformed(() -> new ChunkCompression().decompress(compressed, 0, length - 1, restored, 0, CHUNK));
        assertMalformed(() -> new ChunkCompression().decompress(compressed, 0, length, restored, 0, CHUNK - 1));
        assertMalformed(() -> new ChunkCompression().decompress(compressed, 0, length, restored, 0, CHUNK + 1));
        assertMalformed(() -> new ChunkCompression().decompress(compressed, 0, 0, restored, 0, 0));
        assertMalformed(() -> new ChunkCompression().decompress(compressed, 0, -1, restored, 0, CHUNK));
        assertMalformed(() -> new ChunkCompression().decompress(compressed, 0, length, restored, 0, -1));
        MutableDirectBuffer huge = directBuffer(ChunkCompression.MAX_RAW_LENGTH + 1);
        assertMalformed(() ->
                new ChunkCompression().decompress(compressed, 0, length, huge, 0, ChunkCompression.MAX_RAW_LENGTH + 1));
    }

    @Test
    void shouldRejectAMatchThatReachesBeforeTheStartOfTheOutput() {
        // One literal 'a', then a match of 4 bytes at distance 5: only 1 byte has been written.
        byte[] hostile = {0x10, 'a', 5, 0, 0x00};
        UnsafeBuffer restored = new UnsafeBuffer(new byte[64]);
        assertMalformed(
                () -> new ChunkCompression().decompress(new UnsafeBuffer(hostile), 0, hostile.length, restored, 0, 5));
        // A literal run that claims more bytes than the input holds.
        byte[] overlong = {(byte) 0xF0, (byte) 0xFF, (byte) 0xFF, 1, 'x'};
        assertMalformed(() ->
                new ChunkCompression().decompress(new UnsafeBuffer(overlong), 0, overlong.length, restored, 0, 64));
    }

    @Test
    void shouldNeverReturnAnotherLengthOrFailOtherwiseOnDamagedInput() {
        byte[] chunk = csv(random, CHUNK);
        MutableDirectBuffer compressed = directBuffer(CHUNK);
        int length = new ChunkCompression().compress(new UnsafeBuffer(chunk), 0, CHUNK, compressed, 0);
        byte[] good = new byte[length];
        compressed.getBytes(0, good);
        MutableDirectBuffer damaged = directBuffer(length);
        MutableDirectBuffer restored = directBuffer(CHUNK);
        ChunkCompression receiver = new ChunkCompression();
        int rejected = 0;
        for (int trial = 0; trial < 2_000; trial++) {
            damaged.putBytes(0, good);
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                damaged.putByte(random.nextInt(length), (byte) random.nextInt(256));
            }
            try {
                receiver.decompress(damaged, 0, length, restored, 0, CHUNK);
            } catch (TesseraException e) {
                assertEquals(ErrorCode.MALFORMED_REQUEST, e.code());
                rejected++;
            }
        }
        receiver.decompress(compressed, 0, length, restored, 0, CHUNK);
        byte[] actual = new byte[CHUNK];
        restored.getBytes(0, actual);
        assertArrayEquals(chunk, actual, "a good chunk after damaged ones");
        // LZ4 has no checksum (the data plane's CRC32C catches damaged literals); most damage must show.
        assertTrue(rejected > 500, rejected + " of 2000 damaged chunks rejected");
    }

    @Test
    void shouldRefuseRangesOutsideTheCallersBuffers() {
        MutableDirectBuffer small = directBuffer(CHUNK / 2);
        MutableDirectBuffer chunk = directBuffer(CHUNK);
        chunk.putBytes(0, csv(random, CHUNK));
        assertThrows(IndexOutOfBoundsException.class, () -> new ChunkCompression().compress(chunk, 0, CHUNK, small, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> new ChunkCompression().compress(chunk, 1, CHUNK, chunk, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> new ChunkCompression()
                .decompress(chunk, 0, 100, small, 0, CHUNK));
    }

    /** Compresses {@code chunk} from a direct buffer and, when compressed, checks it decompresses back. */
    private static int roundTrip(ChunkCompression compression, byte[] chunk) {
        MutableDirectBuffer source = directBuffer(chunk.length);
        source.putBytes(0, chunk);
        MutableDirectBuffer compressed = directBuffer(ChunkCompression.compressedLengthLimit(chunk.length));
        int compressedLength = compression.compress(source, 0, chunk.length, compressed, 0);
        if (compressedLength != ChunkCompression.SEND_RAW) {
            MutableDirectBuffer restored = directBuffer(chunk.length);
            compression.decompress(compressed, 0, compressedLength, restored, 0, chunk.length);
            byte[] actual = new byte[chunk.length];
            restored.getBytes(0, actual);
            assertArrayEquals(chunk, actual);
        }
        return compressedLength;
    }

    /** A window of {@code length} bytes into a larger direct buffer, starting off its first byte. */
    private static MutableDirectBuffer directBuffer(int length) {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(length + 2 * SLACK), SLACK, length);
    }

    private static void assertMalformed(Runnable call) {
        TesseraException e = assertThrows(TesseraException.class, call::run);
        assertEquals(ErrorCode.MALFORMED_REQUEST, e.code(), e.getMessage());
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Lines of an events table, the kind of text analytics stores as CSV. */
    static byte[] csv(Random random, int length) {
        String[] cities = {"Berlin", "Lisbon", "Osaka", "Lima", "Nairobi", "Toronto", "Perth", "Oslo"};
        String[] actions = {"view", "click", "purchase", "refund", "signup"};
        StringBuilder text = new StringBuilder(length + 128);
        while (text.length() < length) {
            text.append("2026-11-")
                    .append(10 + random.nextInt(20))
                    .append('T')
                    .append(random.nextInt(24))
                    .append(':')
                    .append(random.nextInt(60))
                    .append(",user-")
                    .append(random.nextInt(100_000))
                    .append(',')
                    .append(cities[random.nextInt(cities.length)])
                    .append(',')
                    .append(actions[random.nextInt(actions.length)])
                    .append(',')
                    .append(random.nextInt(10_000) / 100.0)
                    .append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[length];
        System.arraycopy(bytes, 0, chunk, 0, length);
        return chunk;
    }
}
