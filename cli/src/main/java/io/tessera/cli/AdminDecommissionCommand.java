package io.tessera.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code tessera admin decommission NODE}: draining a node needs a call the metadata service does not
 * have yet, so this refuses rather than pretend.
 */
@Command(name = "decommission", description = "Drain a storage node (not supported yet).")
final class AdminDecommissionCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NODE", description = "Node id or host:port.")
    String node;

    @Override
    public Integer call() {
        throw new CommandFailure(
                "admin decommission " + node + ": not supported yet: the metadata service has no decommission call");
    }
}
