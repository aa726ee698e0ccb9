package io.tessera.placement;

import io.tessera.common.ErrorCode;
import io.tessera.common.Sizes;
import io.tessera.common.TesseraException;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of {@link Topology#place}: the blocks of the group counted per rack and per zone, and the
 * slots already taken, kept in ascending order so that a weighted draw within a rack can step over them.
 * Used once and dropped.
 */
final class GroupPlacement {
    private final Topology topology;
    private final PlacementRequest request;
    private final SplitMix64 random;
    private final int[] rackBlocks;
    private final int[] zoneBlocks;
    private final int[] rackTakenNodes;
    private final long[] rackTakenWeight;
    private final int[] takenSlots;
    private int takenCount;

    GroupPlacement(Topology topology, PlacementRequest request) {
        this.topology = topology;
        this.request = request;
        this.random = new SplitMix64(request.seed());
        rackBlocks = new int[topology.rackCount()];
        zoneBlocks = new int[topology.zoneCount()];
        rackTakenNodes = new int[topology.rackCount()];
        rackTakenWeight = new long[topology.rackCount()];
        takenSlots = new int[request.blocks() + request.excludedNodes().size()];
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
            rackBlocks[rack]++;
            zoneBlocks[topology.zoneOfRack(rack)]++;
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
                rackBlocks[index]++;
            }
            int zone = topology.indexOfZone(rack.zone());
            if (zone >= 0) {
                zoneBlocks[zone]++;
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
     * then those whose zone has fewest; then at random weighted by the racks' free weight.
     */
    private int chooseRack() {
        int bestRackBlocks = Integer.MAX_VALUE;
        int bestZoneBlocks = Integer.MAX_VALUE;
        long tiedWeight = 0;
        for (int rack = 0; rack < rackBlocks.length; rack++) {
            if (!hasFreeNode(rack)) {
                continue;
            }
            int zoneCount = zoneBlocks[topology.zoneOfRack(rack)];
            int order = rackBlocks[rack] != bestRackBlocks
                    ? Integer.compare(rackBlocks[rack], bestRackBlocks)
                    : Integer.compare(zoneCount, bestZoneBlocks);
            if (order < 0) {
                bestRackBlocks = rackBlocks[rack];
                bestZoneBlocks = zoneCount;
                tiedWeight = 0;
            }
            if (order <= 0) {
                tiedWeight += freeWeight(rack);
            }
        }
        long position = random.nextLong(tiedWeight);
        for (int rack = 0; ; rack++) {
            if (hasFreeNode(rack)
                    && rackBlocks[rack] == bestRackBlocks
                    && zoneBlocks[topology.zoneOfRack(rack)] == bestZoneBlocks) {
                if (position < freeWeight(rack)) {
                    return rack;
                }
                position -= freeWeight(rack);
            }
        }
    }

    /**
     * A free slot of {@code rack}, weighted by free space: a position is drawn over the rack's free
     * weight, then moved past the weight of every taken slot at or before it, which maps it onto the
     * running sum of all the rack's slots.
     */
    private int chooseSlot(int rack) {
        long position = topology.weightBefore(topology.rackStart(rack)) + random.nextLong(freeWeight(rack));
        for (int i = 0; i < takenCount; i++) {
            int slot = takenSlots[i];
            if (slot >= topology.rackStart(rack)
                    && slot < topology.rackEnd(rack)
                    && position >= topology.weightBefore(slot)) {
                position += topology.weightOf(slot);
            }
        }
        return topology.slotAt(rack, position);
    }

    private boolean hasFreeNode(int rack) {
        return topology.rackEnd(rack) - topology.rackStart(rack) > rackTakenNodes[rack];
    }

    private long freeWeight(int rack) {
        long rackWeight =
                topology.weightBefore(topology.rackEnd(rack)) - topology.weightBefore(topology.rackStart(rack));
        return rackWeight - rackTakenWeight[rack];
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
        int rack = topology.rackOfSlot(slot);
        rackTakenNodes[rack]++;
        rackTakenWeight[rack] += topology.weightOf(slot);
    }
}
