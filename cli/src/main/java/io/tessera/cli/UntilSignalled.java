package io.tessera.cli;

import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.ShutdownSignalBarrier;

/**
 * Keeps a server process in the foreground until SIGTERM or Ctrl-C, then closes what it started.
 *
 * <p>Why a {@link ShutdownSignalBarrier} rather than only a shutdown hook: Aeron Cluster's contexts load
 * that class, whose handlers for INT and TERM replace the JVM's, so in a process running the metadata
 * service a signal no longer runs shutdown hooks. The barrier works either way; the hook still closes
 * the server on any other exit. Each {@code close} is idempotent. Should closing hang, the process halts
 * after {@link #STOP_TIMEOUT_SECONDS}, because a second Ctrl-C cannot interrupt it.
 */
final class UntilSignalled {
    static final long STOP_TIMEOUT_SECONDS = 30;

    private UntilSignalled() {}

    static void await(AutoCloseable server, Tessera tessera) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(server, tessera), "tessera-shutdown"));
        new ShutdownSignalBarrier().await();
        tessera.err.println("tessera: stopping");
        startWatchdog(tessera);
        close(server, tessera);
        tessera.err.println("tessera: stopped");
    }

    private static void close(AutoCloseable server, Tessera tessera) {
        try {
            server.close();
        } catch (Exception e) {
            tessera.warn(e);
        }
    }

    private static void startWatchdog(Tessera tessera) {
        Thread watchdog = new Thread(
                () -> {
                    try {
                        Thread.sleep(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
                    } catch (InterruptedException e) {
                        return;
                    }
                    tessera.err.println("tessera: did not stop within " + STOP_TIMEOUT_SECONDS + " s; halting");
                    tessera.err.flush();
                    Runtime.getRuntime().halt(Tessera.FAILED);
                },
                "tessera-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
