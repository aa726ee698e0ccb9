package io.tessera.storage;

import io.tessera.client.DataPlaneClient;
import io.tessera.client.RepairAssignment;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.ErrorHandler;

/**
 * Runs the repair tasks the metadata service assigns to this server on a few threads of their own
 * (rebuilding blocks waits on reads from peers and on the disk; it must not hold up the conductor), all
 * sharing one bandwidth limit so repair cannot starve client reads. The service hands out a task until
 * it hears the outcome, so a task already running is skipped when it comes again.
 */
final class Repairer implements AutoCloseable {
    /** How a finished task reaches the metadata service: true when the built block is wanted. */
    interface Reporter {
        boolean done(RepairAssignment.Task task, BlockInfo built, TesseraException error);
    }

    private static final int ENDED_REMEMBERED = 10_000;

    private final BlockStore store;
    private final DataPlaneClient peers;
    private final TokenBucket bandwidth;
    private final long readTimeoutNs;
    private final ErrorHandler errorHandler;
    private final ExecutorService threads;
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    /**
     * Tasks ended here, newest last: a poll answered before the service applied a task's end still lists
     * it, and running it again would delete the block just placed. Task ids are never reused.
     */
    private final Set<Long> ended = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());

    private final AtomicLong rebuiltBytes = new AtomicLong();

    Repairer(StorageServer.Context context, BlockStore store, DataPlaneClient peers) {
        this.store = store;
        this.peers = peers;
        this.bandwidth = new TokenBucket(context.repairBandwidth(), context.nanoClock());
        this.readTimeoutNs = TimeUnit.SECONDS.toNanos(30);
        this.errorHandler = context.errorHandler();
        this.threads = Executors.newFixedThreadPool(context.repairThreads(), runnable -> {
            Thread thread = new Thread(runnable, "tessera-storage-repair");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts {@code task} unless it is running already. */
    void submit(RepairAssignment.Task task, Reporter reporter) {
        if (!ended.contains(task.taskId()) && running.add(task.taskId())) {
            threads.execute(() -> run(task, reporter));
        }
    }

    /** Bytes of blocks this server has built since it started. */
    long rebuiltBytes() {
        return rebuiltBytes.get();
    }

    private void run(RepairAssignment.Task task, Reporter reporter) {
        BlockRebuild rebuild = new BlockRebuild(store, peers, bandwidth, readTimeoutNs, task);
        BlockInfo built = null;
        TesseraException error = null;
        try {
            built = rebuild.run();
            rebuiltBytes.addAndGet(built.length());
        } catch (TesseraException e) {
            error = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = new TesseraException(ErrorCode.UNAVAILABLE, "the storage server is stopping");
        } catch (RuntimeException e) {
            error = new TesseraException(ErrorCode.INTERNAL, e.toString(), e);
        }
        try {
            if (!reporter.done(task, built, error) && built != null) {
                store.delete(rebuild.id());
            }
        } catch (RuntimeException e) {
            // The service did not hear of it: the task times out there and the block, unplaced, is deleted
            // at the next block report.
            errorHandler.onError(e);
        } finally {
            remember(task.taskId());
            running.remove(task.taskId());
        }
    }

    private void remember(long taskId) {
        synchronized (ended) {
            ended.add(taskId);
            if (ended.size() > ENDED_REMEMBERED) {
                java.util.Iterator<Long> oldest = ended.iterator();
                oldest.next();
                oldest.remove();
            }
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
