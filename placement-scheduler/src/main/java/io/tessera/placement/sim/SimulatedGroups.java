package io.tessera.placement.sim;

import io.tessera.common.StoragePolicy;
import io.tessera.placement.GroupBlocks;
import java.util.Arrays;
import java.util.List;

/**
 * Block groups in primitive arrays, as the block map would hold them for millions of groups: per group
 * its policy, block size and data length (from which every block's length follows, as in the contiguous
 * layout), and one node per slot in one flat array. About 14 bytes per group plus 4 per slot: 10 million
 * RS-6-3 groups take some 500 MB.
 *
 * <p>Slot lengths follow {@code BlockGroup}: data block {@code j} holds {@code min(B, dataLength - j·B)}
 * bytes and does not exist past the end of the data; parity blocks and replicas are as long as data block
 * 0. A slot whose block does not exist holds {@link GroupBlocks#NO_NODE}.
 */
final class SimulatedGroups implements GroupBlocks {
    private final List<StoragePolicy> policies;
    private int count;
    private byte[] policy;
    private byte[] blockShift;
    private long[] dataLength;
    private long[] seed;
    private int[] slotStart;
    private int[] slotNode;

    SimulatedGroups(List<StoragePolicy> policies, int expectedGroups, long expectedSlots) {
        if (policies.size() > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("too many policies: " + policies.size());
        }
        this.policies = List.copyOf(policies);
        int capacity = Math.max(16, expectedGroups);
        policy = new byte[capacity];
        blockShift = new byte[capacity];
        dataLength = new long[capacity];
        seed = new long[capacity];
        slotStart = new int[capacity + 1];
        slotNode = new int[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, expectedSlots))];
    }

    /** Adds a group of {@code policies.get(policyIndex)}; its slots hold no node until placed. */
    void add(int policyIndex, int blockSizeShift, long groupDataLength, long placementSeed) {
        if (count == policy.length) {
            int capacity = count * 2;
            policy = Arrays.copyOf(policy, capacity);
            blockShift = Arrays.copyOf(blockShift, capacity);
            dataLength = Arrays.copyOf(dataLength, capacity);
            seed = Arrays.copyOf(seed, capacity);
            slotStart = Arrays.copyOf(slotStart, capacity + 1);
        }
        int width = policies.get(policyIndex).width();
        int end = Math.addExact(slotStart[count], width);
        if (end > slotNode.length) {
            slotNode = Arrays.copyOf(slotNode, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(end, end + end / 4L)));
        }
        Arrays.fill(slotNode, slotStart[count], end, NO_NODE);
        policy[count] = (byte) policyIndex;
        blockShift[count] = (byte) blockSizeShift;
        dataLength[count] = groupDataLength;
        seed[count] = placementSeed;
        count++;
        slotStart[count] = end;
    }

    @Override
    public int groups() {
        return count;
    }

    @Override
    public int slots(int group) {
        return slotStart[group + 1] - slotStart[group];
    }

    @Override
    public int node(int group, int slot) {
        return slotNode[slotStart[group] + slot];
    }

    @Override
    public long length(int group, int slot) {
        StoragePolicy groupPolicy = policy(group);
        long blockSize = blockSize(group);
        long length = dataLength[group];
        if (groupPolicy.isErasureCoded() && slot < groupPolicy.dataBlocks()) {
            return Math.max(0, Math.min(blockSize, length - slot * blockSize));
        }
        return Math.min(blockSize, length);
    }

    /** Whether the block of {@code slot} exists: every slot but the data slots past the group's data. */
    boolean exists(int group, int slot) {
        return length(group, slot) > 0;
    }

    void setNode(int group, int slot, int node) {
        slotNode[slotStart[group] + slot] = node;
    }

    StoragePolicy policy(int group) {
        return policies.get(policy[group]);
    }

    long blockSize(int group) {
        return 1L << blockShift[group];
    }

    long seed(int group) {
        return seed[group];
    }

    int totalSlots() {
        return slotStart[count];
    }
}
