package io.tessera.client;

import java.util.List;

/** Namespace totals and the state of every storage node, for {@code tessera admin report}. */
public record ClusterReport(long files, long directories, long blockGroups, List<Node> nodes) {
    /** Node states by their wire code: 1 live, 2 dead, 3 decommissioning, 4 decommissioned. */
    static final String[] STATES = {"UNKNOWN", "LIVE", "DEAD", "DECOMMISSIONING", "DECOMMISSIONED"};

    /** One storage node. */
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
            long lastHeartbeatAgeMs) {}

    static String state(int code) {
        return code > 0 && code < STATES.length ? STATES[code] : STATES[0];
    }
}
