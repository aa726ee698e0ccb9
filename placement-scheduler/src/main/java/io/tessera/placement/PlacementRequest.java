package io.tessera.placement;

import io.tessera.common.BlockId;
import io.tessera.common.StoragePolicy;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to place: {@code blocks} blocks, none on {@code excludedNodes}, away from the racks and zones in
 * {@code usedRacks} where the cluster allows, drawn with {@code seed}.
 *
 * @param label names the request in refusals, such as {@code RS-6-3}
 * @param blocks how many nodes to choose, one per block index
 * @param excludedNodes nodes that must not be chosen: for a repair, those still holding blocks of the group
 * @param usedRacks the racks of blocks the group already has, once per block: for a repair, the racks
 *     of the surviving blocks. They count as if placed by this request, so new blocks go to racks and
 *     zones the group does not use yet whenever such racks have room
 * @param seed the only source of randomness; the state machine derives it from the block group id
 */
public record PlacementRequest(String label, int blocks, Set<Integer> excludedNodes, List<Rack> usedRacks, long seed) {
    public PlacementRequest {
        Objects.requireNonNull(label, "label");
        if (blocks < 1 || blocks > BlockId.MAX_INDEX + 1) {
            throw new IllegalArgumentException(
                    label + ": blocks to place must be 1 to " + (BlockId.MAX_INDEX + 1) + ": " + blocks);
        }
        excludedNodes = Set.copyOf(excludedNodes);
        usedRacks = List.copyOf(usedRacks);
    }

    /** Every block of a new group of {@code policy}: {@code k + m} nodes, or {@code n} for replicas. */
    public static PlacementRequest newGroup(StoragePolicy policy, long seed) {
        return new PlacementRequest(policy.name(), policy.width(), Set.of(), List.of(), seed);
    }

    /**
     * New homes for {@code lostBlocks} blocks of a group of {@code policy} whose surviving blocks are on
     * {@code holders}, standing in {@code holderRacks}.
     */
    public static PlacementRequest repair(
            StoragePolicy policy,
            int lostBlocks,
            Collection<Integer> holders,
            Collection<Rack> holderRacks,
            long seed) {
        return new PlacementRequest(
                "repair of " + policy.name(), lostBlocks, Set.copyOf(holders), List.copyOf(holderRacks), seed);
    }
}
