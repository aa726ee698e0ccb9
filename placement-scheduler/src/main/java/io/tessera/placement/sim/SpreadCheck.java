package io.tessera.placement.sim;

/**
 * Checks every group's failure domains: each existing block placed, on its own node, no rack holding more
 * than {@code ceil(width / racks)} blocks of the group and no zone more than {@code ceil(width / zones)}:
 * what the placement policy promises a new group when zones have equally many racks, as simulated.
 */
final class SpreadCheck {
    private final SimulatedGroups groups;
    private final SimulatedCluster cluster;
    private final int[] nodes = new int[256];

    SpreadCheck(SimulatedGroups groups, SimulatedCluster cluster) {
        this.groups = groups;
        this.cluster = cluster;
    }

    /** Groups that break a rule, by rule. */
    record Violations(long unplaced, long sharedNode, long rackOverfull, long zoneOverfull) {
        long total() {
            return unplaced + sharedNode + rackOverfull + zoneOverfull;
        }
    }

    Violations check() {
        long unplaced = 0;
        long sharedNode = 0;
        long rackOverfull = 0;
        long zoneOverfull = 0;
        for (int group = 0; group < groups.groups(); group++) {
            int width = groups.slots(group);
            int present = 0;
            boolean missing = false;
            for (int slot = 0; slot < width; slot++) {
                int node = groups.node(group, slot);
                if (node >= 0) {
                    nodes[present++] = node;
                } else if (groups.exists(group, slot)) {
                    missing = true;
                }
            }
            unplaced += missing ? 1 : 0;
            sharedNode += sharesNode(present) ? 1 : 0;
            rackOverfull += maxPerDomain(present, true) > ceilDiv(width, cluster.rackCount()) ? 1 : 0;
            zoneOverfull += maxPerDomain(present, false) > ceilDiv(width, cluster.zoneCount()) ? 1 : 0;
        }
        return new Violations(unplaced, sharedNode, rackOverfull, zoneOverfull);
    }

    private boolean sharesNode(int present) {
        for (int i = 0; i < present; i++) {
            for (int j = i + 1; j < present; j++) {
                if (nodes[i] == nodes[j]) {
                    return true;
                }
            }
        }
        return false;
    }

    private int maxPerDomain(int present, boolean byRack) {
        int max = 0;
        for (int i = 0; i < present; i++) {
            int domain = byRack ? cluster.rackOf(nodes[i]) : cluster.zoneOf(nodes[i]);
            int count = 0;
            for (int j = 0; j < present; j++) {
                count += (byRack ? cluster.rackOf(nodes[j]) : cluster.zoneOf(nodes[j])) == domain ? 1 : 0;
            }
            max = Math.max(max, count);
        }
        return max;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
