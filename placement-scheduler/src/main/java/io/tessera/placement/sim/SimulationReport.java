package io.tessera.placement.sim;

import io.tessera.common.Sizes;
import java.util.Locale;

/** The numbers of one {@link PlacementSimulation} run, and their text. */
record SimulationReport(
        PlacementSimulation.Config config,
        int groups,
        long slots,
        long totalBytes,
        long capacityPerNode,
        long nanosPerPlacement,
        long cpuNanosPerPlacement,
        long nanosPerPrepare,
        SimulatedCluster.UsageSpread placedSpread,
        SpreadCheck.Violations placedViolations,
        int newNodes,
        int moves,
        long bytesMoved,
        long minimumBytes,
        long newNodesToMeanBytes,
        boolean balanced,
        long planNanos,
        SimulatedCluster.UsageSpread balancedSpread,
        SpreadCheck.Violations balancedViolations,
        long liveHeapBytes,
        long peakHeapBytes,
        long wallNanos) {

    String format() {
        StringBuilder text = new StringBuilder();
        line(
                text,
                "cluster",
                "%d nodes in %d racks in %d zones, %s each",
                config.nodes(),
                config.racks(),
                config.zones(),
                Sizes.format(capacityPerNode));
        line(
                text,
                "workload",
                "%,d groups (%,d slots), %s stored, policies %s, seed %d",
                groups,
                slots,
                Sizes.format(totalBytes),
                config.mix(),
                config.seed());
        line(
                text,
                "placement",
                "%.2f us per decision by the clock, %.2f us of CPU (after %,d warm-up groups); prepare %.2f ms per %,d groups",
                nanosPerPlacement / 1e3,
                cpuNanosPerPlacement / 1e3,
                config.warmupGroups(),
                nanosPerPrepare / 1e6,
                config.refreshGroups());
        spread(text, "placed", placedSpread, placedViolations);
        line(
                text,
                "join",
                "%d nodes in %d new racks (+%.0f %%)",
                newNodes,
                Math.round(config.racks() * config.join()),
                config.join() * 100);
        line(
                text,
                "rebalance",
                "%,d moves, %s moved; minimum for ±10 %% %s (%.3fx); new nodes to the mean %s (%.3fx); %s; planned in %.1f s",
                moves,
                Sizes.format(bytesMoved),
                Sizes.format(minimumBytes),
                ratio(bytesMoved, minimumBytes),
                Sizes.format(newNodesToMeanBytes),
                ratio(bytesMoved, newNodesToMeanBytes),
                balanced ? "every node within ±10 % of the mean" : "NOT balanced",
                planNanos / 1e9);
        spread(text, "balanced", balancedSpread, balancedViolations);
        Runtime runtime = Runtime.getRuntime();
        line(
                text,
                "run",
                "%.1f s wall; heap %s live after GC with the plan, %s peak of pools, %s max; %d processors",
                wallNanos / 1e9,
                Sizes.format(liveHeapBytes),
                Sizes.format(peakHeapBytes),
                Sizes.format(runtime.maxMemory()),
                runtime.availableProcessors());
        return text.toString();
    }

    private static double ratio(long bytes, long reference) {
        return reference == 0 ? 0 : (double) bytes / reference;
    }

    private static void spread(
            StringBuilder text, String label, SimulatedCluster.UsageSpread spread, SpreadCheck.Violations violations) {
        line(
                text,
                label,
                "usage CV %.4f, min %.3f / max %.3f of the mean; violations %d (unplaced %d, shared node %d, rack %d, zone %d)",
                spread.coefficientOfVariation(),
                spread.minOverMean(),
                spread.maxOverMean(),
                violations.total(),
                violations.unplaced(),
                violations.sharedNode(),
                violations.rackOverfull(),
                violations.zoneOverfull());
    }

    private static void line(StringBuilder text, String label, String format, Object... values) {
        text.append(String.format(Locale.ROOT, "%-10s ", label + ":"))
                .append(String.format(Locale.ROOT, format, values))
                .append('\n');
    }
}
