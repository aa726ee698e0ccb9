package io.tessera.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tessera admin}: the cluster's state and health, and operations on nodes. */
@Command(
        name = "admin",
        description = "Cluster state, block health, node operations.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
            AdminReportCommand.class,
            AdminFsckCommand.class,
            AdminDecommissionCommand.class,
            AdminBalanceCommand.class,
        })
final class AdminCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing admin command");
    }
}
