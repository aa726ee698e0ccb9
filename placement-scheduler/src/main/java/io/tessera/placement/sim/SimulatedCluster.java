package io.tessera.placement.sim;

import io.tessera.placement.Candidate;
import io.tessera.placement.Rack;
import io.tessera.placement.RebalancePlanner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The nodes of a simulated cluster: node {@code i} has id {@code i}, stands in a rack, and has a capacity
 * and the bytes of the blocks placed on it. Racks hold equally many nodes and are dealt to zones in turn
 * (rack {@code r} in zone {@code r mod zones}), so every zone has as many racks, and racks added later
 * spread over the zones too.
 */
final class SimulatedCluster {
    private final int nodesPerRack;
    private final int zones;
    private final long capacity;
    private final List<Rack> racks = new ArrayList<>();
    private int[] rackOf = new int[0];
    private long[] used = new long[0];

    SimulatedCluster(int zones, int nodesPerRack, long capacity) {
        if (zones < 1 || nodesPerRack < 1 || capacity < 1) {
            throw new IllegalArgumentException("zones, nodes per rack and capacity must be positive: " + zones + ", "
                    + nodesPerRack + ", " + capacity);
        }
        this.zones = zones;
        this.nodesPerRack = nodesPerRack;
        this.capacity = capacity;
    }

    /** Adds {@code count} racks of empty nodes. */
    void addRacks(int count) {
        int first = racks.size();
        int nodes = size();
        rackOf = Arrays.copyOf(rackOf, nodes + count * nodesPerRack);
        used = Arrays.copyOf(used, rackOf.length);
        for (int rack = first; rack < first + count; rack++) {
            racks.add(new Rack("z" + rack % zones, "r" + rack));
            Arrays.fill(rackOf, nodes + (rack - first) * nodesPerRack, nodes + (rack - first + 1) * nodesPerRack, rack);
        }
    }

    int size() {
        return rackOf.length;
    }

    int rackCount() {
        return racks.size();
    }

    int zoneCount() {
        return Math.min(zones, racks.size());
    }

    int rackOf(int node) {
        return rackOf[node];
    }

    int zoneOf(int node) {
        return rackOf[node] % zones;
    }

    void addUsed(int node, long bytes) {
        used[node] += bytes;
    }

    long used(int node) {
        return used[node];
    }

    long capacity() {
        return capacity;
    }

    /** Every node as placement sees it, with its current use: what a heartbeat would have reported. */
    List<Candidate> candidates() {
        List<Candidate> candidates = new ArrayList<>(size());
        for (int node = 0; node < size(); node++) {
            candidates.add(new Candidate(node, racks.get(rackOf[node]), capacity, used[node]));
        }
        return candidates;
    }

    List<RebalancePlanner.Node> balancerNodes() {
        List<RebalancePlanner.Node> nodes = new ArrayList<>(size());
        for (int node = 0; node < size(); node++) {
            nodes.add(new RebalancePlanner.Node(node, racks.get(rackOf[node]), capacity));
        }
        return nodes;
    }

    /** Spread of use over the nodes: the standard deviation over the mean, and the extremes. */
    UsageSpread spread() {
        double sum = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (long bytes : used) {
            sum += bytes;
            min = Math.min(min, bytes);
            max = Math.max(max, bytes);
        }
        double mean = sum / used.length;
        double squares = 0;
        for (long bytes : used) {
            squares += (bytes - mean) * (bytes - mean);
        }
        return new UsageSpread(mean, Math.sqrt(squares / used.length) / mean, min / mean, max / mean);
    }

    /**
     * @param coefficientOfVariation standard deviation of the nodes' bytes over their mean
     * @param minOverMean the emptiest node against the mean
     * @param maxOverMean the fullest node against the mean
     */
    record UsageSpread(double meanBytes, double coefficientOfVariation, double minOverMean, double maxOverMean) {}
}
