package io.tessera.placement;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Chooses the nodes for the blocks of a block group: every block on its own node, spread over as many
 * zones and then racks as the cluster has, and within that at random weighted by free space, so that
 * emptier nodes fill up faster and the cluster evens out.
 *
 * <p>The rules, in order of precedence:
 *
 * <ol>
 *   <li>Distinct nodes; nodes with less than {@link PlacementConfig#minFreeBytes()} free are full and
 *       skipped; excluded nodes are skipped. Too few nodes left is a refusal with {@link
 *       io.tessera.common.ErrorCode#INSUFFICIENT_NODES}, never a doubled-up group.
 *   <li>Racks fill level by level: no rack takes a second block of the group while another rack with a
 *       free node has none, so no rack holds more than {@code ceil(blocks / racks)} when racks have
 *       nodes enough. Racks a group already uses ({@link PlacementRequest#usedRacks()}) count as filled.
 *   <li>Among racks on the same level, those in the zone with fewest blocks of the group come first, so a
 *       group spans every zone before any zone takes a second block.
 *   <li>The remaining ties are broken at random, a rack weighted by the free space of its free nodes, and
 *       the node within the rack weighted by its own free space.
 * </ol>
 *
 * <p>Pure and deterministic: the same candidates (in any order), request and seed give the same list.
 * {@link #prepare} sorts the candidates once; {@link Topology#place} then costs {@code O(blocks x racks)}
 * and is cheap enough to call for every block group at 10,000 nodes.
 */
public final class PlacementPolicy {
    private final PlacementConfig config;

    public PlacementPolicy(PlacementConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The candidates sorted and indexed for many placements, until the cluster changes. */
    public Topology prepare(Collection<Candidate> candidates) {
        return Topology.of(candidates, config.minFreeBytes());
    }

    /** One placement over {@code candidates}: node ids, one per block index. */
    public List<Integer> place(Collection<Candidate> candidates, PlacementRequest request) {
        return prepare(candidates).place(request);
    }

    public PlacementConfig config() {
        return config;
    }
}
