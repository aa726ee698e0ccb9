package io.tessera.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code tessera admin balance}: evening out usage needs a call the metadata service does not have yet,
 * so this refuses rather than pretend.
 */
@Command(name = "balance", description = "Even out storage usage across nodes (not supported yet).")
final class AdminBalanceCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CommandFailure("admin balance: not supported yet: the metadata service has no balancing call");
    }
}
