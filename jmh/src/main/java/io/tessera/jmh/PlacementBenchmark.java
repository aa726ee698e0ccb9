package io.tessera.jmh;

import io.tessera.common.StoragePolicy;
import io.tessera.placement.Candidate;
import io.tessera.placement.PlacementConfig;
import io.tessera.placement.PlacementPolicy;
import io.tessera.placement.PlacementRequest;
import io.tessera.placement.Rack;
import io.tessera.placement.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One RS-6-3 placement (nine nodes) on a cluster of {@code nodes} nodes, {@code nodesPerRack} to a rack
 * (20 by default; 10 gives the simulator's 1,000 racks at 10,000 nodes), racks dealt to {@code zones}
 * zones (5 by default), with free space spread between 1 and 10 TiB. A new seed every operation, as the state machine derives one
 * from every new block group id.
 *
 * <p>{@code place} is the state machine's case: the topology is prepared once and reused until the
 * cluster changes. {@code prepareAndPlace} also sorts and indexes the candidates, the cost of placing
 * right after the cluster changed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PlacementBenchmark {
    @Param({"100", "1000", "10000"})
    int nodes;

    @Param("20")
    int nodesPerRack;

    @Param("5")
    int zones;

    private final PlacementPolicy policy = new PlacementPolicy(PlacementConfig.DEFAULT);
    private List<Candidate> candidates;
    private Topology topology;
    private long seed;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        candidates = new ArrayList<>(nodes);
        for (int node = 0; node < nodes; node++) {
            int rack = node / nodesPerRack;
            long capacity = 10L << 40;
            long used = (long) (random.nextDouble() * 9 * (1L << 40));
            candidates.add(new Candidate(node, new Rack("z" + rack % zones, "r" + rack), capacity, used));
        }
        topology = policy.prepare(candidates);
    }

    @Benchmark
    public List<Integer> place() {
        return topology.place(PlacementRequest.newGroup(StoragePolicy.RS_6_3, seed++));
    }

    @Benchmark
    public List<Integer> prepareAndPlace() {
        return policy.place(candidates, PlacementRequest.newGroup(StoragePolicy.RS_6_3, seed++));
    }
}
