package io.tessera.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a server process in the foreground until SIGTERM or Ctrl-C. The JVM's shutdown hook closes what
 * the process started (each {@code close} is idempotent, so a second signal or an earlier close is
 * harmless), then lets the waiting command return.
 */
final class UntilSignalled {
    private UntilSignalled() {}

    static void await(AutoCloseable server, Tessera tessera) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                tessera.err.println("tessera: stopping");
                                server.close();
                                tessera.err.println("tessera: stopped");
                            } catch (Exception e) {
                                tessera.warn(e);
                            } finally {
                                closed.countDown();
                            }
                        },
                        "tessera-shutdown"));
        closed.await();
    }
}
