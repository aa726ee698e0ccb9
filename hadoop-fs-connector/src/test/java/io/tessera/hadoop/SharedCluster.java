package io.tessera.hadoop;

import io.tessera.common.StoragePolicy;
import io.tessera.local.FreePorts;
import io.tessera.local.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * One local cluster for every test of this JVM, started on first use and stopped when the JVM exits:
 * five storage servers in three racks, RS-3-2 at the root (files of 1 MiB or less are replicated three
 * times, see docs/architecture.md), 1 MiB blocks so that small test files span several blocks and groups.
 */
final class SharedCluster {
    static final long BLOCK_SIZE = 1 << 20;
    static final int NODES = 5;

    private static LocalCluster cluster;

    private SharedCluster() {}

    static synchronized LocalCluster get() {
        if (cluster == null) {
            Path dir = temporaryDirectory();
            cluster = LocalCluster.start(new LocalCluster.Config(
                    dir,
                    NODES,
                    3,
                    StoragePolicy.RS_3_2,
                    "127.0.0.1",
                    FreePorts.consecutive(5),
                    0,
                    TimeUnit.SECONDS.toMillis(30),
                    Throwable::printStackTrace));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(dir), "tessera-test-cluster-stop"));
        }
        return cluster;
    }

    /** A configuration that reaches the shared cluster over its media driver (IPC, no driver of its own). */
    static Configuration configuration() {
        LocalCluster running = get();
        Configuration conf = new Configuration();
        conf.set("fs.defaultFS", uri());
        conf.set(TesseraSettings.AERON_DIR, running.aeronDirectoryName());
        conf.setLong(TesseraSettings.BLOCK_SIZE, BLOCK_SIZE);
        conf.set(TesseraSettings.OPERATION_TIMEOUT, "20s");
        return conf;
    }

    static String uri() {
        return "tessera://" + get().metaAddress() + "/";
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("tessera-connector-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stop(Path dir) {
        synchronized (SharedCluster.class) {
            cluster.close();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless.
        }
    }
}
