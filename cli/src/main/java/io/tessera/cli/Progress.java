package io.tessera.cli;

import io.tessera.common.Sizes;
import java.io.PrintStream;

/**
 * The progress bar of {@code put} and {@code get}: redrawn in place on the terminal at most ten times a
 * second. Silent when output is not a terminal, so scripts and pipes see no control characters.
 */
final class Progress {
    private static final int WIDTH = 30;
    private static final long REDRAW_NS = 100_000_000L;

    private final PrintStream terminal;
    private final String label;
    private final long total;
    private final long startNs = System.nanoTime();
    private long lastDrawNs;
    private long done;

    private Progress(PrintStream terminal, String label, long total) {
        this.terminal = terminal;
        this.label = label;
        this.total = total;
    }

    /** A bar on {@code terminal} when this process has a console, else one that prints nothing. */
    static Progress start(PrintStream terminal, String label, long total) {
        return new Progress(System.console() != null ? terminal : null, label, total);
    }

    void advance(long bytes) {
        done += bytes;
        long now = System.nanoTime();
        if (terminal != null && now - lastDrawNs >= REDRAW_NS) {
            lastDrawNs = now;
            draw(now);
        }
    }

    /** Draws the final state and ends the line. */
    void finish() {
        if (terminal != null) {
            draw(System.nanoTime());
            terminal.println();
        }
    }

    private void draw(long now) {
        double fraction = total <= 0 ? 1 : Math.min(1, done / (double) total);
        int filled = (int) (fraction * WIDTH);
        double seconds = Math.max(1e-9, (now - startNs) / 1e9);
        terminal.printf(
                "\r%s [%s%s] %3d%% %s/%s %.1f MiB/s ",
                label,
                "#".repeat(filled),
                " ".repeat(WIDTH - filled),
                (int) (fraction * 100),
                Sizes.format(done),
                Sizes.format(total),
                done / seconds / (1024 * 1024));
        terminal.flush();
    }
}
