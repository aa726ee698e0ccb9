package io.tessera.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts {@code tessera} JVMs as a user's shell would: the test JVM's own {@code java} binary and class
 * path, the JVM flags of {@code bin/tessera}, {@code io.tessera.cli.Tessera} and the arguments. Every
 * process writes stdout and stderr to its own files under {@link #logs()}; the launcher remembers the
 * long-running ones so their logs can be shown when a test fails, and kills whatever is still alive if the
 * test JVM itself exits.
 */
final class ProcessLauncher {
    static final String MAIN = "io.tessera.cli.Tessera";
    private static final String FLAGS_PROPERTY = "tessera.system.jvm.flags";
    private static final String DEFAULT_FLAGS = "--add-modules jdk.incubator.vector"
            + " --add-exports java.base/jdk.internal.misc=ALL-UNNAMED"
            + " --add-opens java.base/java.util.zip=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED";
    private static final String CLIENT_HEAP = "-Xmx512m";

    private final Path logs;
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<TesseraProcess> servers = new ArrayList<>();
    private final List<TesseraProcess> all = new ArrayList<>();

    ProcessLauncher(Path logs) {
        this.logs = logs;
        try {
            PathsToDelete.deleteRecursively(logs);
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::killSurvivors, "kill-tessera-processes"));
    }

    Path logs() {
        return logs;
    }

    /** A server process ({@code meta}, {@code storage}) left running; the caller stops it. */
    TesseraProcess startServer(String name, String heap, List<String> arguments) {
        TesseraProcess process = start(name, heap, arguments);
        synchronized (this) {
            servers.add(process);
        }
        return process;
    }

    /** Runs a client command to completion: {@code tessera --meta META ARGS...}. */
    CommandResult run(String meta, Duration timeout, String... arguments) {
        List<String> line = new ArrayList<>(List.of("--meta", meta));
        line.addAll(Arrays.asList(arguments));
        TesseraProcess process =
                start(arguments.length > 1 ? arguments[0] + "-" + arguments[1] : "client", CLIENT_HEAP, line);
        if (!process.awaitExit(timeout)) {
            process.dumpThreads();
            process.killHard();
            throw new AssertionError("tessera " + String.join(" ", line) + " did not finish within "
                    + timeout.toSeconds() + " s\n" + process.evidence(200));
        }
        return new CommandResult(line, process.process().exitValue(), process.stdout(), process.stderr());
    }

    /** The logs of every server process started so far, newest last. */
    synchronized List<TesseraProcess> servers() {
        return List.copyOf(servers);
    }

    private TesseraProcess start(String name, String heap, List<String> arguments) {
        String unique = String.format("%03d-%s", sequence.incrementAndGet(), name);
        Path stdout = logs.resolve(unique + ".out");
        Path stderr = logs.resolve(unique + ".err");
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(Arrays.asList(jvmFlags().split("\\s+")));
        command.add(heap);
        command.add("-cp");
        command.add(classPath());
        command.add(MAIN);
        command.addAll(arguments);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
            TesseraProcess started = new TesseraProcess(name, arguments, process, stdout, stderr);
            synchronized (this) {
                all.add(started);
            }
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private synchronized void killSurvivors() {
        for (TesseraProcess process : all) {
            if (process.isAlive()) {
                process.process().destroyForcibly();
            }
        }
    }

    static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static String jvmFlags() {
        String flags = System.getProperty(FLAGS_PROPERTY);
        return flags == null || flags.isBlank() ? DEFAULT_FLAGS : flags.trim();
    }

    static String classPath() {
        String classPath = System.getProperty("java.class.path");
        if (!classPath.contains("tessera-cli") && !classPath.contains("cli/target/classes")) {
            throw new IllegalStateException(
                    "the test class path does not hold the cli (surefire's manifest-only jar?): " + classPath);
        }
        return classPath;
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }
}
