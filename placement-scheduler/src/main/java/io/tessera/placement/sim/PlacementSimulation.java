package io.tessera.placement.sim;

import io.tessera.common.StoragePolicy;
import io.tessera.placement.PlacementConfig;
import io.tessera.placement.PlacementPolicy;
import io.tessera.placement.PlacementRequest;
import io.tessera.placement.RebalancePlan;
import io.tessera.placement.RebalancePlanner;
import io.tessera.placement.Topology;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A whole cluster's life in memory, without a cluster: {@link Workload} writes block groups, the
 * placement policy places every one of them as the metadata service would, the cluster grows, and the
 * {@link RebalancePlanner} plans the moves that even it out, which are then applied. Every group's failure
 * domains are checked before and after.
 *
 * <p>Placement sees node usage as heartbeats report it: the topology is prepared again from the nodes'
 * current use every {@link Config#refreshGroups()} groups, not after every group.
 */
final class PlacementSimulation {
    private final Config config;

    PlacementSimulation(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * What to simulate, validated once.
     *
     * @param nodes nodes before the cluster grows, a multiple of {@code racks}
     * @param racks racks before the cluster grows, dealt to {@code zones} in turn
     * @param groups block groups written before the cluster grows
     * @param mix each policy's share of the files written
     * @param join the cluster grows by this fraction of its racks (and nodes) before rebalancing
     * @param fill how full the cluster is once every group is written, which sets the nodes' capacity
     * @param refreshGroups groups placed between two refreshes of the nodes' usage
     * @param warmupGroups groups placed before decisions are timed
     */
    record Config(
            int nodes,
            int racks,
            int zones,
            int groups,
            Map<StoragePolicy, Double> mix,
            double join,
            double fill,
            int refreshGroups,
            int warmupGroups,
            long seed) {
        Config {
            if (racks < 1 || nodes < racks || nodes % racks != 0) {
                throw new IllegalArgumentException(
                        "nodes must be a positive multiple of racks: " + nodes + ", " + racks);
            }
            if (zones < 1 || zones > racks) {
                throw new IllegalArgumentException("zones must be 1 to the number of racks: " + zones);
            }
            if (groups < 1) {
                throw new IllegalArgumentException("groups must be positive: " + groups);
            }
            mix = Collections.unmodifiableMap(new LinkedHashMap<>(mix));
            if (!(join >= 0 && join <= 10)) {
                throw new IllegalArgumentException("join must be 0 to 10: " + join);
            }
            if (!(fill > 0 && fill < 1)) {
                throw new IllegalArgumentException("fill must be between 0 and 1: " + fill);
            }
            if (refreshGroups < 1 || warmupGroups < 0) {
                throw new IllegalArgumentException(
                        "refresh must be positive and warm-up not negative: " + refreshGroups + ", " + warmupGroups);
            }
        }
    }

    SimulationReport run() {
        long started = System.nanoTime();
        Workload workload = new Workload(config.mix());
        SimulatedGroups groups = workload.generate(config.groups(), config.seed());
        long totalBytes = totalBytes(groups);
        long capacity = (long) Math.ceil(totalBytes / (config.nodes() * config.fill()));
        SimulatedCluster cluster = new SimulatedCluster(config.zones(), config.nodes() / config.racks(), capacity);
        cluster.addRacks(config.racks());

        Timing timing = placeAll(groups, cluster);
        SpreadCheck.Violations placedViolations = new SpreadCheck(groups, cluster).check();
        SimulatedCluster.UsageSpread placedSpread = cluster.spread();

        int newRacks = (int) Math.round(config.racks() * config.join());
        cluster.addRacks(newRacks);
        int newNodes = newRacks * (config.nodes() / config.racks());
        long planStarted = System.nanoTime();
        RebalancePlan plan = new RebalancePlanner().plan(cluster.balancerNodes(), groups);
        long planNanos = System.nanoTime() - planStarted;
        long liveHeap = liveHeapBytes();
        apply(plan, groups, cluster);
        SpreadCheck.Violations balancedViolations = new SpreadCheck(groups, cluster).check();
        SimulatedCluster.UsageSpread balancedSpread = cluster.spread();
        long newNodesToMean = Math.round((double) totalBytes * newNodes / cluster.size());

        return new SimulationReport(
                config,
                groups.groups(),
                groups.totalSlots(),
                totalBytes,
                capacity,
                timing.placeNanos / Math.max(1, timing.timedGroups),
                timing.placeCpuNanos / Math.max(1, timing.timedGroups),
                timing.prepareNanos / Math.max(1, timing.prepares),
                placedSpread,
                placedViolations,
                newNodes,
                plan.moveCount(),
                plan.bytesMoved(),
                plan.minimumBytes(),
                newNodesToMean,
                plan.balanced(),
                planNanos,
                balancedSpread,
                balancedViolations,
                liveHeap,
                peakHeapBytes(),
                System.nanoTime() - started);
    }

    /** Heap in use after a full collection, with the groups, the cluster and the plan all alive. */
    private static long liveHeapBytes() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The sum of the heap pools' peaks: an upper bound of the heap the run needed, garbage included. */
    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static long totalBytes(SimulatedGroups groups) {
        long total = 0;
        for (int group = 0; group < groups.groups(); group++) {
            for (int slot = 0; slot < groups.slots(group); slot++) {
                total += groups.length(group, slot);
            }
        }
        return total;
    }

    /** Placement time after the warm-up, by the clock and by this thread's CPU time (the machine may be shared). */
    private static final class Timing {
        long placeNanos;
        long placeCpuNanos;
        long timedGroups;
        long prepareNanos;
        long prepares;
    }

    /**
     * Places every group in order, as allocations would come. Decisions are timed per batch between two
     * usage refreshes, once the warm-up is over, both by the clock and in CPU time.
     */
    private Timing placeAll(SimulatedGroups groups, SimulatedCluster cluster) {
        PlacementPolicy policy = new PlacementPolicy(PlacementConfig.DEFAULT);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Timing timing = new Timing();
        for (int first = 0; first < groups.groups(); first += config.refreshGroups()) {
            boolean timed = first >= config.warmupGroups();
            int end = (int) Math.min(groups.groups(), (long) first + config.refreshGroups());
            long before = System.nanoTime();
            Topology topology = policy.prepare(cluster.candidates());
            long prepared = System.nanoTime();
            long cpuBefore = threads.getCurrentThreadCpuTime();
            for (int group = first; group < end; group++) {
                place(topology, groups, group, cluster);
            }
            if (timed) {
                timing.placeCpuNanos += threads.getCurrentThreadCpuTime() - cpuBefore;
                timing.placeNanos += System.nanoTime() - prepared;
                timing.prepareNanos += prepared - before;
                timing.prepares++;
                timing.timedGroups += end - first;
            }
        }
        return timing;
    }

    private static void place(Topology topology, SimulatedGroups groups, int group, SimulatedCluster cluster) {
        List<Integer> placed = topology.place(PlacementRequest.newGroup(groups.policy(group), groups.seed(group)));
        for (int slot = 0; slot < placed.size(); slot++) {
            if (groups.exists(group, slot)) {
                groups.setNode(group, slot, placed.get(slot));
                cluster.addUsed(placed.get(slot), groups.length(group, slot));
            }
        }
    }

    private static void apply(RebalancePlan plan, SimulatedGroups groups, SimulatedCluster cluster) {
        for (int i = 0; i < plan.moveCount(); i++) {
            RebalancePlanner.Move move = plan.move(i);
            if (groups.node(move.group(), move.slot()) != move.fromNode()) {
                throw new IllegalStateException("a move names the wrong node: " + move);
            }
            groups.setNode(move.group(), move.slot(), move.toNode());
            cluster.addUsed(move.fromNode(), -move.bytes());
            cluster.addUsed(move.toNode(), move.bytes());
        }
    }
}
