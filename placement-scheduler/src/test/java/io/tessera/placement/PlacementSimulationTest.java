package io.tessera.placement;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tessera.common.StoragePolicy;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A whole cluster's worth of placements without a cluster: 10,000 equal nodes in 5 zones of 10 racks,
 * 100,000 RS-6-3 groups, each checked for spread, and the load checked for evenness at the end.
 */
class PlacementSimulationTest {
    private static final int ZONES = 5;
    private static final int RACKS_PER_ZONE = 10;
    private static final int NODES_PER_RACK = 200;
    private static final int GROUPS = 100_000;

    @Test
    void shouldSpreadEveryOneOf100000Rs63GroupsOver10000NodesAndLoadThemEvenly() {
        List<Candidate> nodes = Clusters.zones(ZONES, RACKS_PER_ZONE, NODES_PER_RACK);
        int[] rackOf = nodes.stream()
                .mapToInt(node -> Integer.parseInt(node.rack().name().substring(1)))
                .toArray();
        Topology topology = new PlacementPolicy(PlacementConfig.DEFAULT).prepare(nodes);
        int[] blocksPerNode = new int[nodes.size()];
        for (long group = 0; group < GROUPS; group++) {
            List<Integer> placed = topology.place(PlacementRequest.newGroup(StoragePolicy.RS_6_3, group));
            assertSpread(placed, rackOf, group);
            placed.forEach(nodeId -> blocksPerNode[nodeId]++);
        }
        double mean = GROUPS * 9.0 / nodes.size();
        int max = Arrays.stream(blocksPerNode).max().orElseThrow();
        int min = Arrays.stream(blocksPerNode).min().orElseThrow();
        assertTrue(max <= 1.5 * mean, "busiest node has " + max + " blocks, mean " + mean);
        assertTrue(min >= 0.5 * mean, "idlest node has " + min + " blocks, mean " + mean);
    }

    /** Nine distinct racks (at most ceil(9 / 50) = 1 block per rack) and at most ceil(9 / 5) = 2 per zone. */
    private static void assertSpread(List<Integer> placed, int[] rackOf, long group) {
        int[] perRack = new int[ZONES * RACKS_PER_ZONE];
        int[] perZone = new int[ZONES];
        for (int nodeId : placed) {
            perRack[rackOf[nodeId]]++;
            perZone[rackOf[nodeId] / RACKS_PER_ZONE]++;
        }
        for (int blocks : perRack) {
            if (blocks > 1) {
                fail("group " + group + " has two blocks in one rack: " + placed);
            }
        }
        for (int blocks : perZone) {
            if (blocks > 2) {
                fail("group " + group + " has three blocks in one zone: " + placed);
            }
        }
    }
}
