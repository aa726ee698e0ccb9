package io.tessera.cli;

import io.tessera.client.ClusterReport;
import io.tessera.client.TesseraClient;
import io.tessera.common.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera admin report [--json]}: namespace totals and every storage node's state and usage. */
@Command(name = "report", description = "Show namespace totals and every storage node.")
final class AdminReportCommand extends ClientCommand {
    private static final String ROW = "%4s  %-15s %-21s %-10s %-10s %10s %10s %8s %9s%n";

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
        text.append(String.format("storage nodes: %d, %d live%n", report.nodes().size(), live));
        text.append(String.format(
                ROW, "ID", "STATE", "DATA ADDRESS", "RACK", "ZONE", "CAPACITY", "USED", "BLOCKS", "HEARTBEAT"));
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
                    .endObject();
        }
        return json.endArray().endObject().toString();
    }
}
