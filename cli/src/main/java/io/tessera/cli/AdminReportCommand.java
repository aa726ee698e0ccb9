package io.tessera.cli;

import io.tessera.client.ClusterReport;
import io.tessera.client.TesseraClient;
import io.tessera.common.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tessera admin report [--json]}: namespace totals, repair and balancing figures, and every storage
 * node's state, usage, scrubber progress and bytes rebuilt onto it.
 */
@Command(name = "report", description = "Show namespace totals and every storage node.")
final class AdminReportCommand extends ClientCommand {
    private static final String ROW = "%4s  %-15s %-21s %-10s %-10s %10s %10s %8s %10s %8s %12s %10s %9s%n";

    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @Override
    int run(TesseraClient client) {
        ClusterReport report = client.metadata().clusterReport();
        out().println(json ? json(report) : text(report));
        return Tessera.OK;
    }

    private static String text(ClusterReport report) {
        long live =
                report.nodes().stream().filter(n -> n.state().equals("LIVE")).count();
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                "files: %d, directories: %d, block groups: %d%n",
                report.files(), report.directories(), report.blockGroups()));
        ClusterReport.Healing healing = report.healing();
        text.append(String.format(
                "repair: %d groups queued, %d blocks in flight, %d blocks (%s) rebuilt, %d moved, %d failed tasks%s%n",
                healing.repairQueue(),
                healing.repairsInFlight(),
                healing.blocksRebuilt(),
                Sizes.format(healing.bytesRebuilt()),
                healing.blocksMoved(),
                healing.repairFailures(),
                healing.balancing() ? ", balancing" : ""));
        text.append(String.format("storage nodes: %d, %d live%n", report.nodes().size(), live));
        text.append(String.format(
                ROW,
                "ID",
                "STATE",
                "DATA ADDRESS",
                "RACK",
                "ZONE",
                "CAPACITY",
                "USED",
                "BLOCKS",
                "PLACED",
                "CORRUPT",
                "SCRUB",
                "REBUILT",
                "HEARTBEAT"));
        for (ClusterReport.Node node : report.nodes()) {
            text.append(String.format(
                    ROW,
                    node.nodeId(),
                    node.state(),
                    node.host() + ":" + node.dataPort(),
                    node.rack(),
                    node.zone(),
                    capacity(node.capacity()),
                    Sizes.format(node.used()),
                    node.blocks(),
                    Sizes.format(node.placedBytes()),
                    node.corruptBlocks(),
                    "pass " + (node.scrubPasses() + 1) + " " + Sizes.format(node.scrubbedBytes()),
                    Sizes.format(node.rebuiltBytes()),
                    node.lastHeartbeatAgeMs() + " ms"));
        }
        return text.toString().stripTrailing();
    }

    private static String capacity(long bytes) {
        return bytes <= 0 || bytes == Long.MAX_VALUE ? "unlimited" : Sizes.format(bytes);
    }

    private static String json(ClusterReport report) {
        JsonWriter json = new JsonWriter()
                .beginObject()
                .field("files", report.files())
                .field("directories", report.directories())
                .field("blockGroups", report.blockGroups())
                .field("repairQueue", report.healing().repairQueue())
                .field("repairsInFlight", report.healing().repairsInFlight())
                .field("blocksRebuilt", report.healing().blocksRebuilt())
                .field("bytesRebuilt", report.healing().bytesRebuilt())
                .field("repairFailures", report.healing().repairFailures())
                .field("blocksMoved", report.healing().blocksMoved())
                .field("balancing", report.healing().balancing())
                .name("nodes")
                .beginArray();
        for (ClusterReport.Node node : report.nodes()) {
            json.beginObject()
                    .field("id", node.nodeId())
                    .field("state", node.state())
                    .field("host", node.host())
                    .field("dataPort", node.dataPort())
                    .field("flightPort", node.flightPort())
                    .field("httpPort", node.httpPort())
                    .field("rack", node.rack())
                    .field("zone", node.zone())
                    .field("storageId", node.storageId())
                    .field("capacity", node.capacity())
                    .field("used", node.used())
                    .field("blocks", node.blocks())
                    .field("lastHeartbeatAgeMs", node.lastHeartbeatAgeMs())
                    .field("placedBlocks", node.placedBlocks())
                    .field("placedBytes", node.placedBytes())
                    .field("scrubPasses", node.scrubPasses())
                    .field("scrubbedBytes", node.scrubbedBytes())
                    .field("corruptBlocks", node.corruptBlocks())
                    .field("rebuiltBytes", node.rebuiltBytes())
                    .endObject();
        }
        return json.endArray().endObject().toString();
    }
}
