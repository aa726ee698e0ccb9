package io.tessera.cli;

import io.tessera.client.ClusterReport;
import io.tessera.client.FsckReport;
import io.tessera.client.TesseraClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tessera admin fsck [PATH] [--json]}: the health of every block group under a path. The report
 * ends with one line whose last word is HEALTHY, DEGRADED or MISSING (SPEC.md), and the command exits 0
 * only when it is HEALTHY, so scripts can wait for repair with it. It also shows every node's state
 * and how much repair is queued and under way.
 */
@Command(name = "fsck", description = "Check the health of every block group under a path.")
final class AdminFsckCommand extends ClientCommand {
    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @Parameters(paramLabel = "PATH", defaultValue = "/", description = "Default: ${DEFAULT-VALUE}.")
    String path;

    @Override
    int run(TesseraClient client) {
        FsckReport report = client.metadata().fsck(path);
        ClusterReport cluster = client.metadata().clusterReport();
        out().println(json ? json(report, cluster) : text(report, cluster));
        return report.status() == FsckReport.Health.HEALTHY ? Tessera.OK : Tessera.FAILED;
    }

    private String text(FsckReport report, ClusterReport cluster) {
        StringBuilder text = new StringBuilder();
        text.append("storage nodes:");
        for (ClusterReport.Node node : cluster.nodes()) {
            text.append(' ').append(node.nodeId()).append(' ').append(node.state());
        }
        text.append(String.format(
                "%nrepair: %d groups queued, %d blocks in flight%n", report.repairQueue(), report.repairsInFlight()));
        text.append(String.format(
                "%s: %d block groups: %d healthy, %d degraded, %d missing%n",
                path,
                report.healthy() + report.degraded() + report.missing(),
                report.healthy(),
                report.degraded(),
                report.missing()));
        for (FsckReport.Group group : report.groups()) {
            text.append(String.format(
                    "  group %d of %s: %s, %d of %d blocks live%n",
                    group.group(), group.path(), group.health(), group.liveBlocks(), group.width()));
        }
        if (report.truncated()) {
            text.append(String.format("  (more unhealthy groups not listed)%n"));
        }
        text.append("Status of ").append(path).append(": ").append(report.status());
        return text.toString();
    }

    private String json(FsckReport report, ClusterReport cluster) {
        JsonWriter json = new JsonWriter()
                .beginObject()
                .field("path", path)
                .field("status", report.status().name())
                .field("healthy", report.healthy())
                .field("degraded", report.degraded())
                .field("missing", report.missing())
                .field("truncated", report.truncated())
                .field("repairQueue", report.repairQueue())
                .field("repairsInFlight", report.repairsInFlight())
                .name("nodes")
                .beginArray();
        for (ClusterReport.Node node : cluster.nodes()) {
            json.beginObject()
                    .field("id", node.nodeId())
                    .field("state", node.state())
                    .endObject();
        }
        json.endArray().name("groups").beginArray();
        for (FsckReport.Group group : report.groups()) {
            json.beginObject()
                    .field("group", group.group())
                    .field("path", group.path())
                    .field("health", group.health().name())
                    .field("liveBlocks", group.liveBlocks())
                    .field("width", group.width())
                    .endObject();
        }
        return json.endArray().endObject().toString();
    }
}
