package io.tessera.storage;

import io.tessera.client.MetadataClient;
import io.tessera.client.RepairAssignment;
import io.tessera.client.StorageEndpoint;
import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;

/**
 * Keeps a storage server known to the metadata service: registers it (retrying until the service
 * answers), sends its block report, then heartbeats with its usage and reports its blocks again every
 * block-report interval. The service answers each report with the blocks to delete (of deleted files,
 * abandoned writes); that is how disk space comes back. Each heartbeat is answered with the repair tasks
 * assigned to this server (run by the {@link Repairer}) and the blocks to delete now. A heartbeat the service refuses as coming from an
 * unknown node makes the server register again.
 */
final class MetaRegistration implements AutoCloseable {
    private final StorageServer.Context context;
    private final BlockStore store;
    private final StorageEndpoint endpoint;
    private final MetadataClient metadata;
    private final ScheduledExecutorService timer;
    private final ErrorHandler errorHandler;
    private final Repairer repairer;
    private final Supplier<MetadataClient.NodeActivity> activity;
    private volatile int nodeId;
    private long lastReportMs;
    private long failures;

    MetaRegistration(
            StorageServer.Context context,
            BlockStore store,
            StorageEndpoint endpoint,
            Repairer repairer,
            Supplier<MetadataClient.NodeActivity> activity) {
        this.context = context;
        this.repairer = repairer;
        this.activity = activity;
        this.store = store;
        this.endpoint = endpoint;
        this.errorHandler = context.errorHandler();
        this.metadata = MetadataClient.connect(new MetadataClient.Context()
                .aeronDirectoryName(context.aeronDirectoryName())
                .metaAddresses(context.metaAddresses())
                .replyHost(context.host())
                .responseTimeout(5, TimeUnit.SECONDS)
                .errorHandler(errorHandler));
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tessera-storage-heartbeat-" + endpoint.dataPort());
            thread.setDaemon(true);
            return thread;
        });
        long period = context.heartbeatIntervalMs();
        timer.scheduleWithFixedDelay(this::beat, 0, period, TimeUnit.MILLISECONDS);
    }

    /** The node id the metadata service gave this server; 0 until it has registered. */
    int nodeId() {
        return nodeId;
    }

    private void beat() {
        try {
            if (nodeId == 0) {
                register();
            } else if (clock() - lastReportMs > context.blockReportIntervalMs()) {
                report(nodeId);
            } else {
                Usage usage = store.usage();
                RepairAssignment assignment = metadata.heartbeat(
                        nodeId, usage.capacity(), usage.used(), store.report().size(), activity.get());
                act(nodeId, assignment);
            }
            failures = 0;
        } catch (TesseraException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                nodeId = 0;
            }
            if (failures++ % 30 == 0) {
                errorHandler.onError(new TesseraException(
                        e.code(),
                        "storage server " + endpoint + " cannot reach the metadata service at "
                                + context.metaAddresses() + ": " + e.getMessage()));
            }
        } catch (RuntimeException e) {
            errorHandler.onError(e);
        }
    }

    /** Deletes what the service no longer places here, then starts the tasks it assigned. */
    private void act(int id, RepairAssignment assignment) {
        for (BlockId block : assignment.deletions()) {
            store.delete(block);
        }
        for (RepairAssignment.Task task : assignment.tasks()) {
            repairer.submit(
                    task,
                    (done, built, error) -> metadata.repairDone(
                            id,
                            done,
                            built == null ? 0 : built.length(),
                            built == null ? 0 : StorageConductor.checksumOfChecksums(built.chunkChecksums()),
                            error == null ? null : error.code(),
                            error == null ? null : error.getMessage()));
        }
    }

    /** Tells the service a block here is corrupt; it has been moved out of the way already. */
    void reportBadBlock(BlockId block, String why) {
        int id = nodeId;
        if (id != 0) {
            metadata.reportBadBlock(block.group(), block.index(), id, ErrorCode.CORRUPT_BLOCK, why);
        }
    }

    private void register() {
        Usage usage = store.usage();
        int id = metadata.registerNode(new MetadataClient.NodeRegistration(
                store.storageId().toString(),
                endpoint.host(),
                endpoint.dataPort(),
                context.flightPort(),
                context.httpPort(),
                context.rack(),
                context.zone(),
                endpoint.aeronDirectory(),
                usage.capacity(),
                usage.used()));
        report(id);
        nodeId = id;
    }

    /** Sends the block report and deletes what the metadata service no longer places here. */
    private void report(int id) {
        List<MetadataClient.ReportedBlock> blocks = new ArrayList<>();
        for (StoredBlock block : store.report()) {
            blocks.add(new MetadataClient.ReportedBlock(
                    block.id().group(), block.id().index(), block.generation(), block.length()));
        }
        for (BlockId stale : metadata.blockReport(id, blocks)) {
            store.delete(stale);
        }
        lastReportMs = clock();
    }

    private static long clock() {
        return System.nanoTime() / 1_000_000;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CloseHelper.close(metadata);
    }
}
