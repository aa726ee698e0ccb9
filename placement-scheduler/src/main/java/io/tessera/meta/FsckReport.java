package io.tessera.meta;

import java.util.List;

/**
 * Every committed group under a path, in path order then file order, with its health.
 *
 * @param files files walked, including empty ones
 */
record FsckReport(List<GroupReport> groups, long files) {
    /** The worst health of any group: HEALTHY for a tree without groups. */
    GroupHealth health() {
        GroupHealth worst = GroupHealth.HEALTHY;
        for (GroupReport report : groups) {
            worst = worst.and(report.health());
        }
        return worst;
    }
}
