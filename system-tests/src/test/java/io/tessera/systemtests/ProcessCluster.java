package io.tessera.systemtests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A metadata service and storage servers, each its own {@code tessera} process on 127.0.0.1, in
 * {@code racks} racks of one zone. Owns the processes: kills and restarts them on the same directories
 * and ports, and {@link #close()} stops the storage servers and then the metadata service, idempotently,
 * whatever state a test left them in.
 */
final class ProcessCluster implements AutoCloseable {
    static final String META_HEAP = "-Xmx768m";
    static final String STORAGE_HEAP = "-Xmx384m";
    static final String ACTIVE_MARK_FILE = "active Mark file detected";
    private static final Duration STARTED = Duration.ofSeconds(90);

    private final ProcessLauncher launcher;
    private final Path dir;
    private final int metaPort;
    private final List<StorageNode> nodes = new ArrayList<>();
    private final List<String> metaOptions;
    private final List<String> storageOptions;
    private TesseraProcess meta;
    private boolean closed;

    /** One storage server's fixed identity: where it keeps blocks, its port, its rack; and its process. */
    static final class StorageNode {
        final int index;
        final Path dir;
        final int dataPort;
        final String rack;
        TesseraProcess process;

        StorageNode(int index, Path dir, int dataPort, String rack) {
            this.index = index;
            this.dir = dir;
            this.dataPort = dataPort;
            this.rack = rack;
        }

        Path finalized() {
            return dir.resolve("finalized");
        }

        boolean isAlive() {
            return process != null && process.isAlive();
        }

        @Override
        public String toString() {
            return "storage-" + index + " (127.0.0.1:" + dataPort + ", " + rack + ")";
        }
    }

    private ProcessCluster(
            ProcessLauncher launcher,
            Path dir,
            FreePorts ports,
            int storageNodes,
            int racks,
            List<String> metaOptions,
            List<String> storageOptions) {
        this.launcher = launcher;
        this.dir = dir;
        this.metaOptions = List.copyOf(metaOptions);
        this.storageOptions = List.copyOf(storageOptions);
        this.metaPort = ports.consecutive(5);
        for (int i = 0; i < storageNodes; i++) {
            nodes.add(new StorageNode(i, dir.resolve("storage-" + i), ports.one(), "rack-" + (i % racks)));
        }
    }

    /**
     * Starts the metadata service and the storage servers, and returns once the service answers (its
     * "metadata service at" line). Waiting for the servers to register is the caller's, with a probe.
     */
    static ProcessCluster start(ProcessLauncher launcher, Path dir, int storageNodes, int racks) {
        return start(launcher, dir, storageNodes, storageNodes, racks, List.of(), List.of());
    }

    /**
     * Starts the metadata service (with {@code metaOptions} after {@code meta}) and the first {@code started}
     * of {@code storageNodes} storage servers (each with {@code storageOptions}); the others are started
     * later with {@link #restartStorage}.
     */
    static ProcessCluster start(
            ProcessLauncher launcher,
            Path dir,
            int storageNodes,
            int started,
            int racks,
            List<String> metaOptions,
            List<String> storageOptions) {
        PathsToDelete.deleteRecursively(dir);
        ProcessCluster cluster =
                new ProcessCluster(launcher, dir, new FreePorts(), storageNodes, racks, metaOptions, storageOptions);
        try {
            cluster.startMeta();
            for (StorageNode node : cluster.nodes.subList(0, started)) {
                cluster.startStorage(node);
            }
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    String metaAddress() {
        return "127.0.0.1:" + metaPort;
    }

    TesseraProcess meta() {
        return meta;
    }

    List<StorageNode> nodes() {
        return List.copyOf(nodes);
    }

    StorageNode node(int index) {
        return nodes.get(index);
    }

    StorageNode nodeAtPort(long dataPort) {
        return nodes.stream()
                .filter(node -> node.dataPort == dataPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no storage server of this cluster has data port " + dataPort));
    }

    /** kill -9 the metadata service. */
    void killMeta() {
        meta.killHard();
    }

    /**
     * Starts the metadata service again on the same directory and ports; returns once it answers.
     *
     * <p>Right after a kill -9 the service refuses to start for about ten seconds ("active Mark file
     * detected": Aeron Archive takes the dead process's mark file for a live one until its heartbeat
     * timestamp is stale), so this starts it again until it stays up. That is a product bug, pinned by
     * {@link MetadataServiceRestartTest}; the wait here lets the other checks after a restart run.
     */
    void restartMeta() {
        if (meta.isAlive()) {
            throw new IllegalStateException("the metadata service is still running");
        }
        meta = launchMeta();
        Await.until("the metadata service to start again on " + dir.resolve("meta"), STARTED, () -> {
            if (meta.isAlive()) {
                return meta.stdout().contains("metadata service at");
            }
            if (!meta.stderr().contains(ACTIVE_MARK_FILE)) {
                throw new AssertionError("the metadata service exited\n" + meta.evidence(40));
            }
            meta = launchMeta();
            return false;
        });
    }

    /** Starts the metadata service again once, as a user would; returns once it answers or exited. */
    TesseraProcess restartMetaOnce() {
        if (meta.isAlive()) {
            throw new IllegalStateException("the metadata service is still running");
        }
        meta = launchMeta();
        Await.until(
                "the metadata service to answer or exit",
                STARTED,
                () -> !meta.isAlive() || meta.stdout().contains("metadata service at"));
        return meta;
    }

    /** kill -9 one storage server. */
    void killStorage(StorageNode node) {
        node.process.killHard();
    }

    /** Starts a storage server again on the same directory and port (or for the first time). */
    void restartStorage(StorageNode node) {
        if (node.isAlive()) {
            throw new IllegalStateException(node + " is still running");
        }
        startStorage(node);
    }

    private void startMeta() {
        meta = launchMeta();
        meta.awaitStdoutLine("metadata service at", STARTED);
    }

    private TesseraProcess launchMeta() {
        List<String> arguments = new ArrayList<>(List.of(
                "meta", "--dir", dir.resolve("meta").toString(), "--host", "127.0.0.1", "--port", "" + metaPort));
        arguments.addAll(metaOptions);
        return launcher.startServer("meta", META_HEAP, arguments);
    }

    private void startStorage(StorageNode node) {
        List<String> arguments = new ArrayList<>(List.of(
                "--meta",
                metaAddress(),
                "storage",
                "--dir",
                node.dir.toString(),
                "--host",
                "127.0.0.1",
                "--rack",
                node.rack,
                "--zone",
                "zone-0",
                "--data-port",
                "" + node.dataPort));
        arguments.addAll(storageOptions);
        node.process = launcher.startServer("storage-" + node.index, STORAGE_HEAP, arguments);
    }

    /** Stops the storage servers (in parallel, newest first), then the metadata service. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<TesseraProcess> storage = new ArrayList<>();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (nodes.get(i).process != null) {
                storage.add(nodes.get(i).process);
            }
        }
        storage.forEach(TesseraProcess::signalStop);
        storage.forEach(TesseraProcess::stop);
        if (meta != null) {
            meta.stop();
        }
    }
}
