package io.tessera.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The nodes that can take a block, laid out for placement: sorted by zone, rack and node id into
 * slots, with each rack a contiguous run of slots and a running sum of their weights, so a weighted draw
 * within a rack is a binary search. Immutable; built by {@link PlacementPolicy#prepare}.
 *
 * <p>A node's weight is its free space in 64 KiB units plus one, so that sums over 10,000 petabyte
 * nodes stay far from overflow and no eligible node has zero weight.
 */
public final class Topology {
    static final int WEIGHT_SHIFT = 16;

    private final long minFreeBytes;
    private final int fullNodes;
    private final int[] slotNode;
    private final int[] slotRack;
    private final long[] weightBefore;
    private final List<Rack> racks;
    private final int[] rackStart;
    private final int[] rackZone;
    /** Racks are sorted by zone, so a zone's racks are a run: zone {@code z} has racks {@code [zoneRackStart[z], zoneRackStart[z + 1])}. */
    private final int[] zoneRackStart;

    private final List<String> zones;
    private final Map<Rack, Integer> rackIndex;
    private final Map<String, Integer> zoneIndex;
    private final int[] sortedNodeIds;
    private final int[] slotOfSortedNodeId;

    private Topology(long minFreeBytes, int fullNodes, List<Candidate> eligible) {
        this.minFreeBytes = minFreeBytes;
        this.fullNodes = fullNodes;
        int size = eligible.size();
        slotNode = new int[size];
        slotRack = new int[size];
        weightBefore = new long[size + 1];
        racks = new ArrayList<>();
        zones = new ArrayList<>();
        rackIndex = new HashMap<>();
        zoneIndex = new HashMap<>();
        List<Integer> starts = new ArrayList<>();
        List<Integer> zoneOfRack = new ArrayList<>();
        for (int slot = 0; slot < size; slot++) {
            Candidate node = eligible.get(slot);
            if (racks.isEmpty() || !racks.get(racks.size() - 1).equals(node.rack())) {
                addRack(node.rack(), slot, starts, zoneOfRack);
            }
            slotNode[slot] = node.nodeId();
            slotRack[slot] = racks.size() - 1;
            weightBefore[slot + 1] = Math.addExact(weightBefore[slot], weight(node));
        }
        starts.add(size);
        rackStart = starts.stream().mapToInt(Integer::intValue).toArray();
        rackZone = zoneOfRack.stream().mapToInt(Integer::intValue).toArray();
        zoneRackStart = new int[zones.size() + 1];
        for (int rack = rackZone.length - 1; rack >= 0; rack--) {
            zoneRackStart[rackZone[rack]] = rack;
        }
        zoneRackStart[zones.size()] = rackZone.length;
        sortedNodeIds = slotNode.clone();
        Arrays.sort(sortedNodeIds);
        slotOfSortedNodeId = new int[size];
        for (int slot = 0; slot < size; slot++) {
            slotOfSortedNodeId[Arrays.binarySearch(sortedNodeIds, slotNode[slot])] = slot;
        }
    }

    static Topology of(Collection<Candidate> candidates, long minFreeBytes) {
        List<Candidate> byNodeId = sortedByNodeId(candidates);
        List<Candidate> eligible = eligibleByRackThenNodeId(byNodeId, minFreeBytes);
        return new Topology(minFreeBytes, byNodeId.size() - eligible.size(), eligible);
    }

    /** The candidates by node id; linear when they come so, as the registry gives them (TimSort finds the run). */
    private static List<Candidate> sortedByNodeId(Collection<Candidate> candidates) {
        List<Candidate> byNodeId = new ArrayList<>(candidates);
        byNodeId.sort(Comparator.comparingInt(Candidate::nodeId));
        for (int i = 1; i < byNodeId.size(); i++) {
            if (byNodeId.get(i - 1).nodeId() == byNodeId.get(i).nodeId()) {
                throw new IllegalArgumentException(
                        "node " + byNodeId.get(i).nodeId() + " appears twice among the candidates");
            }
        }
        return byNodeId;
    }

    /**
     * Nodes with room for a block, grouped by rack in rack order and by node id within a rack: one pass
     * into buckets, then only the racks are sorted. The map is looked up, never iterated.
     */
    private static List<Candidate> eligibleByRackThenNodeId(List<Candidate> byNodeId, long minFreeBytes) {
        Map<Rack, List<Candidate>> buckets = new HashMap<>();
        List<Rack> racks = new ArrayList<>();
        for (Candidate node : byNodeId) {
            if (node.freeBytes() >= minFreeBytes) {
                buckets.computeIfAbsent(node.rack(), rack -> {
                            racks.add(rack);
                            return new ArrayList<>();
                        })
                        .add(node);
            }
        }
        racks.sort(Comparator.naturalOrder());
        List<Candidate> eligible = new ArrayList<>();
        racks.forEach(rack -> eligible.addAll(buckets.get(rack)));
        return eligible;
    }

    private void addRack(Rack rack, int firstSlot, List<Integer> starts, List<Integer> zoneOfRack) {
        Integer zone = zoneIndex.get(rack.zone());
        if (zone == null) {
            zone = zones.size();
            zones.add(rack.zone());
            zoneIndex.put(rack.zone(), zone);
        }
        rackIndex.put(rack, racks.size());
        racks.add(rack);
        starts.add(firstSlot);
        zoneOfRack.add(zone);
    }

    static long weight(Candidate node) {
        return (node.freeBytes() >>> WEIGHT_SHIFT) + 1;
    }

    /**
     * Node ids for {@code request}, one per block index, drawn with the request's seed.
     *
     * @throws io.tessera.common.TesseraException {@code INSUFFICIENT_NODES} when fewer nodes than blocks
     *     are eligible
     */
    public List<Integer> place(PlacementRequest request) {
        return new GroupPlacement(this, Objects.requireNonNull(request, "request")).place();
    }

    /** Nodes with room for a block. */
    public int eligibleNodes() {
        return slotNode.length;
    }

    /** Candidates skipped because they have less than the minimum free space. */
    public int fullNodes() {
        return fullNodes;
    }

    /** Racks with at least one eligible node, sorted by zone and name. */
    public List<Rack> racks() {
        return List.copyOf(racks);
    }

    /** Zones with at least one eligible node, sorted by name. */
    public List<String> zones() {
        return List.copyOf(zones);
    }

    long minFreeBytes() {
        return minFreeBytes;
    }

    int rackCount() {
        return racks.size();
    }

    int zoneCount() {
        return zones.size();
    }

    int rackStart(int rack) {
        return rackStart[rack];
    }

    int rackEnd(int rack) {
        return rackStart[rack + 1];
    }

    int zoneOfRack(int rack) {
        return rackZone[rack];
    }

    int zoneFirstRack(int zone) {
        return zoneRackStart[zone];
    }

    /** One past the last rack of {@code zone}. */
    int zoneEndRack(int zone) {
        return zoneRackStart[zone + 1];
    }

    /** Sum of the weights of the racks before {@code rack}; {@code rack} may be one past the last. */
    long weightBeforeRack(int rack) {
        return weightBefore[rackStart[rack]];
    }

    /** The rack whose weight range holds {@code position}, an absolute position in the running sum. */
    int rackAtWeight(long position) {
        int low = 0;
        int high = racks.size() - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (weightBefore[rackStart[middle]] <= position) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    int rackOfSlot(int slot) {
        return slotRack[slot];
    }

    int nodeAt(int slot) {
        return slotNode[slot];
    }

    /** Sum of the weights of the slots before {@code slot}; {@code slot} may be one past the last. */
    long weightBefore(int slot) {
        return weightBefore[slot];
    }

    long weightOf(int slot) {
        return weightBefore[slot + 1] - weightBefore[slot];
    }

    /** The slot of {@code nodeId}, or -1 when the node is not eligible. */
    int slotOf(int nodeId) {
        int index = Arrays.binarySearch(sortedNodeIds, nodeId);
        return index >= 0 ? slotOfSortedNodeId[index] : -1;
    }

    /** The index of {@code rack}, or -1 when it has no eligible node. */
    int indexOf(Rack rack) {
        return rackIndex.getOrDefault(rack, -1);
    }

    /** The index of {@code zone}, or -1 when it has no eligible node. */
    int indexOfZone(String zone) {
        return zoneIndex.getOrDefault(zone, -1);
    }

    /**
     * The slot in {@code rack} whose weight range holds {@code position}, an absolute position in the
     * running sum of weights.
     */
    int slotAt(int rack, long position) {
        int low = rackStart(rack);
        int high = rackEnd(rack) - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (weightBefore[middle] <= position) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }
}
