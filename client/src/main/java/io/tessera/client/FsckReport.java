package io.tessera.client;

import java.util.List;

/**
 * The health of every block group under a path: counts, and the groups that are not healthy (at most
 * 1000; {@code truncated} when there were more). DEGRADED groups lost redundancy but are readable;
 * MISSING groups have lost data. {@code repairQueue} and {@code repairsInFlight} say how much repair
 * is waiting and under way in the whole cluster.
 */
public record FsckReport(
        long healthy,
        long degraded,
        long missing,
        boolean truncated,
        List<Group> groups,
        long repairQueue,
        long repairsInFlight) {
    public enum Health {
        HEALTHY,
        DEGRADED,
        MISSING
    }

    /** One block group that is not healthy. */
    public record Group(long group, String path, Health health, int liveBlocks, int width) {}

    /** The overall verdict: the worst health of any group. */
    public Health status() {
        return missing > 0 ? Health.MISSING : degraded > 0 ? Health.DEGRADED : Health.HEALTHY;
    }
}
