package io.tessera.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BadInputTest {
    private final ErasureCode code = ErasureCode.reedSolomon(3, 2);

    @Test
    void shouldRefuseImpossibleShardCounts() {
        refused(() -> ErasureCode.reedSolomon(250, 6), "k + m must be at most 255, got k=250, m=6");
        refused(() -> ErasureCode.reedSolomon(0, 2), "need at least one data and one parity shard, got k=0, m=2");
        refused(() -> ErasureCode.reedSolomon(4, 0), "need at least one data and one parity shard, got k=4, m=0");
        refused(() -> ErasureCode.xor(255), "k + m must be at most 255, got k=255, m=1");
        assertEquals(255, ErasureCode.reedSolomon(239, 16).totalShards());
    }

    @Test
    void shouldRefuseShardsOfDifferentLengths() {
        refused(
                () -> code.encode(new byte[][] {new byte[8], new byte[8], new byte[7]}, parity(8)),
                "shard lengths differ: data shard 2 has 7 bytes, shard 0 has 8");
        refused(
                () -> code.encode(data(8), new byte[][] {new byte[8], new byte[9]}),
                "shard lengths differ: parity shard 1 has 9 bytes, shard 0 has 8");
        refused(
                () -> code.encode(data(8), parity(9)),
                "shard lengths differ: parity shards have 9 bytes, data shards 8");
        byte[][] shards = {new byte[8], new byte[8], new byte[8], new byte[8], new byte[6]};
        refused(
                () -> code.decode(shards, new int[] {0}),
                "shard lengths differ: shards shard 4 has 6 bytes, shard 0 has 8");
    }

    @Test
    void shouldRefuseWrongShardCountsAndNulls() {
        refused(() -> code.encode(data(8), new byte[1][8]), "expected 2 parity shards, got 1");
        refused(() -> code.encode(new byte[][] {new byte[8], null, new byte[8]}, parity(8)), "data shard 1 is null");
        refused(() -> code.decode(new byte[4][8], new int[] {0}), "expected 5 shards shards, got 4");
    }

    @Test
    void shouldRefuseMoreErasuresThanParity() {
        refused(() -> code.decode(all(8), new int[] {0, 1, 2}), "can rebuild 1 to 2 shards of RS-3-2, asked for 3");
        refused(() -> code.decode(all(8), new int[0]), "can rebuild 1 to 2 shards of RS-3-2, asked for 0");
    }

    @Test
    void shouldRefuseBadErasedIndexesAndTooFewSurvivors() {
        refused(() -> code.decode(all(8), new int[] {5}), "erased index 5 is not a shard of RS-3-2");
        refused(() -> code.decode(all(8), new int[] {1, 1}), "erased index 1 is listed twice");
        byte[][] missingOutput = all(8);
        missingOutput[2] = null;
        refused(() -> code.decode(missingOutput, new int[] {2}), "erased shard 2 has no buffer to rebuild into");
        byte[][] tooFew = all(8);
        tooFew[3] = null;
        tooFew[4] = null;
        refused(() -> code.decode(tooFew, new int[] {0}), "RS-3-2 needs 3 surviving shards to decode, only 2 given");
    }

    @Test
    void shouldRefuseRangesOutsideTheShards() {
        refused(() -> code.encode(data(8), parity(8), 4, 5), "range [4, 9) is outside shards of 8 bytes");
        refused(() -> code.encode(data(8), parity(8), -1, 2), "range [-1, 1) is outside shards of 8 bytes");
        refused(() -> code.encode(data(8), parity(8), 0, -1), "range [0, -1) is outside shards of 8 bytes");
        refused(
                () -> code.encode(data(8), parity(8), Integer.MAX_VALUE, 2),
                "range [2147483647, 2147483649) is outside shards of 8 bytes");
        refused(() -> code.decode(all(8), new int[] {0}, 8, 1), "range [8, 9) is outside shards of 8 bytes");
    }

    @Test
    void shouldRefuseReadOnlyParityBuffers() {
        ByteBuffer[] data = {ByteBuffer.allocate(4), ByteBuffer.allocate(4), ByteBuffer.allocate(4)};
        ByteBuffer[] parity = {ByteBuffer.allocate(4), ByteBuffer.allocate(4).asReadOnlyBuffer()};
        refused(() -> code.encode(data, parity, 0, 4), "parity shard 1 is read-only");
    }

    @Test
    void shouldRefuseAnUnknownKernelChoice() {
        refused(() -> Kernels.select("gpu"), "tessera.erasure.kernel must be auto, vector or scalar, not 'gpu'");
    }

    private static void refused(Executable call, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    private static byte[][] data(int length) {
        return new byte[3][length];
    }

    private static byte[][] parity(int length) {
        return new byte[2][length];
    }

    private static byte[][] all(int length) {
        return new byte[5][length];
    }
}
