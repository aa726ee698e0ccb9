package io.tessera.placement;

import io.tessera.common.BlockId;
import java.util.Arrays;

/**
 * One run of {@link RebalancePlanner#plan}: passes over the groups in index order, each moving at most
 * one block of a group from a node that should give to one that should take, where the failure-domain
 * rule allows. Used once and dropped.
 *
 * <p>A later pass may move another block of a group. So that moves stay independent, the rule is checked
 * against the union of where the group's blocks are and where earlier moves take them: a block moved out
 * of a rack still counts there, and also counts in the rack it goes to (once, when it stays in its rack).
 * Whatever subset of the moves is carried out, no rack or zone then holds more than that union does.
 *
 * <p>Receivers are tried round-robin from where the last move left off, so they fill side by side; a
 * group that finds no receiver among {@link #MAX_PROBES} is skipped, which bounds a pass at {@code
 * O(blocks + groups x MAX_PROBES)}.
 */
final class Rebalancing {
    static final int MAX_PROBES = 64;
    private static final int MAX_PASSES = 16;
    private static final int MAX_SLOTS = BlockId.MAX_INDEX + 1;

    private final BalancingNodes nodes;
    private final GroupBlocks blocks;
    private final Moves moves = new Moves();
    /** The latest move of each group, or -1; earlier ones are chained through {@link Moves#previousOfGroup}. */
    private final int[] lastMoveOfGroup;

    private final int[] groupNode = new int[MAX_SLOTS];
    private final boolean[] slotMoved = new boolean[MAX_SLOTS];
    private final int[] candidateSlots = new int[MAX_SLOTS];
    /** Where earlier moves take blocks of the group, and whether each counts in its rack and zone. */
    private final int[] movedTo = new int[MAX_SLOTS];

    private final boolean[] movedToOtherRack = new boolean[MAX_SLOTS];
    private final boolean[] movedToOtherZone = new boolean[MAX_SLOTS];
    private int movedCount;
    private int[] receivers = new int[0];
    private int receiverCount;
    private int cursor;

    Rebalancing(BalancingNodes nodes, GroupBlocks blocks) {
        this.nodes = nodes;
        this.blocks = blocks;
        this.lastMoveOfGroup = new int[blocks.groups()];
        Arrays.fill(lastMoveOfGroup, -1);
    }

    RebalancePlan run() {
        nodes.countUsage(blocks);
        double minimum = nodes.computeLevels();
        double toMove = minimum;
        for (int pass = 0; pass < MAX_PASSES && toMove > 0; pass++) {
            if (!pass()) {
                break;
            }
            toMove = nodes.computeLevels();
        }
        return new RebalancePlan(nodes, moves, (long) Math.ceil(minimum));
    }

    /** One pass over the groups, at most one move each; false when it moved nothing. */
    private boolean pass() {
        collectReceivers();
        int before = moves.size();
        int givers = 0;
        for (int i = 0; i < nodes.count; i++) {
            givers += nodes.give[i] > 0 ? 1 : 0;
        }
        for (int group = 0; group < blocks.groups() && receiverCount > 0 && givers > 0; group++) {
            int giver = moveOneBlock(group);
            if (giver >= 0 && nodes.give[giver] <= 0) {
                givers--;
            }
        }
        return moves.size() > before;
    }

    private void collectReceivers() {
        receivers = new int[nodes.count];
        receiverCount = 0;
        for (int i = 0; i < nodes.count; i++) {
            if (nodes.take[i] > 0) {
                receivers[receiverCount++] = i;
            }
        }
        cursor = 0;
    }

    /** Moves one block of {@code group} if it can; returns the giving node, or -1. */
    private int moveOneBlock(int group) {
        int slots = blocks.slots(group);
        collectEarlierMoves(group, slots);
        int candidates = 0;
        for (int slot = 0; slot < slots; slot++) {
            int index = nodes.indexOf(blocks.node(group, slot));
            groupNode[slot] = index;
            if (index >= 0
                    && !slotMoved[slot]
                    && nodes.give[index] > 0
                    && nodes.usage[index] - blocks.length(group, slot) >= nodes.lower[index]) {
                candidateSlots[candidates++] = slot;
            }
        }
        sortByGiveDescending(candidates);
        for (int i = 0; i < candidates; i++) {
            int slot = candidateSlots[i];
            int giver = groupNode[slot];
            long length = blocks.length(group, slot);
            int receiver = findReceiver(slots, giver, length);
            if (receiver >= 0) {
                nodes.move(giver, receiver, length);
                moves.add(group, slot, nodes.nodeId[giver], nodes.nodeId[receiver], length, lastMoveOfGroup[group]);
                lastMoveOfGroup[group] = moves.size() - 1;
                return giver;
            }
        }
        return -1;
    }

