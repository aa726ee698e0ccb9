package io.tessera.placement;

import io.tessera.common.ErrorCode;
import io.tessera.common.Sizes;
import io.tessera.common.TesseraException;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of {@link Topology#place}: the racks and zones the group touches, with its blocks and taken
 * nodes in each, and the slots already taken, kept in ascending order so that a weighted draw within a
 * rack can step over them. Used once and dropped.
 *
 * <p>Only touched racks and zones are recorded, in small tables, so a placement costs {@code O(blocks x
 * touched)} and not {@code O(blocks x racks)}: every rack it has not touched has no block of the group
 * and its whole weight. The draw among the tied racks is then a position in the running sum of all racks'
 * weights with the excluded stretches stepped over (zones on another level, the taken part of touched
 * racks), which picks exactly the rack a walk over every rack in order would pick.
 */
final class GroupPlacement {
    private final Topology topology;
    private final PlacementRequest request;
    private final SplitMix64 random;
    private final int[] takenSlots;
    private int takenCount;

    /** Touched racks: index, blocks of the group, taken nodes, taken weight. */
    private final int[] touchedRack;

    private final int[] touchedRackBlocks;
    private final int[] touchedRackTakenNodes;
    private final long[] touchedRackTakenWeight;
    private int touchedRacks;

    /** Touched zones: index and blocks of the group. */
    private final int[] touchedZone;

    private final int[] touchedZoneBlocks;
    private int touchedZones;

    /** Scratch for one draw: stretches of the running sum to step over, [start, end), sorted by start. */
    private final long[] skipStart;

    private final long[] skipEnd;
    private int skips;

    GroupPlacement(Topology topology, PlacementRequest request) {
        this.topology = topology;
        this.request = request;
        this.random = new SplitMix64(request.seed());
        int blocks = request.blocks();
        int excluded = request.excludedNodes().size();
        int used = request.usedRacks().size();
        takenSlots = new int[blocks + excluded];
        int maxRacks = blocks + excluded + used;
        touchedRack = new int[maxRacks];
        touchedRackBlocks = new int[maxRacks];
        touchedRackTakenNodes = new int[maxRacks];
        touchedRackTakenWeight = new long[maxRacks];
        int maxZones = blocks + excluded + used;
        touchedZone = new int[maxZones];
        touchedZoneBlocks = new int[maxZones];
        skipStart = new long[maxRacks + maxZones];
        skipEnd = new long[maxRacks + maxZones];
    }

    List<Integer> place() {
        takeExcludedNodes();
        countUsedRacks();
        checkEnoughNodes();
        List<Integer> chosen = new ArrayList<>(request.blocks());
        for (int block = 0; block < request.blocks(); block++) {
            int rack = chooseRack();
            int slot = chooseSlot(rack);
            take(slot);
            touchedRackBlocks[touchRack(rack)]++;
            touchedZoneBlocks[touchZone(topology.zoneOfRack(rack))]++;
            chosen.add(topology.nodeAt(slot));
        }
        return List.copyOf(chosen);
    }

    /** Set order differs between JVMs; it cannot change the result, as taken slots are kept sorted. */
    private void takeExcludedNodes() {
        for (int nodeId : request.excludedNodes()) {
            int slot = topology.slotOf(nodeId);
            if (slot >= 0) {
                take(slot);
            }
        }
    }

    private void countUsedRacks() {
        for (Rack rack : request.usedRacks()) {
            int index = topology.indexOf(rack);
            if (index >= 0) {
                touchedRackBlocks[touchRack(index)]++;
            }
            int zone = topology.indexOfZone(rack.zone());
            if (zone >= 0) {
                touchedZoneBlocks[touchZone(zone)]++;
            }
        }
    }

    private void checkEnoughNodes() {
        int available = topology.eligibleNodes() - takenCount;
        if (available >= request.blocks()) {
            return;
        }
        List<String> why = new ArrayList<>();
        if (topology.fullNodes() > 0) {
            why.add(topology.fullNodes() + " more " + (topology.fullNodes() == 1 ? "is" : "are")
                    + " full, with less than " + Sizes.format(topology.minFreeBytes()) + " free");
        }
        if (takenCount > 0) {
            why.add(takenCount + " more already " + (takenCount == 1 ? "holds" : "hold") + " a block of the group");
        }
        throw new TesseraException(
                ErrorCode.INSUFFICIENT_NODES,
                request.label() + " needs " + request.blocks() + " nodes in distinct failure domains, only "
                        + available + " live nodes can take a block"
                        + (why.isEmpty() ? "" : " (" + String.join("; ", why) + ")"));
    }

    /**
     * The rack for the next block: among racks with a free node, those with fewest blocks of the group,
     * then those whose zone has fewest; then at random weighted by the racks' free weight. While some
     * rack with a free node holds no block of the group, the draw needs only the touched racks; otherwise
     * (fewer racks than blocks) every rack is touched and is walked in order.
     */
    private int chooseRack() {
        int levelZeroRacks = topology.rackCount();
        for (int i = 0; i < touchedRacks; i++) {
            levelZeroRacks -= atLevelZero(i) ? 0 : 1;
        }
        return levelZeroRacks > 0 ? chooseRackAtLevelZero() : chooseRackByWalk();
    }

    /** Whether touched rack {@code i} holds no block of the group and has a free node. */
    private boolean atLevelZero(int i) {
        return touchedRackBlocks[i] == 0 && hasFreeNode(touchedRack[i], touchedRackTakenNodes[i]);
    }

    private int chooseRackAtLevelZero() {
        int bestZoneBlocks = bestZoneAtLevelZero();
        skips = 0;
        if (bestZoneBlocks == 0) {
            for (int i = 0; i < touchedZones; i++) {
                if (touchedZoneBlocks[i] != 0) {
                    skipZone(touchedZone[i]);
                }
            }
        } else {
            // every zone is touched, so there are few
            for (int zone = 0; zone < topology.zoneCount(); zone++) {
                if (zoneBlocks(zone) != bestZoneBlocks) {
                    skipZone(zone);
                }
            }
        }
        long tiedWeight = topology.weightBeforeRack(topology.rackCount());
        for (int i = 0; i < skips; i++) {
            tiedWeight -= skipEnd[i] - skipStart[i];
        }
        for (int i = 0; i < touchedRacks; i++) {
            int rack = touchedRack[i];
            if (zoneBlocks(topology.zoneOfRack(rack)) == bestZoneBlocks) {
                long end = topology.weightBeforeRack(rack + 1);
                long kept = atLevelZero(i) ? freeWeight(rack, touchedRackTakenWeight[i]) : 0;
                long start = topology.weightBeforeRack(rack) + kept;
                if (start < end) {
                    skip(start, end);
                    tiedWeight -= end - start;
                }
            }
        }
        long position = random.nextLong(tiedWeight);
        for (int i = 0; i < skips; i++) {
            if (position >= skipStart[i]) {
                position += skipEnd[i] - skipStart[i];
            }
        }
        return topology.rackAtWeight(position);
    }

    /**
     * The fewest blocks of the group in a zone that has a rack at level zero. A zone the group has not
     * touched has such racks and no block, so the first untouched zone ends the search with zero: at most
     * the touched zones are looked at.
     */
    private int bestZoneAtLevelZero() {
        int best = Integer.MAX_VALUE;
        for (int zone = 0; zone < topology.zoneCount(); zone++) {
            if (!isTouchedZone(zone)) {
                return 0;
            }
            int racksAtLevelZero = topology.zoneEndRack(zone) - topology.zoneFirstRack(zone);
            for (int i = 0; i < touchedRacks; i++) {
                if (topology.zoneOfRack(touchedRack[i]) == zone && !atLevelZero(i)) {
                    racksAtLevelZero--;
                }
            }
            if (racksAtLevelZero > 0) {
                best = Math.min(best, zoneBlocks(zone));
            }
        }
        return best;
    }

    private boolean isTouchedZone(int zone) {
        for (int i = 0; i < touchedZones; i++) {
            if (touchedZone[i] == zone) {
                return true;
            }
        }
        for (int i = 0; i < touchedRacks; i++) {
            if (topology.zoneOfRack(touchedRack[i]) == zone) {
                return true;
            }
        }
        return false;
    }

    private void skipZone(int zone) {
        skip(
                topology.weightBeforeRack(topology.zoneFirstRack(zone)),
                topology.weightBeforeRack(topology.zoneEndRack(zone)));
    }

    /** Adds the stretch [start, end) to the sorted, disjoint stretches to step over. */
    private void skip(long start, long end) {
        int at = skips;
        while (at > 0 && skipStart[at - 1] > start) {
            skipStart[at] = skipStart[at - 1];
            skipEnd[at] = skipEnd[at - 1];
            at--;
        }
        skipStart[at] = start;
        skipEnd[at] = end;
        skips++;
    }

    /** Every rack holds a block of the group or is full: the lowest level, then zone, over all racks in order. */
    private int chooseRackByWalk() {
        int bestRackBlocks = Integer.MAX_VALUE;
        int bestZoneBlocks = Integer.MAX_VALUE;
        long tiedWeight = 0;
        for (int rack = 0; rack < topology.rackCount(); rack++) {
            int i = touchedIndex(rack);
            if (!hasFreeNode(rack, takenNodes(i))) {
                continue;
            }
            int rackBlocks = blocks(i);
            int zoneCount = zoneBlocks(topology.zoneOfRack(rack));
            int order = rackBlocks != bestRackBlocks
                    ? Integer.compare(rackBlocks, bestRackBlocks)
                    : Integer.compare(zoneCount, bestZoneBlocks);
            if (order < 0) {
                bestRackBlocks = rackBlocks;
                bestZoneBlocks = zoneCount;
                tiedWeight = 0;
            }
            if (order <= 0) {
                tiedWeight += freeWeight(rack, takenWeight(i));
            }
        }
        long position = random.nextLong(tiedWeight);
        for (int rack = 0; ; rack++) {
            int i = touchedIndex(rack);
            if (hasFreeNode(rack, takenNodes(i))
                    && blocks(i) == bestRackBlocks
                    && zoneBlocks(topology.zoneOfRack(rack)) == bestZoneBlocks) {
                long weight = freeWeight(rack, takenWeight(i));
                if (position < weight) {
                    return rack;
                }
                position -= weight;
            }
        }
    }

    /**
     * A free slot of {@code rack}, weighted by free space: a position is drawn over the rack's free
     * weight, then moved past the weight of every taken slot at or before it, which maps it onto the
     * running sum of all the rack's slots.
     */
    private int chooseSlot(int rack) {
        int i = touchedIndex(rack);
        long position =
                topology.weightBefore(topology.rackStart(rack)) + random.nextLong(freeWeight(rack, takenWeight(i)));
        for (int taken = 0; taken < takenCount; taken++) {
            int slot = takenSlots[taken];
            if (slot >= topology.rackStart(rack)
                    && slot < topology.rackEnd(rack)
                    && position >= topology.weightBefore(slot)) {
                position += topology.weightOf(slot);
            }
        }
        return topology.slotAt(rack, position);
    }

    private boolean hasFreeNode(int rack, int takenNodes) {
        return topology.rackEnd(rack) - topology.rackStart(rack) > takenNodes;
    }

    private long freeWeight(int rack, long takenWeight) {
        return topology.weightBeforeRack(rack + 1) - topology.weightBeforeRack(rack) - takenWeight;
    }

    /** Marks {@code slot} taken, keeping the taken slots in ascending order; taking it twice is harmless. */
    private void take(int slot) {
        int at = 0;
        while (at < takenCount && takenSlots[at] < slot) {
            at++;
        }
        if (at < takenCount && takenSlots[at] == slot) {
            return;
        }
        System.arraycopy(takenSlots, at, takenSlots, at + 1, takenCount - at);
        takenSlots[at] = slot;
        takenCount++;
        int i = touchRack(topology.rackOfSlot(slot));
        touchedRackTakenNodes[i]++;
        touchedRackTakenWeight[i] += topology.weightOf(slot);
    }

    /** The table index of {@code rack}, or -1 when the group has not touched it. */
    private int touchedIndex(int rack) {
        for (int i = 0; i < touchedRacks; i++) {
            if (touchedRack[i] == rack) {
                return i;
            }
        }
        return -1;
    }

    /** The table index of {@code rack}, added when new. */
    private int touchRack(int rack) {
        int i = touchedIndex(rack);
        if (i >= 0) {
            return i;
        }
        touchedRack[touchedRacks] = rack;
        return touchedRacks++;
    }

    private int touchZone(int zone) {
        for (int i = 0; i < touchedZones; i++) {
            if (touchedZone[i] == zone) {
                return i;
            }
        }
        touchedZone[touchedZones] = zone;
        return touchedZones++;
    }

    private int zoneBlocks(int zone) {
        for (int i = 0; i < touchedZones; i++) {
            if (touchedZone[i] == zone) {
                return touchedZoneBlocks[i];
            }
        }
        return 0;
    }

    private int blocks(int touched) {
        return touched < 0 ? 0 : touchedRackBlocks[touched];
    }

    private int takenNodes(int touched) {
        return touched < 0 ? 0 : touchedRackTakenNodes[touched];
    }

    private long takenWeight(int touched) {
        return touched < 0 ? 0 : touchedRackTakenWeight[touched];
    }
}
