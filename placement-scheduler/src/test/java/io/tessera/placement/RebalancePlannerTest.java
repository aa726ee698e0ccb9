package io.tessera.placement;

import static io.tessera.placement.Clusters.TIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.StoragePolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RebalancePlannerTest {
    private static final long MIB = 1L << 20;

    private final RebalancePlanner planner = new RebalancePlanner();

    @Test
    void shouldBringThreeNewNodesIntoTheBandOfSixFullOnes() {
        List<Candidate> before = Clusters.racks(3, 2);
        Cluster cluster = Cluster.placed(before, StoragePolicy.RS_3_2, 300, 16 * MIB, 1);
        List<RebalancePlanner.Node> after = nodes(before);
        after.add(new RebalancePlanner.Node(6, new Rack("z0", "r0"), 10 * TIB));
        after.add(new RebalancePlanner.Node(7, new Rack("z0", "r1"), 10 * TIB));
        after.add(new RebalancePlanner.Node(8, new Rack("z0", "r2"), 10 * TIB));

        RebalancePlan plan = planner.plan(after, cluster.blocks());

        assertTrue(plan.balanced(), "out of band: " + plan.nodesOutOfBand());
        cluster.apply(plan, after);
        cluster.assertInBand(after, 0.10);
        cluster.assertSpread(after);
        assertTrue(plan.minimumBytes() > 0);
        assertTrue(
                plan.bytesMoved() <= plan.minimumBytes() + 3 * 16 * MIB,
                "moved " + plan.bytesMoved() + ", at least " + plan.minimumBytes());
    }

    @Test
    void shouldBalanceTenNewNodesInNewRacksWithinOnePlanAndBreakNoRule() {
        List<Candidate> before = Clusters.zones(5, 4, 5);
        Cluster cluster = Cluster.placed(before, StoragePolicy.RS_6_3, 4000, 64 * MIB, 2);
        List<RebalancePlanner.Node> after = nodes(before);
        for (int i = 0; i < 10; i++) {
            after.add(new RebalancePlanner.Node(100 + i, new Rack("z" + i % 5, "new" + i / 5), 10 * TIB));
        }

        RebalancePlan plan = planner.plan(after, cluster.blocks());

        assertTrue(plan.balanced(), "out of band: " + plan.nodesOutOfBand());
        cluster.apply(plan, after);
        cluster.assertInBand(after, 0.10);
        cluster.assertSpread(after);
        assertTrue(
                plan.bytesMoved() <= 1.05 * plan.minimumBytes() + 10 * 64 * MIB,
                "moved " + plan.bytesMoved() + ", at least " + plan.minimumBytes());
    }

    @Test
    void shouldKeepEveryRuleWhateverSubsetOfTheMovesIsCarriedOut() {
        List<Candidate> before = Clusters.zones(3, 2, 2);
        List<RebalancePlanner.Node> after = nodes(before);
        for (int i = 0; i < 6; i++) {
            after.add(new RebalancePlanner.Node(20 + i, new Rack("z" + i % 3, "r" + i % 6), 10 * TIB));
        }
        Cluster planned = Cluster.placed(before, StoragePolicy.RS_3_2, 60, 16 * MIB, 4);
        RebalancePlan plan = planner.plan(after, planned.blocks());
        assertTrue(plan.moveCount() > 60, "several moves of some groups: " + plan.moveCount());

        Random random = new Random(5);
        for (int trial = 0; trial < 50; trial++) {
            Cluster cluster = Cluster.placed(before, StoragePolicy.RS_3_2, 60, 16 * MIB, 4);
            List<RebalancePlanner.Move> subset = new ArrayList<>(plan.moves());
            Collections.shuffle(subset, random);
            cluster.applyEach(subset.subList(0, random.nextInt(subset.size() + 1)), after);
            cluster.assertSpread(after);
        }
    }

    @Test
    void shouldShedAnOverfullNodeIntoTheOthers() {
        List<Candidate> candidates = Clusters.racks(4, 3);
        List<RebalancePlanner.Node> nodes = nodes(candidates);
        // REPLICATED-2: half the groups have a copy on node 0, three times its share
        int groups = 600;
        int[][] placed = new int[groups][];
        long[][] lengths = new long[groups][];
        for (int group = 0; group < groups; group++) {
            int first = group < groups / 2 ? 0 : 1 + group % 11;
            List<Integer> otherRacks = new ArrayList<>();
            for (int node = 1; node < 12; node++) {
                if (node / 3 != first / 3) {
                    otherRacks.add(node);
                }
            }
            placed[group] = new int[] {first, otherRacks.get(group % otherRacks.size())};
            lengths[group] = new long[] {8 * MIB, 8 * MIB};
        }
        Cluster cluster = new Cluster(candidates, placed, lengths);

        RebalancePlan plan = planner.plan(nodes, cluster.blocks());

        assertTrue(plan.usageBefore(0) > 2 * plan.usageAfter(0), "node 0 sheds");
        assertTrue(plan.balanced(), "out of band: " + plan.nodesOutOfBand());
        cluster.apply(plan, nodes);
        cluster.assertInBand(nodes, 0.10);
        cluster.assertSpread(nodes);
    }

    @Test
    void shouldMoveNothingWhenEveryNodeIsInItsBand() {
        List<Candidate> candidates = Clusters.racks(3, 3);
        int[][] placed = {{0, 3, 6}, {1, 4, 7}, {2, 5, 8}};
        long[][] lengths = {{MIB, MIB, MIB}, {MIB, MIB, MIB}, {MIB, MIB, MIB}};
        Cluster cluster = new Cluster(candidates, placed, lengths);

        RebalancePlan plan = planner.plan(nodes(candidates), cluster.blocks());

        assertEquals(0, plan.moveCount());
        assertEquals(0, plan.minimumBytes());
        assertTrue(plan.balanced());
        assertEquals(MIB, plan.usageAfter(4));
    }

    @Test
    void shouldNeverMoveABlockIntoARackTheGroupAlreadyFills() {
        // three racks of one node, REPLICATED-3 on all three; a new node in rack r0 may only take from node 0
        List<Candidate> candidates = Clusters.racks(3, 1);
        int groups = 90;
        int[][] placed = new int[groups][];
        long[][] lengths = new long[groups][];
        for (int group = 0; group < groups; group++) {
            placed[group] = new int[] {0, 1, 2};
            lengths[group] = new long[] {MIB, MIB, MIB};
        }
        Cluster cluster = new Cluster(candidates, placed, lengths);
        List<RebalancePlanner.Node> after = nodes(candidates);
        after.add(new RebalancePlanner.Node(3, new Rack("z0", "r0"), 10 * TIB));

        RebalancePlan plan = planner.plan(after, cluster.blocks());

        assertTrue(plan.moveCount() > 0);
        plan.moves().forEach(move -> assertEquals(0, move.fromNode(), move.toString()));
        assertFalse(plan.balanced(), "nodes 1 and 2 cannot give: every other rack holds a copy");
        assertEquals(List.of(1, 2, 3), plan.nodesOutOfBand().subList(0, 3));
        cluster.apply(plan, after);
        cluster.assertSpread(after);
    }

    @Test
    void shouldPlanTheSameWhateverTheOrderOfNodes() {
        List<Candidate> before = Clusters.zones(3, 3, 4);
        Cluster cluster = Cluster.placed(before, StoragePolicy.RS_3_2, 1000, 32 * MIB, 3);
        List<RebalancePlanner.Node> after = nodes(before);
        after.add(new RebalancePlanner.Node(50, new Rack("z1", "r4"), 10 * TIB));
        after.add(new RebalancePlanner.Node(51, new Rack("z2", "r8"), 10 * TIB));
        List<RebalancePlanner.Node> shuffled = new ArrayList<>(after);
        Collections.shuffle(shuffled, new Random(7));

        assertEquals(
                planner.plan(after, cluster.blocks()).moves(),
                planner.plan(shuffled, cluster.blocks()).moves());
    }

    @Test
    void shouldRefuseANodeListedTwiceAndABadTolerance() {
        List<RebalancePlanner.Node> twice = nodes(Clusters.racks(2, 1));
        twice.add(twice.get(0));
        assertThrows(
                IllegalArgumentException.class, () -> planner.plan(twice, GroupBlocks.of(new int[0][], new long[0][])));
        assertThrows(IllegalArgumentException.class, () -> new RebalancePlanner(0));
        assertThrows(IllegalArgumentException.class, () -> new RebalancePlanner(1.5));
        assertThrows(IllegalArgumentException.class, () -> GroupBlocks.of(new int[][] {{1, 2}}, new long[][] {{1}}));
    }

    private static List<RebalancePlanner.Node> nodes(List<Candidate> candidates) {
        List<RebalancePlanner.Node> nodes = new ArrayList<>();
        candidates.forEach(candidate -> nodes.add(RebalancePlanner.Node.of(candidate)));
        return nodes;
    }

    /** Groups as arrays, placed by the placement policy, with moves applied one by one and checked. */
    private static final class Cluster {
        private final Map<Integer, Rack> rackOf = new HashMap<>();
        private final int[][] placed;
        private final long[][] lengths;

        Cluster(List<Candidate> candidates, int[][] placed, long[][] lengths) {
            candidates.forEach(node -> rackOf.put(node.nodeId(), node.rack()));
            this.placed = placed;
            this.lengths = lengths;
        }

        /** {@code groups} groups of {@code policy}, every block a random length up to {@code maxBlock}. */
        static Cluster placed(List<Candidate> candidates, StoragePolicy policy, int groups, long maxBlock, long seed) {
            Topology topology = new PlacementPolicy(PlacementConfig.DEFAULT).prepare(candidates);
            Random random = new Random(seed);
            int[][] placed = new int[groups][];
            long[][] lengths = new long[groups][];
            for (int group = 0; group < groups; group++) {
                placed[group] = topology.place(PlacementRequest.newGroup(policy, seed * 1_000_003L + group)).stream()
                        .mapToInt(Integer::intValue)
                        .toArray();
                long length = 1 + (long) (random.nextDouble() * maxBlock);
                lengths[group] = new long[placed[group].length];
                java.util.Arrays.fill(lengths[group], length);
            }
            return new Cluster(candidates, placed, lengths);
        }

        GroupBlocks blocks() {
            return GroupBlocks.of(placed, lengths);
        }

        void apply(RebalancePlan plan, List<RebalancePlanner.Node> nodes) {
            applyEach(plan.moves(), nodes);
            for (RebalancePlanner.Node node : nodes) {
                assertEquals(plan.usageAfter(node.nodeId()), usage(node.nodeId()), "node " + node.nodeId());
            }
        }

        void applyEach(List<RebalancePlanner.Move> moves, List<RebalancePlanner.Node> nodes) {
            nodes.forEach(node -> rackOf.put(node.nodeId(), node.rack()));
            Set<List<Integer>> movedSlots = new HashSet<>();
            for (RebalancePlanner.Move move : moves) {
                assertTrue(movedSlots.add(List.of(move.group(), move.slot())), "block moved twice: " + move);
                assertEquals(placed[move.group()][move.slot()], move.fromNode(), move.toString());
                assertEquals(lengths[move.group()][move.slot()], move.bytes(), move.toString());
                placed[move.group()][move.slot()] = move.toNode();
            }
        }

        long usage(int nodeId) {
            long usage = 0;
            for (int group = 0; group < placed.length; group++) {
                for (int slot = 0; slot < placed[group].length; slot++) {
                    usage += placed[group][slot] == nodeId ? lengths[group][slot] : 0;
                }
            }
            return usage;
        }

        void assertInBand(List<RebalancePlanner.Node> nodes, double tolerance) {
            double mean = nodes.stream().mapToLong(node -> usage(node.nodeId())).sum() / (double) nodes.size();
            for (RebalancePlanner.Node node : nodes) {
                long usage = usage(node.nodeId());
                assertTrue(
                        Math.abs(usage - mean) <= tolerance * mean,
                        "node " + node.nodeId() + " holds " + usage + ", mean " + mean);
            }
        }

        /** Distinct nodes, and per rack and zone no more than an even spread over the nodes' racks and zones. */
        void assertSpread(List<RebalancePlanner.Node> nodes) {
            int racks = (int)
                    nodes.stream().map(RebalancePlanner.Node::rack).distinct().count();
            int zones = (int)
                    nodes.stream().map(node -> node.rack().zone()).distinct().count();
            for (int[] group : placed) {
                Map<Rack, Integer> perRack = new HashMap<>();
                Map<String, Integer> perZone = new HashMap<>();
                Set<Integer> distinct = new HashSet<>();
                for (int node : group) {
                    assertTrue(distinct.add(node), "two blocks on node " + node);
                    perRack.merge(rackOf.get(node), 1, Integer::sum);
                    perZone.merge(rackOf.get(node).zone(), 1, Integer::sum);
                }
                int rackLimit = (group.length + racks - 1) / racks;
                int zoneLimit = (group.length + zones - 1) / zones;
                perRack.forEach((rack, count) ->
                        assertTrue(count <= rackLimit, rack + " holds " + count + " blocks of one group"));
                perZone.forEach((zone, count) ->
                        assertTrue(count <= zoneLimit, zone + " holds " + count + " blocks of one group"));
            }
        }
    }
}
