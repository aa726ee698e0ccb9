package io.tessera.placement;

import java.util.Objects;

/**
 * A node that may take blocks: live and not being decommissioned. Placement needs nothing else about a
 * node than where it stands and how much room it has.
 */
public record Candidate(int nodeId, Rack rack, long capacityBytes, long usedBytes) {
    public Candidate {
        if (nodeId < 0) {
            throw new IllegalArgumentException("node id must not be negative: " + nodeId);
        }
        Objects.requireNonNull(rack, "rack");
        if (capacityBytes < 0 || usedBytes < 0) {
            throw new IllegalArgumentException("node " + nodeId + ": capacity and used bytes must not be negative: "
                    + capacityBytes + ", " + usedBytes);
        }
    }

    /** Bytes still free; zero when a disk reports more used than its capacity. */
    public long freeBytes() {
        return Math.max(0, capacityBytes - usedBytes);
    }
}