    private void collectEarlierMoves(int group, int slots) {
        Arrays.fill(slotMoved, 0, slots, false);
        movedCount = 0;
        for (int move = lastMoveOfGroup[group]; move >= 0; move = moves.previousOfGroup[move]) {
            int from = nodes.indexOf(moves.from[move]);
            int to = nodes.indexOf(moves.to[move]);
            slotMoved[moves.slot[move]] = true;
            movedTo[movedCount] = to;
            movedToOtherRack[movedCount] = nodes.rack[to] != nodes.rack[from];
            movedToOtherZone[movedCount] = nodes.zone[to] != nodes.zone[from];
            movedCount++;
        }
    }

    /** Insertion sort of the few candidate slots, the node that should give most first; ties by slot. */
    private void sortByGiveDescending(int candidates) {
        for (int i = 1; i < candidates; i++) {
            int slot = candidateSlots[i];
            double give = nodes.give[groupNode[slot]];
            int at = i;
            while (at > 0 && nodes.give[groupNode[candidateSlots[at - 1]]] < give) {
                candidateSlots[at] = candidateSlots[at - 1];
                at--;
            }
            candidateSlots[at] = slot;
        }
    }

    private int findReceiver(int slots, int giver, long length) {
        int probes = Math.min(MAX_PROBES, receiverCount);
        for (int probe = 0; probe < probes && receiverCount > 0; probe++) {
            if (cursor >= receiverCount) {
                cursor = 0;
            }
            int receiver = receivers[cursor];
            if (nodes.take[receiver] <= 0) {
                receivers[cursor] = receivers[--receiverCount];
                continue;
            }
            cursor++;
            if (nodes.usage[receiver] + length <= nodes.upper[receiver] && allowed(slots, giver, receiver)) {
                return receiver;
            }
        }
        return -1;
    }

    /**
     * The failure-domain rule: the receiver holds no block of the group, and unless it stands in the
     * giver's rack (zone), the group's blocks in its rack (zone) stay within {@code ceil(blocks / racks)}
     * ({@code ceil(blocks / zones)}), the spread placement gives a new group. A move within a rack or
     * zone leaves its counts unchanged, so even a group placed worse than that is never made worse.
     */
    private boolean allowed(int slots, int giver, int receiver) {
        int present = 0;
        int inRack = 0;
        int inZone = 0;
        int rack = nodes.rack[receiver];
        int zone = nodes.zone[receiver];
        for (int slot = 0; slot < slots; slot++) {
            int index = groupNode[slot];
            if (index == receiver) {
                return false;
            }
            if (index >= 0) {
                present++;
                inRack += nodes.rack[index] == rack ? 1 : 0;
                inZone += nodes.zone[index] == zone ? 1 : 0;
            }
        }
        for (int i = 0; i < movedCount; i++) {
            int index = movedTo[i];
            if (index == receiver) {
                return false;
            }
            inRack += movedToOtherRack[i] && nodes.rack[index] == rack ? 1 : 0;
            inZone += movedToOtherZone[i] && nodes.zone[index] == zone ? 1 : 0;
        }
        boolean rackAllowed = rack == nodes.rack[giver] || inRack + 1 <= ceilDiv(present, nodes.rackCount);
        boolean zoneAllowed = zone == nodes.zone[giver] || inZone + 1 <= ceilDiv(present, nodes.zoneCount);
        return rackAllowed && zoneAllowed;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** The moves chosen so far, in primitive arrays that grow. */
    static final class Moves {
        private int size;
        int[] group = new int[16];
        int[] slot = new int[16];
        int[] from = new int[16];
        int[] to = new int[16];
        long[] bytes = new long[16];
        int[] previousOfGroup = new int[16];

        void add(int group, int slot, int from, int to, long bytes, int previousOfGroup) {
            if (size == this.group.length) {
                int capacity = size * 2;
                this.group = Arrays.copyOf(this.group, capacity);
                this.slot = Arrays.copyOf(this.slot, capacity);
                this.from = Arrays.copyOf(this.from, capacity);
                this.to = Arrays.copyOf(this.to, capacity);
                this.bytes = Arrays.copyOf(this.bytes, capacity);
                this.previousOfGroup = Arrays.copyOf(this.previousOfGroup, capacity);
            }
            this.previousOfGroup[size] = previousOfGroup;
            this.group[size] = group;
            this.slot[size] = slot;
            this.from[size] = from;
            this.to[size] = to;
            this.bytes[size] = bytes;
            size++;
        }

        int size() {
            return size;
        }
    }
}
