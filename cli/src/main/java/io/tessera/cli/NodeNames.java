package io.tessera.cli;

import io.tessera.client.ClusterReport;

/** Finds a storage node by what an operator types: its node id, or its data address host:port. */
final class NodeNames {
    private NodeNames() {}

    static ClusterReport.Node find(ClusterReport report, String name) {
        for (ClusterReport.Node node : report.nodes()) {
            if (name.equals("" + node.nodeId()) || name.equals(node.host() + ":" + node.dataPort())) {
                return node;
            }
        }
        throw new CommandFailure("no storage node " + name + ": give a node id or host:port from admin report");
    }
}
