package io.tessera.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code tessera} JVM started by {@link ProcessLauncher}, its stdout and stderr kept in files that
 * outlive it (the evidence when a test fails). Stopping is idempotent.
 */
final class TesseraProcess {
    private static final Duration GRACE = Duration.ofSeconds(20);

    private final String name;
    private final List<String> arguments;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    TesseraProcess(String name, List<String> arguments, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.arguments = arguments;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Process process() {
        return process;
    }

    /** kill -9: no shutdown hook, no signal handler, nothing flushed or closed. */
    void killHard() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /**
     * kill -3: the JVM prints every thread's stack on stdout, the evidence of where a hung process hangs.
     * Waits (with a deadline) for the dump to appear.
     */
    void dumpThreads() {
        if (!process.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-3", Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
            Await.until(
                    name + " to print its thread dump", Duration.ofSeconds(10), () -> stdout().contains("JNI global"));
        } catch (IOException | AssertionError e) {
            System.err.println("no thread dump of " + name + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, as Ctrl-C or an init system would, then SIGKILL if it has not stopped after a grace period. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!awaitExit(GRACE)) {
            killHard();
        }
    }

    /** Starts stopping without waiting; {@link #stop()} finishes the job. */
    void signalStop() {
        if (process.isAlive()) {
            process.destroy();
        }
    }

    boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    /** Waits until a line of stderr contains {@code text}; returns that line. */
    String awaitStderrLine(String text, Duration timeout) {
        return Await.until(
                name + " to write a line containing '" + text + "' on stderr (" + stderr + ")",
                timeout,
                () -> stderr().lines()
                        .filter(line -> line.contains(text))
                        .findFirst()
                        .orElse(null),
                line -> line != null);
    }

    /** Waits until a line of stdout contains {@code text}; returns that line. */
    String awaitStdoutLine(String text, Duration timeout) {
        return Await.until(
                name + " to write a line containing '" + text + "' on stdout (" + stdout + ")",
                timeout,
                () -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue());
                    }
                    return stdout().lines()
                            .filter(line -> line.contains(text))
                            .findFirst()
                            .orElse(null);
                },
                line -> line != null);
    }

    /** The last lines of both streams, for a failure report. */
    String evidence(int lines) {
        String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
        return "=== " + name + " (pid " + process.pid() + ", " + state + "): tessera " + String.join(" ", arguments)
                + "\n--- stdout " + stdout + "\n" + tail(stdout(), lines) + "\n--- stderr " + stderr + "\n"
                + tail(stderr(), lines);
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
