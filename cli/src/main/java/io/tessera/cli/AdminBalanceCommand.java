package io.tessera.cli;

import io.tessera.client.ClusterReport;
import io.tessera.client.TesseraClient;
import io.tessera.common.Sizes;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tessera admin balance}: asks the metadata service to move blocks until every live node's usage
 * (the bytes the block map places on it) is within 10% of the mean, and shows the spread until it is.
 * The service also balances on its own when a node joins.
 */
@Command(name = "balance", description = "Move blocks until every live node is within 10% of the mean usage.")
final class AdminBalanceCommand extends ClientCommand {
    @Option(names = "--no-wait", description = "Ask for balancing and return at once.")
    boolean noWait;

    @Option(
            names = "--wait-seconds",
            defaultValue = "3600",
            paramLabel = "S",
            description = "Give up waiting after this long (default: ${DEFAULT-VALUE}); balancing goes on.")
    long waitSeconds;

    @Override
    int run(TesseraClient client) throws InterruptedException {
        client.metadata().balance();
        out().println("balancing asked for: " + spread(client.metadata().clusterReport()));
        if (noWait) {
            return Tessera.OK;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        long moved = -1;
        while (true) {
            Thread.sleep(1000);
            ClusterReport report = client.metadata().clusterReport();
            if (!report.healing().balancing() && report.healing().repairsInFlight() == 0) {
                out().println("balanced: " + spread(report));
                return Tessera.OK;
            }
            if (report.healing().blocksMoved() != moved) {
                moved = report.healing().blocksMoved();
                out().println("  " + spread(report) + ", " + moved + " blocks moved so far");
                out().flush();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new CommandFailure("still balancing after " + waitSeconds + " s: " + spread(report));
            }
        }
    }

    /** Live nodes' usage against the mean: the smallest and largest, in bytes and percent. */
    static String spread(ClusterReport report) {
        List<Long> usage = report.nodes().stream()
                .filter(node -> node.state().equals("LIVE"))
                .map(ClusterReport.Node::placedBytes)
                .toList();
        if (usage.isEmpty()) {
            return "no live nodes";
        }
        double mean = usage.stream().mapToLong(Long::longValue).average().orElse(0);
        long min = usage.stream().mapToLong(Long::longValue).min().orElse(0);
        long max = usage.stream().mapToLong(Long::longValue).max().orElse(0);
        return String.format(
                "%d live nodes, mean %s, smallest %s (%+.1f%%), largest %s (%+.1f%%)",
                usage.size(),
                Sizes.format((long) mean),
                Sizes.format(min),
                percent(min, mean),
                Sizes.format(max),
                percent(max, mean));
    }

    private static double percent(long bytes, double mean) {
        return mean == 0 ? 0 : (bytes - mean) * 100 / mean;
    }
}
