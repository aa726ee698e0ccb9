package io.tessera.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code tessera bench}: write and read throughput against a running cluster, or, with {@code --compare hdfs},
 * Tessera against HDFS side by side on clusters the comparison starts itself (see {@link HdfsComparison}).
 */
@Command(
        name = "bench",
        description = {
            "Throughput benchmarks against a running cluster.",
            "bench --compare hdfs [--size 1g] [--files 16] [--threads 4] [--runs 3] [--tpch-scale 0.1] ...: Tessera"
                    + " against HDFS (MiniDFSCluster) in one run, through Hadoop's FileSystem API, with a table and an"
                    + " HTML report (bench --compare hdfs -- --help lists every option)."
        },
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {BenchWriteCommand.class, BenchReadCommand.class})
final class BenchCommand implements Callable<Integer> {
    /** Where {@code bench write} leaves its files for {@code bench read}. */
    static final String DIRECTORY = "/bench/data";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--compare",
            paramLabel = "SYSTEM",
            description = "Compare with another system (hdfs); the options after it go to the comparison.")
    String compare;

    @Unmatched
    List<String> comparisonOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (compare == null) {
            throw new ParameterException(spec.commandLine(), "Missing bench command");
        }
        HdfsComparison.checkSystem(compare);
        return HdfsComparison.run(((Tessera) spec.root().userObject()).out, comparisonOptions);
    }
}
