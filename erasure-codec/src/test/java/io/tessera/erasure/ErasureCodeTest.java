package io.tessera.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErasureCodeTest {
    private static final long SEED = Long.getLong("tessera.test.seed", System.nanoTime());

    static Stream<Arguments> codesAndKernels() {
        List<Arguments> cases = new ArrayList<>();
        for (ShardKernel kernel : List.of(ScalarKernel.INSTANCE, Kernels.vector())) {
            for (int[] km : new int[][] {{2, 1}, {3, 2}, {6, 3}, {10, 4}}) {
                cases.add(Arguments.of(ErasureCode.reedSolomon(km[0], km[1]).withKernel(kernel)));
            }
            cases.add(Arguments.of(ErasureCode.xor(2).withKernel(kernel)));
            cases.add(Arguments.of(ErasureCode.xor(5).withKernel(kernel)));
        }
        return cases.stream();
    }

    @Test
    void shouldUseTheVectorKernelWhenTheModuleIsPresent() {
        assertTrue(ErasureCode.reedSolomon(6, 3).kernelName().startsWith("vector-"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codesAndKernels")
    void shouldRebuildEveryErasurePatternOfUpToMShards(ErasureCode code) {
        Random random = new Random(SEED);
        int vectorUnfriendly = 64 * 3 + 17;
        for (int length : new int[] {0, 1, 15, vectorUnfriendly, 1000, 1 + random.nextInt(5000)}) {
            byte[][] original = Shards.encoded(code, Shards.random(random, code.dataShards(), length));
            for (int[] erased : Shards.subsets(code.totalShards(), code.parityShards())) {
                assertRebuilds(code, original, erased, "length " + length);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codesAndKernels")
    void shouldRebuildSeveralMebibyteShards(ErasureCode code) {
        Random random = new Random(SEED);
        byte[][] original = Shards.encoded(code, Shards.random(random, code.dataShards(), 3 * 1024 * 1024 + 17));
        List<int[]> patterns = Shards.subsets(code.totalShards(), code.parityShards());
        for (int i = 0; i < 4; i++) {
            assertRebuilds(code, original, patterns.get(random.nextInt(patterns.size())), "3 MiB + 17");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codesAndKernels")
    void shouldDecodeARangeExactlyAsTheSliceOfAFullDecode(ErasureCode code) {
        Random random = new Random(SEED);
        int length = 200_000 + random.nextInt(1000);
        byte[][] original = Shards.encoded(code, Shards.random(random, code.dataShards(), length));
        for (int[] erased : Shards.subsets(code.totalShards(), code.parityShards())) {
            int offset = random.nextInt(length);
            int rangeLength = random.nextInt(length - offset + 1);
            byte[][] damaged = Shards.copy(original);
            for (int index : erased) {
                Arrays.fill(damaged[index], (byte) 0x5A);
            }
            code.decode(damaged, erased, offset, rangeLength);
            for (int index : erased) {
                assertArrayEquals(
                        Arrays.copyOfRange(original[index], offset, offset + rangeLength),
                        Arrays.copyOfRange(damaged[index], offset, offset + rangeLength),
                        message(code, "range " + offset + "+" + rangeLength + " of shard " + index));
                assertEquals(
                        0x5A,
                        damaged[index][offset == 0 ? length - 1 : offset - 1] & 0xFF,
                        "bytes outside the range must not be written");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codesAndKernels")
    void shouldEncodeARangeExactlyAsTheSliceOfAFullEncode(ErasureCode code) {
        Random random = new Random(SEED);
        int length = 10_000 + random.nextInt(1000);
        byte[][] data = Shards.random(random, code.dataShards(), length);
        byte[][] full = Arrays.copyOfRange(Shards.encoded(code, data), code.dataShards(), code.totalShards());
        byte[][] ranged = new byte[code.parityShards()][length];
        int cut = 1 + random.nextInt(length - 1);
        code.encode(data, ranged, cut, length - cut);
        code.encode(data, ranged, 0, cut);
        for (int i = 0; i < ranged.length; i++) {
            assertArrayEquals(full[i], ranged[i], message(code, "parity " + i + " cut at " + cut));
        }
    }

    @Test
    void shouldKeepTheParityFormatOfEveryPolicy() {
        // The parity bytes are on disk: a change here makes stored parity unreadable.
        int[] expected = {0x7c30be93, 0xa9bd6f0d, 0x9f75b4be, 0x307e14b2};
        int[] actual = {
            parityChecksum(ErasureCode.reedSolomon(3, 2)),
            parityChecksum(ErasureCode.reedSolomon(6, 3)),
            parityChecksum(ErasureCode.reedSolomon(10, 4)),
            parityChecksum(ErasureCode.xor(2))
        };
        assertArrayEquals(
                expected,
                actual,
                Arrays.toString(
                        Arrays.stream(actual).mapToObj(Integer::toHexString).toArray()));
    }

    @Test
    void shouldComputeXorParityAsThePlainXorOfTheData() {
        Random random = new Random(SEED);
        byte[][] data = Shards.random(random, 3, 777);
        byte[][] all = Shards.encoded(ErasureCode.xor(3), data);
        for (int i = 0; i < 777; i++) {
            assertEquals((byte) (data[0][i] ^ data[1][i] ^ data[2][i]), all[3][i]);
        }
    }

    private static int parityChecksum(ErasureCode code) {
        byte[][] data = new byte[code.dataShards()][1000];
        for (int s = 0; s < data.length; s++) {
            for (int i = 0; i < 1000; i++) {
                data[s][i] = (byte) (s * 31 + i * 7);
            }
        }
        byte[][] all = Shards.encoded(code, data);
        int[] sums = new int[code.parityShards()];
        for (int p = 0; p < sums.length; p++) {
            sums[p] = BlockChecksum.of(all[code.dataShards() + p], 0, 1000);
        }
        return Arrays.hashCode(sums);
    }

    private static void assertRebuilds(ErasureCode code, byte[][] original, int[] erased, String what) {
        byte[][] damaged = Shards.copy(original);
        for (int index : erased) {
            damaged[index] = new byte[original[index].length];
            Arrays.fill(damaged[index], (byte) 0xA5);
        }
        code.decode(damaged, erased);
        for (int index : erased) {
            assertArrayEquals(
                    original[index], damaged[index], message(code, what + ", erased " + Arrays.toString(erased)));
        }
    }

    static String message(ErasureCode code, String what) {
        return code + ", " + what + ", seed " + SEED + " (rerun with -Dtessera.test.seed=" + SEED + ")";
    }
}
