package io.tessera.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.placement.Rack;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BalancerTest {
    private static final long MIB = 1 << 20;

    private static Rack rackOf(int node) {
        return new Rack("zone-0", "rack-" + (node % 3));
    }

    /** {@code groups} groups of five 1 MiB blocks on nodes 1..6, two per rack, at random. */
    private static List<Balancer.Layout> onSixNodes(int groups, long seed) {
        Random random = new Random(seed);
        List<Balancer.Layout> layouts = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            List<Integer> nodes = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6));
            java.util.Collections.shuffle(nodes, random);
            int[] slots =
                    nodes.subList(0, 5).stream().mapToInt(Integer::intValue).toArray();
            long[] bytes = new long[] {MIB, MIB, MIB, MIB, MIB};
            layouts.add(new Balancer.Layout(g + 1, slots, bytes));
        }
        return layouts;
    }

    private static Map<Integer, Integer> maxPerRack(List<Balancer.Layout> layouts) {
        Map<Integer, Integer> max = new HashMap<>();
        for (Balancer.Layout layout : layouts) {
            Map<Rack, Integer> counts = new HashMap<>();
            for (int node : layout.nodes()) {
                counts.merge(rackOf(node), 1, Integer::sum);
            }
            max.put(
                    (int) layout.blockGroup(),
                    counts.values().stream().max(Integer::compare).orElse(0));
        }
        return max;
    }

    @Test
    void shouldBringThreeNewNodesWithinTenPercentOfTheMeanWithoutBreakingRackRules() {
        List<Balancer.Layout> layouts = onSixNodes(60, 1);
        Map<Integer, Integer> racksBefore = maxPerRack(layouts);
        Set<Integer> live = new HashSet<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
        Balancer balancer = new Balancer(layouts, live, BalancerTest::rackOf);
        assertFalse(Balancer.balanced(balancer.usage(), 0.1));

        int moves = 0;
        int rounds = 0;
        for (List<RepairQueue.Move> round = balancer.plan(0.1, 10_000);
                !round.isEmpty();
                round = new Balancer(layouts, live, BalancerTest::rackOf).plan(0.1, 10_000)) {
            assertEquals(
                    round.size(),
                    round.stream().map(RepairQueue.Move::blockGroup).distinct().count());
            moves += round.size();
            rounds++;
        }

        Balancer after = new Balancer(layouts, live, BalancerTest::rackOf);
        assertTrue(Balancer.balanced(after.usage(), 0.1), after.usage().toString());
        // 300 blocks over 9 nodes: the new ones need at least 0.9 x 33.3 = 30 blocks each.
        assertTrue(moves >= 90 && moves <= 105, moves + " moves in " + rounds + " rounds");
        Map<Integer, Integer> racksAfter = maxPerRack(layouts);
        for (Map.Entry<Integer, Integer> group : racksAfter.entrySet()) {
            assertTrue(group.getValue() <= racksBefore.get(group.getKey()), "group " + group.getKey());
        }
        for (Balancer.Layout layout : layouts) {
            assertEquals(5, java.util.Arrays.stream(layout.nodes()).distinct().count(), "distinct nodes");
        }
    }

    @Test
    void shouldMoveNothingWhenBalancedOrWhenAMoveWouldNotNarrowTheGap() {
        List<Balancer.Layout> balanced = onSixNodes(60, 2);
        Set<Integer> six = Set.of(1, 2, 3, 4, 5, 6);
        List<RepairQueue.Move> none = new Balancer(balanced, six, BalancerTest::rackOf).plan(0.1, 10_000);
        assertTrue(
                none.size() <= 10 && Balancer.balanced(new Balancer(balanced, six, BalancerTest::rackOf).usage(), 0.1));

        List<Balancer.Layout> one = List.of(new Balancer.Layout(1, new int[] {1, 2, 3}, new long[] {MIB, MIB, MIB}));
        assertEquals(List.of(), new Balancer(one, Set.of(1, 2, 3, 4, 5, 6), BalancerTest::rackOf).plan(0.1, 10_000));
    }
}
