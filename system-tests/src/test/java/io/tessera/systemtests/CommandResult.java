package io.tessera.systemtests;

import java.util.List;

/** What a finished {@code tessera} client process left: its exit code and its whole output. */
record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {
    List<String> stdoutLines() {
        return stdout.lines().toList();
    }

    List<String> stderrLines() {
        return stderr.lines().toList();
    }

    /** What the command itself wrote on stderr: without the JVM's warning about incubator modules. */
    List<String> errorLines() {
        return stderr.lines()
                .filter(line -> !line.startsWith("WARNING: Using incubator modules"))
                .toList();
    }

    String lastStdoutLine() {
        List<String> lines = stdoutLines();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    @Override
    public String toString() {
        return "tessera " + String.join(" ", command) + "\nexit " + exitCode + "\n--- stdout\n" + tail(stdout)
                + "\n--- stderr\n" + tail(stderr);
    }

    private static String tail(String text) {
        return text.length() <= 8_000 ? text : "...\n" + text.substring(text.length() - 8_000);
    }
}
