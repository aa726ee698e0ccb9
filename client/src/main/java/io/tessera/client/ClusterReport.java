package io.tessera.client;

import java.util.List;

/**
 * Namespace totals, the self-healing figures and the state of every storage node, for {@code tessera
 * admin report}.
 */
public record ClusterReport(long files, long directories, long blockGroups, Healing healing, List<Node> nodes) {
    /** Node states by their wire code: 1 live, 2 dead, 3 decommissioning, 4 decommissioned. */
    static final String[] STATES = {"UNKNOWN", "LIVE", "DEAD", "DECOMMISSIONING", "DECOMMISSIONED"};

    /**
     * Repair, decommission and balancing across the cluster.
     *
     * @param repairQueue block groups waiting for repair or draining
     * @param repairsInFlight blocks being rebuilt or moved now
     * @param blocksMoved blocks copied by decommission and balancing
     * @param balancing whether a balancing round is asked for or under way
     */
    public record Healing(
            long repairQueue,
            long repairsInFlight,
            long blocksRebuilt,
            long bytesRebuilt,
            long repairFailures,
            long blocksMoved,
            boolean balancing) {}

    /**
     * One storage node.
     *
     * @param blocks blocks on its disk, as its last heartbeat said
     * @param placedBlocks blocks the block map places on it
     * @param placedBytes bytes of those: the usage balancing evens out
     * @param scrubbedBytes bytes its scrubber verified in the current pass
     * @param rebuiltBytes bytes rebuilt or moved onto it
     */
    public record Node(
            int nodeId,
            String state,
            String host,
            int dataPort,
            int flightPort,
            int httpPort,
            String rack,
            String zone,
            String storageId,
            long capacity,
            long used,
            long blocks,
            long lastHeartbeatAgeMs,
            long placedBlocks,
            long placedBytes,
            long scrubPasses,
            long scrubbedBytes,
            long corruptBlocks,
            long rebuiltBytes) {}

    static String state(int code) {
        return code > 0 && code < STATES.length ? STATES[code] : STATES[0];
    }
}
