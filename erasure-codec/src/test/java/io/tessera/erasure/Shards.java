package io.tessera.erasure;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test data: random shards, copies, and every erasure pattern. */
final class Shards {
    private Shards() {}

    static byte[][] random(Random random, int count, int length) {
        byte[][] shards = new byte[count][length];
        for (byte[] shard : shards) {
            random.nextBytes(shard);
        }
        return shards;
    }

    static byte[][] copy(byte[][] shards) {
        byte[][] copy = new byte[shards.length][];
        for (int i = 0; i < shards.length; i++) {
            copy[i] = shards[i] == null ? null : shards[i].clone();
        }
        return copy;
    }

    /** Data followed by its parity, as one array of k + m shards. */
    static byte[][] encoded(ErasureCode code, byte[][] data) {
        int length = data.length == 0 ? 0 : data[0].length;
        byte[][] parity = new byte[code.parityShards()][length];
        code.encode(data, parity);
        byte[][] all = new byte[code.totalShards()][];
        System.arraycopy(data, 0, all, 0, data.length);
        System.arraycopy(parity, 0, all, data.length, parity.length);
        return all;
    }

    /** Every set of 1 to {@code maxSize} indexes out of {@code n}, each ascending. */
    static List<int[]> subsets(int n, int maxSize) {
        List<int[]> result = new ArrayList<>();
        for (int size = 1; size <= maxSize; size++) {
            collect(n, size, 0, new int[size], 0, result);
        }
        return result;
    }

    private static void collect(int n, int size, int from, int[] current, int filled, List<int[]> into) {
        if (filled == size) {
            into.add(current.clone());
            return;
        }
        for (int i = from; i <= n - (size - filled); i++) {
            current[filled] = i;
            collect(n, size, i + 1, current, filled + 1, into);
        }
    }
}
