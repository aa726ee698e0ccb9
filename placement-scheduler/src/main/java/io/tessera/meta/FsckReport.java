package io.tessera.meta;

import java.util.List;

/**
 * The health of every committed group under a path, as in the {@code FsckReport} message: counts by
 * health, and the groups that are not healthy, in path then file order, up to a limit.
 *
 * @param files files walked, empty ones included
 * @param unhealthy degraded and missing groups, at most the limit asked for
 * @param truncated true when more groups were unhealthy than {@code unhealthy} lists
 */
record FsckReport(
        long files, long healthy, long degraded, long missing, List<GroupReport> unhealthy, boolean truncated) {
    /** The worst health of any group: HEALTHY for a tree without groups. */
    GroupHealth health() {
        return missing > 0 ? GroupHealth.MISSING : degraded > 0 ? GroupHealth.DEGRADED : GroupHealth.HEALTHY;
    }
}
