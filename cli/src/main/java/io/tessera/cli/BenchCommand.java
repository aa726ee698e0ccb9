package io.tessera.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tessera bench}: write and read throughput against a running cluster. */
@Command(
        name = "bench",
        description = "Throughput benchmarks against a running cluster.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {BenchWriteCommand.class, BenchReadCommand.class})
final class BenchCommand implements Runnable {
    /** Where {@code bench write} leaves its files for {@code bench read}. */
    static final String DIRECTORY = "/bench/data";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing bench command");
    }
}
