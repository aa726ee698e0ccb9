package io.tessera.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the comparison with HDFS ({@code bench-hdfs}, class {@code io.tessera.bench.hdfs.CompareHdfs}) in a JVM of
 * its own: it starts a MiniDFSCluster and Spark, whose class path (Hadoop's server side, Spark, Scala) stays out
 * of the command line's. bin/tessera builds {@code bench-hdfs} and names the source tree in {@code tessera.home};
 * the JVM flags come from the build ({@code bench-hdfs/target/jvm-flags.txt}). {@code TESSERA_BENCH_JAVA_OPTS}
 * adds JVM options (default {@code -Xmx4g}).
 */
final class HdfsComparison {
    static final String SYSTEM = "hdfs";
    private static final String MAIN = "io.tessera.bench.hdfs.CompareHdfs";

    private HdfsComparison() {}

    static void checkSystem(String system) {
        if (!SYSTEM.equals(system)) {
            throw new CommandFailure("bench --compare " + system + ": only hdfs can be compared");
        }
    }

    /** Runs the comparison with {@code args}, copying what it prints to {@code out}; returns its exit code. */
    static int run(PrintStream out, List<String> args) throws IOException, InterruptedException {
        Path target = Path.of(System.getProperty("tessera.home", ".")).resolve("bench-hdfs/target");
        Path classpath = target.resolve("classpath.txt");
        Path flags = target.resolve("jvm-flags.txt");
        Path jar = benchJar(target);
        if (!Files.isRegularFile(classpath) || !Files.isRegularFile(flags) || jar == null) {
            throw new CommandFailure("the HDFS comparison is not built in " + target
                    + ": run it through bin/tessera, which builds it (mvn -pl bench-hdfs -am package -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(words(Files.readString(flags)));
        String options = System.getenv("TESSERA_BENCH_JAVA_OPTS");
        command.addAll(options == null ? List.of("-Xmx4g") : words(options));
        command.add("-cp");
        command.add(jar + ":" + Files.readString(classpath).trim());
        command.add(MAIN);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        try (InputStream printed = process.getInputStream()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = printed.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
            return process.waitFor();
        } finally {
            process.destroy();
        }
    }

    private static Path benchJar(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "tessera-bench-hdfs-*.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        return null;
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+"))
                .filter(word -> !word.isEmpty())
                .toList();
    }
}
