package io.tessera.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tessera bench}: throughput benchmarks. */
@Command(name = "bench", description = "Throughput benchmarks.", synopsisSubcommandLabel = "COMMAND")
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing bench command");
    }
}
