package io.tessera.bench.hdfs;

import io.tessera.common.Sizes;
import io.tessera.examples.spark.TpchJob;
import io.tessera.examples.spark.TpchQueries;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tessera bench --compare hdfs}: Tessera and HDFS side by side in one run, both in this JVM with the same
 * number of nodes and racks and the same protection, measured through the same Hadoop {@link FileSystem} calls:
 * write and read throughput (one file from one thread, many files from several threads), metadata operations per
 * second against the one metadata service (NameNode), and Spark TPC-H query times on both and on local files.
 * Every measure is taken {@code --runs} times, the systems alternating which goes first; the table shows
 * medians.
 */
@Command(
        name = "tessera bench --compare hdfs",
        mixinStandardHelpOptions = true,
        description = "Tessera against HDFS (MiniDFSCluster), side by side in this JVM.")
public final class CompareHdfs implements Callable<Integer> {
    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description =
                    "Where both clusters keep their data (default: a new temporary directory, removed at the end).")
    Path dir;

    @Option(
            names = "--nodes",
            defaultValue = "9",
            description = "Storage servers and DataNodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--racks", defaultValue = "3", description = "Default: ${DEFAULT-VALUE}.")
    int racks;

    @Option(
            names = "--size",
            defaultValue = "1g",
            paramLabel = "SIZE",
            description = "Bytes written and read per measure (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(
            names = "--files",
            defaultValue = "16",
            description = "Files the size is spread over in the many-files measure (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(
            names = "--threads",
            defaultValue = "4",
            description = "Client threads for many files (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--block-size",
            defaultValue = "128m",
            paramLabel = "SIZE",
            description = "Default: ${DEFAULT-VALUE}.")
    String blockSize;

    @Option(names = "--runs", defaultValue = "3", description = "Samples of every measure (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--meta-files",
            defaultValue = "10000",
            description = "Files in the metadata directory (default: ${DEFAULT-VALUE}).")
    int metaFiles;

    @Option(names = "--meta-threads", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
    int metaThreads;

    @Option(
            names = "--listings",
            defaultValue = "5",
            description = "listStatus calls per metadata thread (default: ${DEFAULT-VALUE}).")
    int listings;

    @Option(
            names = "--tpch-scale",
            defaultValue = "0.1",
            description = "TPC-H scale factor for the Spark queries; 0 skips them (default: ${DEFAULT-VALUE}).")
    double tpchScale;

    @Option(
            names = "--skip",
            split = ",",
            paramLabel = "PART",
            description = "Parts to leave out: throughput, metadata, spark.")
    List<String> skip = new ArrayList<>();

    @Option(
            names = "--tessera-transport",
            defaultValue = "udp",
            paramLabel = "udp|ipc",
            description = "How the connector reaches the storage servers: udp over loopback through a media driver"
                    + " of its own, as from another host, or ipc through the cluster's (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(
            names = "--report",
            defaultValue = "tessera-bench-hdfs.html",
            paramLabel = "FILE",
            description = "The HTML report (default: ${DEFAULT-VALUE}).")
    Path report;

    private final PrintStream out;
    private final PrintStream progress;
    private final Results results = new Results();

    CompareHdfs(PrintStream out, PrintStream progress) {
        this.out = out;
        this.progress = progress;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CompareHdfs(System.out, System.err)).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        check();
        boolean temporary = dir == null;
        Path root = temporary ? Files.createTempDirectory("tessera-bench-hdfs") : dir;
        try {
            List<Side> sides = startSides(root);
            try {
                measure(sides, root);
            } finally {
                FileSystem.closeAll(); // Spark's cached clients, before the clusters they reach
                for (int i = sides.size() - 1; i >= 0; i--) {
                    sides.get(i).close();
                }
            }
        } finally {
            if (temporary) {
                deleteTree(root);
            }
        }
        out.println();
        results.print(out);
        HtmlReport.write(report, results, "Tessera against HDFS", context());
        out.println();
        out.println("HTML report: " + report.toAbsolutePath());
        return 0;
    }

    Results results() {
        return results;
    }

    private void check() {
        if (nodes < 9 || racks < 1 || racks > nodes) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "RS-6-3 needs --nodes of at least 9 and 1 <= --racks <= --nodes");
        }
        if (!transport.equals("udp") && !transport.equals("ipc")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--tessera-transport is udp or ipc");
        }
        if (files < 1 || threads < 1 || runs < 1 || metaFiles < 1 || metaThreads < 1 || listings < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "counts must be at least 1");
        }
    }

    private List<Side> startSides(Path root) throws Exception {
        List<Side> sides = new ArrayList<>();
        try {
            progress.printf("starting Tessera: a local cluster of %d storage servers in %d racks%n", nodes, racks);
            sides.add(TesseraSide.start(root.resolve("tessera"), nodes, racks, transport.equals("ipc")));
            progress.printf("starting HDFS: MiniDFSCluster with %d DataNodes in %d racks%n", nodes, racks);
            sides.add(HdfsSide.start(root.resolve("hdfs"), nodes, racks, Sizes.parse(blockSize)));
            return sides;
        } catch (Exception e) {
            sides.forEach(Side::close);
            throw e;
        }
    }

    private void measure(List<Side> sides, Path root) throws Exception {
        if (!skip.contains("throughput")) {
            throughput(sides);
        }
        if (!skip.contains("metadata")) {
            metadata(sides);
        }
        if (!skip.contains("spark") && tpchScale > 0) {
            spark(sides, root);
        }
    }

    private void throughput(List<Side> sides) throws Exception {
        long bytes = Sizes.parse(size);
        long block = Sizes.parse(blockSize);
        Throughput throughput = new Throughput();
        String one = "1 file × " + Sizes.format(bytes) + ", 1 thread";
        String many = files + " files × " + Sizes.format(bytes / files) + ", " + threads + " threads";
        for (Protection protection : Protection.values()) {
            String section = "throughput, " + protection.label();
            for (int run = 0; run < runs; run++) {
                for (Side side : inTurn(sides, run)) {
                    progress.printf("%s: %s, run %d of %d%n", side.name(), section, run + 1, runs);
                    FileSystem fs = side.fileSystem();
                    short replication = side.replication(protection);
                    var written = throughput.write(fs, side.directory(protection), 1, bytes, 1, replication, block);
                    results.add(section, "write, " + one, "MiB/s", true, side.name(), written.rate());
                    double read = throughput.read(fs, written.value(), bytes, 1);
                    results.add(section, "read, " + one, "MiB/s", true, side.name(), read);
                    written = throughput.write(
                            fs, side.directory(protection), files, bytes / files, threads, replication, block);
                    results.add(section, "write, " + many, "MiB/s", true, side.name(), written.rate());
                    read = throughput.read(fs, written.value(), bytes / files, threads);
                    results.add(section, "read, " + many, "MiB/s", true, side.name(), read);
                    side.directory(protection); // empties it
                }
            }
        }
    }

    private void metadata(List<Side> sides) throws Exception {
        String section =
                String.format(Locale.ROOT, "metadata, %d threads, %,d files in one directory", metaThreads, metaFiles);
        for (int run = 0; run < runs; run++) {
            for (Side side : inTurn(sides, run)) {
                progress.printf("%s: %s, run %d of %d%n", side.name(), section, run + 1, runs);
                Map<String, Double> rates =
                        MetadataOps.run(side.fileSystem(), side.scratch("metadata"), metaFiles, metaThreads, listings);
                rates.forEach((operation, rate) -> results.add(
                        section,
                        operation,
                        operation.equals("listStatus") ? "listings/s" : "ops/s",
                        true,
                        side.name(),
                        rate));
                side.scratch("metadata");
            }
        }
    }

    private void spark(List<Side> sides, Path root) throws Exception {
        String section = "Spark TPC-H SF " + tpchScale + ", local[2]";
        Map<String, String> bases = new LinkedHashMap<>();
        bases.put(Results.FILE, root.resolve("tpch-file").toUri().toString());
        for (Side side : sides) {
            bases.put(side.name(), side.scratch("tpch").toString());
        }
        try (SparkSession spark = TpchJob.localSession("tessera-bench-hdfs", 2)) {
            sides.forEach(side -> side.configure(spark.sparkContext().hadoopConfiguration()));
            List<String> systems = new ArrayList<>(bases.keySet());
            List<List<String>> reference = null;
            for (int run = 0; run < runs; run++) {
                for (String system : inTurn(systems, run)) {
                    progress.printf(
                            "%s: %s, generating and writing the tables, run %d of %d%n",
                            system, section, run + 1, runs);
                    TpchJob.Result written = TpchJob.run(spark, bases.get(system), tpchScale);
                    results.add(section, "generate and write", "s", false, system, written.writeNs() / 1e9);
                    List<List<String>> answers = written.answers().stream()
                            .map(TpchQueries.Answer::rows)
                            .toList();
                    if (reference == null) {
                        reference = answers;
                    } else if (!reference.equals(answers)) {
                        throw new IllegalStateException("TPC-H answers on " + bases.get(system)
                                + " differ from those on " + bases.get(systems.get(0)));
                    }
                }
            }
            for (int run = 0; run < runs; run++) {
                for (String system : inTurn(systems, run)) {
                    progress.printf("%s: %s, queries, run %d of %d%n", system, section, run + 1, runs);
                    for (TpchQueries.Answer answer : TpchQueries.run(spark, bases.get(system))) {
                        results.add(section, answer.query(), "s", false, system, answer.elapsedNs() / 1e9);
                    }
                }
            }
        }
    }

    /** The list rotated by {@code run}, so no system always goes first (on a warm or a cold machine). */
    private static <T> List<T> inTurn(List<T> items, int run) {
        List<T> turned = new ArrayList<>(items);
        java.util.Collections.rotate(turned, -(run % items.size()));
        return turned;
    }

    private String context() {
        return String.format(
                Locale.ROOT,
                "%d nodes in %d racks for each system, in one JVM (%s, %d processors); Tessera over %s. Throughput: %s per measure, "
                        + "%d files × %d threads for many files, %s blocks. Metadata: %d files, %d threads. "
                        + "Medians of %d runs.",
                nodes,
                racks,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                transport,
                size,
                files,
                threads,
                blockSize,
                metaFiles,
                metaThreads,
                runs);
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
