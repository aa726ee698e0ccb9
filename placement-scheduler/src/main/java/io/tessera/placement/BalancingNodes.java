package io.tessera.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * The nodes of one rebalancing, in primitive arrays indexed by position in node id order: where each
 * stands, its usage as moves are planned, its band and what it should still give or take.
 *
 * <p>A node's target is its share of all bytes by capacity (the mean when capacities are equal) and its
 * band is the target ±tolerance. {@link #computeLevels} chooses how much each node gives or takes by
 * water-filling: the bytes to move, {@code M}, are the larger of what the nodes below their band lack
 * and what the nodes above it hold too much, the least needed to bring every node into its band; the
 * fullest nodes, by utilization, give {@code M} down to a common level and the emptiest take it up to
 * another.
 */
final class BalancingNodes {
    private static final int LEVEL_ITERATIONS = 100;
    private static final int MAX_NODE_ID = 1 << 24;

    final int count;
    final int rackCount;
    final int zoneCount;
    final int[] nodeId;
    final int[] rack;
    final int[] zone;
    private final long[] capacity;
    private final int[] indexOfNodeId;
    private final double tolerance;

    final long[] usageBefore;
    final long[] usage;
    final double[] lower;
    final double[] upper;
    final double[] give;
    final double[] take;

    BalancingNodes(Collection<RebalancePlanner.Node> nodes, double tolerance) {
        List<RebalancePlanner.Node> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparingInt(RebalancePlanner.Node::nodeId));
        this.count = sorted.size();
        this.tolerance = tolerance;
        nodeId = new int[count];
        rack = new int[count];
        zone = new int[count];
        capacity = new long[count];
        TreeMap<Rack, Integer> racks = new TreeMap<>();
        TreeMap<String, Integer> zones = new TreeMap<>();
        sorted.forEach(node -> {
            racks.put(node.rack(), 0);
            zones.put(node.rack().zone(), 0);
        });
        number(racks);
        number(zones);
        rackCount = racks.size();
        zoneCount = zones.size();
        int maxNodeId = count == 0 ? 0 : sorted.get(count - 1).nodeId();
        if (maxNodeId >= MAX_NODE_ID) {
            throw new IllegalArgumentException("node ids must be below " + MAX_NODE_ID + ": " + maxNodeId);
        }
        indexOfNodeId = new int[maxNodeId + 1];
        Arrays.fill(indexOfNodeId, -1);
        for (int i = 0; i < count; i++) {
            RebalancePlanner.Node node = sorted.get(i);
            if (indexOfNodeId[node.nodeId()] >= 0) {
                throw new IllegalArgumentException("node " + node.nodeId() + " is listed twice");
            }
            indexOfNodeId[node.nodeId()] = i;
            nodeId[i] = node.nodeId();
            rack[i] = racks.get(node.rack());
            zone[i] = zones.get(node.rack().zone());
            capacity[i] = node.capacityBytes();
        }
        usageBefore = new long[count];
        usage = new long[count];
        lower = new double[count];
        upper = new double[count];
        give = new double[count];
        take = new double[count];
    }

    private static <K> void number(TreeMap<K, Integer> sorted) {
        int next = 0;
        for (var entry : sorted.entrySet()) {
            entry.setValue(next++);
        }
    }

    /** The index of {@code node}, or -1 when it is not one of the nodes (or is {@link GroupBlocks#NO_NODE}). */
    int indexOf(int node) {
        return node >= 0 && node < indexOfNodeId.length ? indexOfNodeId[node] : -1;
    }

    /** Adds up the bytes every node holds. */
    void countUsage(GroupBlocks blocks) {
        for (int group = 0; group < blocks.groups(); group++) {
            int slots = blocks.slots(group);
            for (int slot = 0; slot < slots; slot++) {
                int index = indexOf(blocks.node(group, slot));
                if (index >= 0) {
                    usage[index] += blocks.length(group, slot);
                }
            }
        }
        System.arraycopy(usage, 0, usageBefore, 0, count);
    }

    /**
     * Sets every node's band from the current usage, and what each gives or takes; returns the bytes to
     * move, {@code M}: zero when every node is in its band.
     */
    double computeLevels() {
        double total = 0;
        double capacityTotal = 0;
        for (int i = 0; i < count; i++) {
            total += usage[i];
            capacityTotal += capacity[i];
        }
        double lacking = 0;
        double surplus = 0;
        for (int i = 0; i < count; i++) {
            double target = total * capacity[i] / capacityTotal;
            lower[i] = (1 - tolerance) * target;
            upper[i] = (1 + tolerance) * target;
            lacking += Math.max(0, lower[i] - usage[i]);
            surplus += Math.max(0, usage[i] - upper[i]);
        }
        double toMove = Math.max(lacking, surplus);
        Arrays.fill(give, 0);
        Arrays.fill(take, 0);
        if (toMove == 0) {
            return 0;
        }
        double giveLevel = levelAbove(toMove);
        double takeLevel = levelBelow(toMove);
        for (int i = 0; i < count; i++) {
            give[i] = Math.max(0, usage[i] - giveLevel * capacity[i]);
            take[i] = Math.max(0, takeLevel * capacity[i] - usage[i]);
        }
        return toMove;
    }

    /** The utilization above which the nodes hold {@code bytes} in all. */
    private double levelAbove(double bytes) {
        double low = 0;
        double high = maxUtilization();
        for (int i = 0; i < LEVEL_ITERATIONS; i++) {
            double middle = (low + high) / 2;
            double above = 0;
            for (int node = 0; node < count; node++) {
                above += Math.max(0, usage[node] - middle * capacity[node]);
            }
            if (above > bytes) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return high;
    }

    /** The utilization below which the nodes lack {@code bytes} in all. */
    private double levelBelow(double bytes) {
        double low = 0;
        double high = maxUtilization();
        for (int i = 0; i < LEVEL_ITERATIONS; i++) {
            double middle = (low + high) / 2;
            double below = 0;
            for (int node = 0; node < count; node++) {
                below += Math.max(0, middle * capacity[node] - usage[node]);
            }
            if (below < bytes) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private double maxUtilization() {
        double max = 0;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, (double) usage[i] / capacity[i]);
        }
        return max;
    }

    boolean inBand(int index) {
        return usage[index] >= lower[index] && usage[index] <= upper[index];
    }

    /** Moves {@code bytes} of usage from node {@code from} to node {@code to}. */
    void move(int from, int to, long bytes) {
        usage[from] -= bytes;
        usage[to] += bytes;
        give[from] -= bytes;
        take[to] -= bytes;
    }
}
