package io.tessera.cli;

import io.tessera.client.ClusterReport;
import io.tessera.client.TesseraClient;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tessera admin decommission NODE}: drains a storage node. The metadata service copies every block
 * of the node to other nodes before it stops counting the node's copy, so redundancy never drops below
 * the policy; this command shows the blocks left until the node is DECOMMISSIONED and may be stopped.
 */
@Command(name = "decommission", description = "Drain a storage node, showing progress until it may be stopped.")
final class AdminDecommissionCommand extends ClientCommand {
    @Parameters(paramLabel = "NODE", description = "Node id, or the node's data address host:port.")
    String node;

    @Option(names = "--no-wait", description = "Start draining and return at once.")
    boolean noWait;

    @Option(
            names = "--wait-seconds",
            defaultValue = "3600",
            paramLabel = "S",
            description = "Give up waiting after this long (default: ${DEFAULT-VALUE}); draining goes on.")
    long waitSeconds;

    @Override
    int run(TesseraClient client) throws InterruptedException {
        ClusterReport.Node target = NodeNames.find(client.metadata().clusterReport(), node);
        client.metadata().decommission(target.nodeId());
        out().printf("node %d (%s:%d) is draining%n", target.nodeId(), target.host(), target.dataPort());
        if (noWait) {
            return Tessera.OK;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        long shown = -1;
        while (true) {
            ClusterReport.Node now = NodeNames.find(client.metadata().clusterReport(), "" + target.nodeId());
            if (now.state().equals("DECOMMISSIONED")) {
                out().printf(
                                "node %d is DECOMMISSIONED: it holds no block the cluster needs and may be stopped%n",
                                target.nodeId());
                return Tessera.OK;
            }
            if (!now.state().equals("DECOMMISSIONING")) {
                throw new CommandFailure("node " + target.nodeId() + " is " + now.state() + " while draining; run"
                        + " admin decommission again once it is LIVE");
            }
            if (now.placedBlocks() != shown) {
                shown = now.placedBlocks();
                out().printf("  %d blocks left to copy away%n", shown);
                out().flush();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new CommandFailure("node " + target.nodeId() + " still holds " + shown + " blocks after "
                        + waitSeconds + " s; draining goes on, see admin report");
            }
            Thread.sleep(1000);
        }
    }
}
