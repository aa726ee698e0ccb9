package io.tessera.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BufferShardsTest {
    private static final long SEED = Long.getLong("tessera.test.seed", System.nanoTime());

    static Stream<Arguments> buffers() {
        IntFunction<ByteBuffer> direct = ByteBuffer::allocateDirect;
        IntFunction<ByteBuffer> heap = ByteBuffer::allocate;
        IntFunction<ByteBuffer> slice =
                n -> ByteBuffer.allocate(n + 13).position(13).slice();
        return Stream.of(Arguments.of("direct", direct), Arguments.of("heap", heap), Arguments.of("heap slice", slice));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("buffers")
    void shouldEncodeAndDecodeBuffersExactlyAsArrays(String kind, IntFunction<ByteBuffer> allocate) {
        Random random = new Random(SEED);
        ErasureCode code = ErasureCode.reedSolomon(6, 3);
        int length = 100_000 + random.nextInt(100);
        byte[][] expected = Shards.encoded(code, Shards.random(random, code.dataShards(), length));

        ByteBuffer[] shards = new ByteBuffer[code.totalShards()];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = allocate.apply(length);
            if (i < code.dataShards()) {
                shards[i].put(0, expected[i], 0, length);
            }
        }
        code.encode(
                Arrays.copyOfRange(shards, 0, code.dataShards()),
                Arrays.copyOfRange(shards, code.dataShards(), code.totalShards()),
                0,
                length);
        assertContents(expected, shards, kind + " encode");

        int[] erased = {1, 4};
        for (int index : erased) {
            shards[index].put(0, new byte[length], 0, length);
        }
        shards[8] = null;
        int offset = random.nextInt(length / 2);
        code.decode(shards, erased, offset, length - offset);
        for (int index : erased) {
            byte[] actual = new byte[length - offset];
            shards[index].get(offset, actual);
            assertArrayEquals(Arrays.copyOfRange(expected[index], offset, length), actual, kind + " decode " + index);
            assertEquals(0, shards[index].position());
        }
    }

    private static void assertContents(byte[][] expected, ByteBuffer[] shards, String what) {
        for (int i = 0; i < shards.length; i++) {
            byte[] actual = new byte[shards[i].limit()];
            shards[i].get(0, actual);
            assertArrayEquals(expected[i], actual, what + " shard " + i + ", seed " + SEED);
        }
    }
}
