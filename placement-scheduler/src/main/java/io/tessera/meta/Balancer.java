package io.tessera.meta;

import io.tessera.placement.Rack;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Plans the moves that bring every live node's usage (bytes the block map places on it) within a
 * tolerance of the mean, greedily: the fullest node gives a block to the emptiest node that may take it,
 * and only while that narrows their gap, so nothing moves that does not bring the cluster closer to even.
 * Pure and deterministic: nodes and groups are visited in id order.
 *
 * <p>A move never breaks a failure-domain rule: the receiving node holds no block of the group, and when
 * it stands in another rack (zone), that rack (zone) ends with no more of the group's blocks than the
 * giving one had, so no rack or zone gains more of a group than the most loaded one had before and a group
 * never spans fewer racks. A group moves at most one block per round, so each move is checked against
 * the layout it will actually meet (the next round plans from the result), and {@link Repairs} checks the
 * rule again when it starts the move.
 */
final class Balancer {
    /** A group's blocks: slot to node ({@link BlockGroup#NO_NODE} when missing) and slot to bytes. */
    record Layout(long blockGroup, int[] nodes, long[] bytes) {}

    private final List<Layout> groups;
    private final Set<Integer> live;
    private final IntFunction<Rack> rackOf;
    private final TreeMap<Integer, Long> usage = new TreeMap<>();

    /**
     * @param groups every committed group, in id order
     * @param live the nodes that may give and take blocks
     * @param rackOf the rack of any node a group names
     */
    Balancer(List<Layout> groups, Set<Integer> live, IntFunction<Rack> rackOf) {
        this.groups = groups;
        this.live = live;
        this.rackOf = rackOf;
        live.forEach(node -> usage.put(node, 0L));
        for (Layout group : groups) {
            for (int slot = 0; slot < group.nodes().length; slot++) {
                if (live.contains(group.nodes()[slot])) {
                    usage.merge(group.nodes()[slot], group.bytes()[slot], Long::sum);
                }
            }
        }
    }

    /** Bytes on each live node before any move. */
    Map<Integer, Long> usage() {
        return Map.copyOf(usage);
    }

    /** Whether every live node is within {@code tolerance} (0.1 for ±10%) of the mean. */
    static boolean balanced(Map<Integer, Long> usage, double tolerance) {
        if (usage.isEmpty()) {
            return true;
        }
        double mean = usage.values().stream().mapToLong(Long::longValue).sum() / (double) usage.size();
        return usage.values().stream().allMatch(bytes -> Math.abs(bytes - mean) <= tolerance * mean);
    }

    /** The moves, at most {@code maxMoves}, in the order to make them. */
    List<RepairQueue.Move> plan(double tolerance, int maxMoves) {
        List<RepairQueue.Move> moves = new ArrayList<>();
        if (live.size() < 2) {
            return moves;
        }
        double mean = usage.values().stream().mapToLong(Long::longValue).sum() / (double) usage.size();
        double high = mean * (1 + tolerance);
        double low = mean * (1 - tolerance);
        java.util.Set<Long> movedGroups = new java.util.HashSet<>();
        while (moves.size() < maxMoves) {
            List<Integer> byUsage = new ArrayList<>(usage.keySet());
            byUsage.sort(Comparator.<Integer>comparingLong(usage::get).thenComparing(Comparator.naturalOrder()));
            int emptiest = byUsage.get(0);
            int fullest = byUsage.get(byUsage.size() - 1);
            if (usage.get(fullest) <= high && usage.get(emptiest) >= low) {
                break;
            }
            RepairQueue.Move move = nextMove(byUsage, mean, movedGroups);
            if (move == null) {
                break;
            }
            moves.add(move);
        }
        return moves;
    }

    private RepairQueue.Move nextMove(List<Integer> byUsage, double mean, java.util.Set<Long> movedGroups) {
        for (int s = byUsage.size() - 1; s >= 0 && usage.get(byUsage.get(s)) > mean; s--) {
            int giver = byUsage.get(s);
            for (int t = 0; t < byUsage.size() && usage.get(byUsage.get(t)) < mean; t++) {
                RepairQueue.Move move = moveBetween(giver, byUsage.get(t), movedGroups);
                if (move != null) {
                    return move;
                }
            }
        }
        return null;
    }

    private RepairQueue.Move moveBetween(int giver, int taker, java.util.Set<Long> movedGroups) {
        for (Layout group : groups) {
            if (movedGroups.contains(group.blockGroup())) {
                continue;
            }
            int slot = slotOn(group, giver);
            if (slot < 0 || slotOn(group, taker) >= 0) {
                continue;
            }
            long bytes = group.bytes()[slot];
            if (bytes <= 0
                    || usage.get(taker) + bytes >= usage.get(giver)
                    || !keepsDomains(group.nodes(), giver, taker, rackOf)) {
                continue;
            }
            movedGroups.add(group.blockGroup());
            group.nodes()[slot] = taker;
            usage.merge(giver, -bytes, Long::sum);
            usage.merge(taker, bytes, Long::sum);
            return new RepairQueue.Move(group.blockGroup(), slot, giver, taker);
        }
        return null;
    }

    /**
     * Whether moving a block of the group laid out on {@code nodes} from {@code giver} to {@code taker}
     * keeps its failure-domain spread: another rack (zone) may take it only if it ends with no more of the
     * group's blocks than the giving one had.
     */
    static boolean keepsDomains(int[] nodes, int giver, int taker, IntFunction<Rack> rackOf) {
        Rack from = rackOf.apply(giver);
        Rack to = rackOf.apply(taker);
        if (!from.equals(to)
                && count(nodes, rackOf, r -> r.equals(to)) + 1 > count(nodes, rackOf, r -> r.equals(from))) {
            return false;
        }
        return from.zone().equals(to.zone())
                || count(nodes, rackOf, r -> r.zone().equals(to.zone())) + 1
                        <= count(nodes, rackOf, r -> r.zone().equals(from.zone()));
    }

    private static int count(int[] nodes, IntFunction<Rack> rackOf, java.util.function.Predicate<Rack> where) {
        int count = 0;
        for (int node : nodes) {
            if (node != BlockGroup.NO_NODE && where.test(rackOf.apply(node))) {
                count++;
            }
        }
        return count;
    }

    private static int slotOn(Layout group, int node) {
        for (int slot = 0; slot < group.nodes().length; slot++) {
            if (group.nodes()[slot] == node) {
                return slot;
            }
        }
        return -1;
    }
}
