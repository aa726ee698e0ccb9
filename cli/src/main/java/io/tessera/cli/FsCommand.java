package io.tessera.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tessera fs}: file operations on a running cluster. */
@Command(
        name = "fs",
        description = "File operations on a running cluster.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
            FsLsCommand.class,
            FsStatCommand.class,
            FsMkdirCommand.class,
            FsPutCommand.class,
            FsGetCommand.class,
            FsCatCommand.class,
            FsRmCommand.class,
            FsMvCommand.class,
            FsDuCommand.class,
            FsLocateCommand.class,
            FsSetPolicyCommand.class,
            FsGetPolicyCommand.class,
        })
final class FsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing fs command");
    }
}
