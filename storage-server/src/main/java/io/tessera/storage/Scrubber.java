package io.tessera.storage;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.agrona.ErrorHandler;

/**
 * Verifies every block's chunk checksums in the background, one pass after another, at a limited rate
 * (bytes per second) so that it never competes with clients for the disk. A block that fails is moved to
 * {@code corrupt/} (it is never served again; readers decode around it) and reported to the metadata
 * service, which has it rebuilt from the rest of its group.
 */
final class Scrubber implements AutoCloseable {
    private static final long IDLE_MS = 1000;

    private final BlockStore store;
    private final TokenBucket rate;
    private final ErrorHandler errorHandler;
    private final BiConsumer<BlockId, String> reporter;
    private final Thread thread;
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong scrubbedBytes = new AtomicLong();
    private final AtomicLong corruptBlocks = new AtomicLong();
    private volatile boolean running = true;

    /**
     * @param reporter tells the metadata service of a corrupt block (block, why); may fail, the block stays
     *     quarantined and the next reader's report or the service's rescan catches up
     */
    Scrubber(StorageServer.Context context, BlockStore store, BiConsumer<BlockId, String> reporter) {
        this.store = store;
        this.rate = new TokenBucket(context.scrubRate(), context.nanoClock());
        this.errorHandler = context.errorHandler();
        this.reporter = reporter;
        this.thread = new Thread(this::run, "tessera-storage-scrub");
        thread.setDaemon(true);
        thread.start();
    }

    long passes() {
        return passes.get();
    }

    long scrubbedBytes() {
        return scrubbedBytes.get();
    }

    long corruptBlocks() {
        return corruptBlocks.get();
    }

    private void run() {
        try {
            while (running) {
                boolean any = false;
                for (StoredBlock block : store.report()) {
                    if (!running) {
                        return;
                    }
                    rate.acquire(BlockFile.fileLength(block.length()));
                    check(block);
                    scrubbedBytes.addAndGet(block.length());
                    any = true;
                }
                passes.incrementAndGet();
                scrubbedBytes.set(0);
                if (!any) {
                    TimeUnit.MILLISECONDS.sleep(IDLE_MS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void check(StoredBlock block) {
        String problem;
        try {
            int bad = store.verify(block.id());
            if (bad < 0) {
                return;
            }
            problem = "chunk " + bad + " fails its CRC32C";
        } catch (TesseraException e) {
            if (e.code() != ErrorCode.CORRUPT_BLOCK) {
                return; // deleted meanwhile, or the store is closing
            }
            problem = e.getMessage();
        }
        if (store.quarantine(block.id())) {
            corruptBlocks.incrementAndGet();
            String why = "the scrubber found " + block.id() + " corrupt (" + problem + "); moved to corrupt/";
            errorHandler.onError(new TesseraException(ErrorCode.CORRUPT_BLOCK, why));
            try {
                reporter.accept(block.id(), why);
            } catch (RuntimeException e) {
                errorHandler.onError(e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
