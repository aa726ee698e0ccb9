package io.tessera.client;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import java.io.File;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;

/**
 * Launches a media driver configured for Tessera on small machines: one shared thread that backs off
 * when idle (a busy-spinning driver starves everything else on two cores), sparse term files, and
 * liveness timeouts short enough that a dead peer is noticed within seconds. Client liveness stays at
 * Aeron's 10 s: it is also every attached client's service interval, and a loaded two-core machine
 * stalled a client thread for just over 5 s, which closed that client (and the cluster it served).
 */
public final class TesseraMediaDriver {
    private TesseraMediaDriver() {}

    /**
     * A directory for a private driver named {@code prefix-name}: in /dev/shm where there is one (term
     * buffers in memory), else in the temporary directory.
     */
    public static String directory(String prefix, Object name) {
        File shm = new File("/dev/shm");
        File parent = shm.isDirectory() ? shm : new File(System.getProperty("java.io.tmpdir"));
        return new File(parent, prefix + "-" + name).getPath();
    }

    /** A driver in {@code directory}, deleted when it closes; several clients and servers may share it. */
    public static MediaDriver launch(String directory) {
        return MediaDriver.launch(context(directory));
    }

    /** The settings alone, for processes that launch the driver with more (Aeron Cluster's archive). */
    public static MediaDriver.Context context(String directory) {
        return new MediaDriver.Context()
                .aeronDirectoryName(directory)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy(
                        100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1)))
                .termBufferSparseFile(true)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .socketRcvbufLength(4 * 1024 * 1024)
                .socketSndbufLength(4 * 1024 * 1024)
                .initialWindowLength(1024 * 1024)
                .imageLivenessTimeoutNs(TimeUnit.SECONDS.toNanos(3))
                .publicationConnectionTimeoutNs(TimeUnit.SECONDS.toNanos(3))
                .clientLivenessTimeoutNs(TimeUnit.SECONDS.toNanos(10))
                .warnIfDirectoryExists(false);
    }
}
