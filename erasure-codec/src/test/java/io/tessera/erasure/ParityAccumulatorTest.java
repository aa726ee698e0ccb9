package io.tessera.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParityAccumulatorTest {
    private static final long SEED = Long.getLong("tessera.test.seed", System.nanoTime());

    static Stream<Arguments> codesAndKernels() {
        return ErasureCodeTest.codesAndKernels();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codesAndKernels")
    void shouldEqualOneShotEncodingWhenShardsArriveOneAfterAnother(ErasureCode code) {
        Random random = new Random(SEED);
        int blockSize = 300_000;
        byte[][] data = Shards.random(random, code.dataShards(), blockSize);
        ParityAccumulator accumulator = code.newParityAccumulator(blockSize);
        for (int shard = 0; shard < data.length; shard++) {
            feedInRandomChunks(random, accumulator, shard, data[shard], random.nextBoolean());
        }
        assertParityEqualsOneShot(code, data, accumulator);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codesAndKernels")
    void shouldEqualOneShotEncodingOfZeroPaddedShortShards(ErasureCode code) {
        Random random = new Random(SEED);
        int blockSize = 100_000;
        ParityAccumulator accumulator = code.newParityAccumulator(blockSize);
        for (int round = 0; round < 3; round++) {
            // A short last group: fewer shards than k, the last one partial.
            int present = 1 + random.nextInt(code.dataShards());
            byte[][] data = new byte[code.dataShards()][];
            int longest = present == 1 ? random.nextInt(blockSize) : blockSize;
            for (int shard = 0; shard < data.length; shard++) {
                int length = shard < present - 1 ? blockSize : shard == present - 1 ? random.nextInt(longest + 1) : 0;
                data[shard] = new byte[length];
                random.nextBytes(data[shard]);
                feedInRandomChunks(random, accumulator, shard, data[shard], false);
            }
            assertParityEqualsOneShot(code, padded(data, accumulator.length()), accumulator);
            accumulator.reset();
            assertEquals(0, accumulator.length());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codesAndKernels")
    void shouldIgnoreTheStaleBytesOfTheLastGroupWhenLaterShardsAreLonger(ErasureCode code) {
        Random random = new Random(SEED + 1);
        int blockSize = 50_000;
        ParityAccumulator accumulator = code.newParityAccumulator(blockSize);
        byte[] full = new byte[blockSize];
        random.nextBytes(full);
        for (int shard = 0; shard < code.dataShards(); shard++) {
            accumulator.add(shard, full, 0, blockSize);
        }
        accumulator.reset();
        byte[][] data = new byte[code.dataShards()][];
        for (int shard = 0; shard < data.length; shard++) {
            data[shard] = new byte[blockSize * (shard + 1) / data.length];
            random.nextBytes(data[shard]);
            feedInRandomChunks(random, accumulator, shard, data[shard], false);
        }
        assertParityEqualsOneShot(code, padded(data, accumulator.length()), accumulator);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codesAndKernels")
    void shouldAcceptInterleavedShardsAndDirectBuffers(ErasureCode code) {
        Random random = new Random(SEED);
        int blockSize = 70_000;
        byte[][] data = Shards.random(random, code.dataShards(), blockSize);
        ParityAccumulator accumulator = code.newParityAccumulator(blockSize);
        while (!allDone(accumulator, data.length, blockSize)) {
            int shard = random.nextInt(data.length);
            int from = accumulator.received(shard);
            if (from == blockSize) {
                continue;
            }
            int n = Math.min(blockSize - from, 1 + random.nextInt(20_000));
            ByteBuffer chunk = ByteBuffer.allocateDirect(n + 10).position(5);
            chunk.put(data[shard], from, n).flip().position(5);
            accumulator.add(shard, chunk);
            assertEquals(5, chunk.position(), "add must not move the buffer's position");
        }
        assertParityEqualsOneShot(code, data, accumulator);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codesAndKernels")
    void shouldRefuseChunksPastTheShardCapacityOrOfUnknownShards(ErasureCode code) {
        ParityAccumulator accumulator = code.newParityAccumulator(100);
        accumulator.add(0, new byte[60], 0, 60);
        IllegalArgumentException full =
                assertThrows(IllegalArgumentException.class, () -> accumulator.add(0, new byte[41], 0, 41));
        assertEquals("data shard 0 would grow to 101 bytes, past this accumulator's 100", full.getMessage());
        assertThrows(IllegalArgumentException.class, () -> accumulator.add(code.dataShards(), new byte[1], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> accumulator.add(-1, new byte[1], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> accumulator.add(0, new byte[10], 5, 6));
        assertThrows(IllegalArgumentException.class, () -> accumulator.parity(code.parityShards()));
        assertThrows(IllegalArgumentException.class, () -> code.newParityAccumulator(-1));
        assertEquals(60, accumulator.received(0), "a refused chunk must not count");
    }

    private static boolean allDone(ParityAccumulator accumulator, int shards, int blockSize) {
        for (int s = 0; s < shards; s++) {
            if (accumulator.received(s) != blockSize) {
                return false;
            }
        }
        return true;
    }

    private static void feedInRandomChunks(
            Random random, ParityAccumulator accumulator, int shard, byte[] data, boolean viaHeapBuffer) {
        int done = 0;
        while (done < data.length) {
            int n = Math.min(data.length - done, 1 + random.nextInt(65_536));
            if (viaHeapBuffer) {
                accumulator.add(shard, ByteBuffer.wrap(data, done, n));
            } else {
                accumulator.add(shard, data, done, n);
            }
            done += n;
        }
    }

    private static void assertParityEqualsOneShot(ErasureCode code, byte[][] data, ParityAccumulator accumulator) {
        byte[][] expected = Arrays.copyOfRange(Shards.encoded(code, data), code.dataShards(), code.totalShards());
        assertEquals(expected[0].length, accumulator.length());
        for (int p = 0; p < expected.length; p++) {
            assertArrayEquals(
                    expected[p],
                    Arrays.copyOf(accumulator.parity(p), accumulator.length()),
                    ErasureCodeTest.message(code, "streamed parity " + p));
        }
    }

    /** The shards zero-padded to {@code length}, as one-shot encoding sees a short group. */
    private static byte[][] padded(byte[][] data, int length) {
        byte[][] padded = new byte[data.length][];
        for (int shard = 0; shard < data.length; shard++) {
            padded[shard] = Arrays.copyOf(data[shard], length);
        }
        return padded;
    }
}
