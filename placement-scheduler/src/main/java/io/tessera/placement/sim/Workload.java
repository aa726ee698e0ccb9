package io.tessera.placement.sim;

import io.tessera.common.StoragePolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Files as a data lake holds them, cut into block groups the way the client writes them.
 *
 * <p>A file's size is log-normal: 80 % are table files with a median of 512 MiB, 20 % are small ones
 * (manifests, tiny partitions) with a median of 4 MiB; both with σ = 1.5, clipped to 1 KiB – 64 GiB.
 * Its block size is 64, 128 or 256 MiB (15 %, 60 %, 25 %), its policy drawn from the mix. A file of
 * {@code S} bytes has {@code ceil(S / (k·B))} groups, all full but the last; a file at or below the
 * small-file threshold (1 MiB) of an erasure-coded policy is replicated instead, {@code REPLICATED-min(m +
 * 1, 3)}, as the client does. Each group's placement seed is the metadata service's: {@code fileId ×
 * 1,000,003 + group index}.
 */
final class Workload {
    static final long SMALL_FILE_THRESHOLD = 1L << 20;
    private static final double SMALL_FILES = 0.2;
    private static final double SIGMA = 1.5;
    private static final double TABLE_MEDIAN = 512.0 * (1 << 20);
    private static final double SMALL_MEDIAN = 4.0 * (1 << 20);
    private static final long MIN_FILE = 1L << 10;
    private static final long MAX_FILE = 64L << 30;
    private static final int[] BLOCK_SHIFTS = {26, 27, 28};
    private static final double[] BLOCK_SHARES = {0.15, 0.60, 0.25};

    private final Map<StoragePolicy, Double> mix;
    private final List<StoragePolicy> policies;

    /** {@code mix}: each policy's share of files; shares are normalized. */
    Workload(Map<StoragePolicy, Double> mix) {
        if (mix.isEmpty()) {
            throw new IllegalArgumentException("the policy mix is empty");
        }
        this.mix = new LinkedHashMap<>(mix);
        List<StoragePolicy> all = new ArrayList<>(mix.keySet());
        for (StoragePolicy policy : mix.keySet()) {
            StoragePolicy small = smallFilePolicy(policy);
            if (!all.contains(small)) {
                all.add(small);
            }
        }
        this.policies = List.copyOf(all);
    }

    /** {@code groups} groups drawn with {@code seed}; the last file may be cut short. */
    SimulatedGroups generate(int groups, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SimulatedGroups generated = new SimulatedGroups(policies, groups, (long) (groups * meanWidth() * 1.05) + 1024);
        double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        long fileId = 1;
        while (generated.groups() < groups) {
            StoragePolicy policy = drawPolicy(random, total);
            int shift = drawBlockShift(random);
            long size = drawFileSize(random);
            if (policy.isErasureCoded() && size <= SMALL_FILE_THRESHOLD) {
                policy = smallFilePolicy(policy);
            }
            long perGroup = (long) policy.dataBlocks() << shift;
            int policyIndex = policies.indexOf(policy);
            for (int group = 0; size > 0 && generated.groups() < groups; group++) {
                long dataLength = Math.min(perGroup, size);
                generated.add(policyIndex, shift, dataLength, fileId * 1_000_003L + group);
                size -= dataLength;
            }
            fileId++;
        }
        return generated;
    }

    static StoragePolicy smallFilePolicy(StoragePolicy policy) {
        if (!policy.isErasureCoded()) {
            return policy;
        }
        int replicas = Math.min(policy.redundantBlocks() + 1, 3);
        return replicas == 1
                ? StoragePolicy.REPLICATED_1
                : replicas == 2 ? StoragePolicy.REPLICATED_2 : StoragePolicy.REPLICATED_3;
    }

    private double meanWidth() {
        double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        double width = 0;
        for (var entry : mix.entrySet()) {
            width += entry.getValue() / total * entry.getKey().width();
        }
        return width;
    }

    private StoragePolicy drawPolicy(SplittableRandom random, double total) {
        double position = random.nextDouble() * total;
        StoragePolicy last = null;
        for (var entry : mix.entrySet()) {
            last = entry.getKey();
            position -= entry.getValue();
            if (position < 0) {
                break;
            }
        }
        return last;
    }

    private static int drawBlockShift(SplittableRandom random) {
        double position = random.nextDouble();
        for (int i = 0; i < BLOCK_SHIFTS.length - 1; i++) {
            position -= BLOCK_SHARES[i];
            if (position < 0) {
                return BLOCK_SHIFTS[i];
            }
        }
        return BLOCK_SHIFTS[BLOCK_SHIFTS.length - 1];
    }

    private static long drawFileSize(SplittableRandom random) {
        double median = random.nextDouble() < SMALL_FILES ? SMALL_MEDIAN : TABLE_MEDIAN;
        double size = median * Math.exp(SIGMA * random.nextGaussian());
        return Math.max(MIN_FILE, Math.min(MAX_FILE, (long) size));
    }
}
