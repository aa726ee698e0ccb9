package io.tessera.storage;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.tessera.client.BlockUpload;
import io.tessera.client.ChunkCompression;
import io.tessera.client.DataPlaneClient;
import io.tessera.client.ParityResult;
import io.tessera.client.ParityTarget;
import io.tessera.client.StorageEndpoint;
import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The storage server's data-plane duty cycle: takes requests from the UDP and IPC request streams,
 * writes arriving chunks into the block store, streams verified reads back, and sends replies as each
 * client's publication allows. Making a block durable (fsync, rename) happens on a separate sync thread
 * so that one block's fsync never stalls every other client; its result comes back through a queue.
 */
final class StorageConductor implements Agent {
    private static final int FRAGMENT_LIMIT = 32;
    private static final int READ_BUDGET = 1024 * 1024;
    private static final long LIVENESS_CHECK_INTERVAL_NS = 100_000_000;

    private final StorageServer.Context context;
    private final Aeron aeron;
    private final BlockStore store;
    private final Subscription udpRequests;
    private final Subscription ipcRequests;
    private final ExecutorService syncThread;
    private final NanoClock clock;
    private final RequestAdapter adapter = new RequestAdapter(this);
    private final Long2ObjectHashMap<ClientSession> sessions = new Long2ObjectHashMap<>();
    private final ManyToOneConcurrentArrayQueue<Runnable> completions = new ManyToOneConcurrentArrayQueue<>(4096);
    private final ByteBuffer chunk;
    private final List<ClientSession> dead = new ArrayList<>();
    private final ErrorReporter errors;
    private final DataPlaneClient peers;
    private final byte[] parityChunk;
    private final ChunkCompression decompression = new ChunkCompression();
    /** Chunks on their way down a replication pipeline, reused once the next server's upload has sent them. */
    private final java.util.concurrent.ConcurrentLinkedQueue<ByteBuffer> passOnBuffers =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    /**
     * Chunks handed to the next server and not yet sent: past {@link #PASS_ON_LIMIT} the conductor stops
     * taking requests, so a slow pipeline pushes back on its writers instead of filling memory.
     */
    private final java.util.concurrent.atomic.AtomicInteger passOnInFlight =
            new java.util.concurrent.atomic.AtomicInteger();

    private static final int PASS_ON_LIMIT = 256;

    private final UnsafeBuffer chunkView = new UnsafeBuffer(0, 0);
    private long parityMemoryInUse;
    private long lastLivenessCheckNs;

    StorageConductor(
            StorageServer.Context context,
            Aeron aeron,
            BlockStore store,
            Subscription udpRequests,
            Subscription ipcRequests,
            ExecutorService syncThread,
            DataPlaneClient peers) {
        this.context = context;
        this.aeron = aeron;
        this.store = store;
        this.udpRequests = udpRequests;
        this.ipcRequests = ipcRequests;
        this.syncThread = syncThread;
        this.clock = context.nanoClock();
        this.chunk = ByteBuffer.allocateDirect(context.maxChunkLength());
        this.errors = new ErrorReporter(context.errorHandler(), clock);
        this.peers = peers;
        this.parityChunk = new byte[context.maxChunkLength()];
    }

    @Override
    public String roleName() {
        return "tessera-storage-conductor";
    }

    @Override
    public int doWork() {
        int work = 0;
        if (passOnInFlight.get() < PASS_ON_LIMIT) {
            work += udpRequests.poll(adapter, FRAGMENT_LIMIT);
            work += ipcRequests.poll(adapter, FRAGMENT_LIMIT);
        }
        work += completions.drain(Runnable::run);
        long now = clock.nanoTime();
        for (ClientSession session : sessions.values()) {
            work += session.flush();
            work += progressReads(session);
        }
        return work + checkLiveness(now);
    }

    @Override
    public void onClose() {
        sessions.values().forEach(session -> session.parities.values().forEach(p -> parityMemoryInUse -= p.memory));
        sessions.values().forEach(session -> session.close());
        sessions.clear();
    }

    long malformedRequests() {
        return errors.malformed();
    }

    int sessionCount() {
        return sessions.size();
    }

    void onConnect(long clientId, long correlationId, int replyStreamId, String replyChannel) {
        if (!replyChannel.startsWith("aeron:udp") && !replyChannel.startsWith("aeron:ipc")) {
            onMalformed(0, 0, "client " + clientId + " asked for replies on '" + replyChannel + "'");
            return;
        }
        ClientSession previous = sessions.remove(clientId);
        if (previous != null) {
            previous.close();
        }
        ClientSession session;
        try {
            session = new ClientSession(clientId, aeron, replyChannel, replyStreamId, clock.nanoTime());
        } catch (RuntimeException e) {
            onMalformed(0, 0, "client " + clientId + " asked for replies on '" + replyChannel + "': " + e.getMessage());
            return;
        }
        sessions.put(clientId, session);
        String storageId = store.storageId().toString();
        session.reply(proxy -> proxy.connected(correlationId, context.maxChunkLength(), storageId));
    }

    void onDisconnect(long clientId) {
        ClientSession session = sessions.remove(clientId);
        if (session != null) {
            session.close();
        }
    }

    void onWriteBegin(
            long clientId, long correlationId, BlockId block, long generation, List<StorageEndpoint> forward) {
        ClientSession session = session(clientId);
        if (session == null) {
            return;
        }
        try {
            BlockWriter writer = store.create(block, generation);
            BlockUpload downstream = forward.isEmpty()
                    ? null
                    : peers.upload(forward.get(0), block, generation, forward.subList(1, forward.size()));
            session.writes.put(correlationId, new WriteSession(correlationId, writer, downstream));
        } catch (TesseraException e) {
            session.writes.put(correlationId, WriteSession.failed(correlationId));
            replyError(session, correlationId, e);
        }
    }

    void onWriteChunk(
            long clientId,
            long correlationId,
            long blockOffset,
            DirectBuffer buffer,
            int index,
            int length,
            boolean compressed,
            int rawLength) {
        ClientSession session = session(clientId);
        if (session == null) {
            return;
        }
        WriteSession write = session.writes.get(correlationId);
        if (write == null) {
            session.writes.put(correlationId, WriteSession.failed(correlationId));
            replyError(
                    session,
                    correlationId,
                    new TesseraException(
                            ErrorCode.INVALID_ARGUMENT,
                            "a chunk for write " + correlationId + ", which was never begun"));
            return;
        }
        if (!write.accepts()) {
            return;
        }
        try {
            if (compressed) {
                if (rawLength > chunk.capacity()) {
                    throw new TesseraException(
                            ErrorCode.MALFORMED_REQUEST,
                            "a compressed chunk announces " + rawLength + " bytes, more than the " + chunk.capacity()
                                    + " a chunk may hold");
                }
                chunkView.wrap(chunk, 0, rawLength);
                decompression.decompress(buffer, index, length, chunkView, 0, rawLength);
                chunk.clear().limit(rawLength);
            }
            ByteBuffer data = compressed ? chunk : received(buffer, index, length);
            ByteBuffer passOn = write.downstream() == null ? null : passOnCopy(data);
            write.writer().write(blockOffset, data);
            if (passOn != null) {
                passOnInFlight.incrementAndGet();
                write.downstream().write(passOn).whenComplete((sent, e) -> {
                    passOnInFlight.decrementAndGet();
                    passOnBuffers.offer(passOn.clear());
                });
            }
        } catch (TesseraException e) {
            write.fail();
            replyError(session, correlationId, e);
        }
    }

    void onWriteEnd(long clientId, long correlationId, long length) {
        ClientSession session = session(clientId);
        WriteSession write = session == null ? null : session.writes.get(correlationId);
        if (write == null || !write.accepts()) {
            return;
        }
        BlockWriter writer = write.writer();
        if (writer.length() != length) {
            write.fail();
            replyError(
                    session,
                    correlationId,
                    new TesseraException(
                            ErrorCode.INVALID_ARGUMENT,
                            "the block " + writer.id() + " ended at " + length + " bytes, but " + writer.length()
                                    + " arrived"));
            return;
        }
        write.markFinishing();
        if (write.downstream() == null) {
            syncThread.execute(() -> finish(clientId, correlationId, writer));
        } else {
            finishInPipeline(clientId, correlationId, writer, write.downstream());
        }
    }

    /**
     * Makes the block durable here and waits for the rest of the pipeline: the acknowledgement counts this
     * server plus the servers downstream that hold the block (none when the next one failed).
     */
    private void finishInPipeline(long clientId, long correlationId, BlockWriter writer, BlockUpload downstream) {
        CompletableFuture<BlockInfo> local = CompletableFuture.supplyAsync(writer::finish, syncThread);
        CompletableFuture<Integer> rest = downstream.finish().handle((ack, e) -> {
            if (e != null) {
                context.errorHandler()
                        .onError(new TesseraException(
                                ErrorCode.UNAVAILABLE,
                                "the replication pipeline of " + writer.id() + " ends here: "
                                        + (e.getCause() != null ? e.getCause() : e).getMessage()));
            }
            return ack == null ? 0 : ack.replicas();
        });
        local.thenCombine(rest, (info, replicas) -> (Runnable) () -> completeWrite(
                        clientId,
                        correlationId,
                        session -> session.reply(proxy -> proxy.writeAck(
                                correlationId,
                                info.length(),
                                checksumOfChecksums(info.chunkChecksums()),
                                1 + replicas))))
                .exceptionally(e -> () -> completeWrite(
                        clientId,
                        correlationId,
                        session -> replyError(
                                session,
                                correlationId,
                                e.getCause() instanceof RuntimeException r ? r : new RuntimeException(e))))
                .thenAccept(outcome -> {
                    while (!completions.offer(outcome)) {
                        Thread.onSpinWait();
                    }
                });
    }

    /** On the sync thread: make the block durable, then report back to the conductor thread. */
    private void finish(long clientId, long correlationId, BlockWriter writer) {
        Runnable outcome;
        try {
            BlockInfo info = writer.finish();
            int checksum = checksumOfChecksums(info.chunkChecksums());
            outcome = () -> completeWrite(
                    clientId,
                    correlationId,
                    session -> session.reply(proxy -> proxy.writeAck(correlationId, info.length(), checksum, 1)));
        } catch (TesseraException e) {
            outcome = () -> completeWrite(clientId, correlationId, session -> replyError(session, correlationId, e));
        } catch (RuntimeException e) {
            TesseraException error = new TesseraException(ErrorCode.INTERNAL, "finishing " + writer.id() + ": " + e, e);
            outcome =
                    () -> completeWrite(clientId, correlationId, session -> replyError(session, correlationId, error));
        }
        while (!completions.offer(outcome)) {
            Thread.onSpinWait();
        }
    }

    private void completeWrite(long clientId, long correlationId, Consumer<ClientSession> reply) {
        ClientSession session = sessions.get(clientId);
        if (session != null) {
            session.writes.remove(correlationId);
            reply.accept(session);
        }
    }

    void onWriteAbort(long clientId, long correlationId) {
        ClientSession session = session(clientId);
        WriteSession write = session == null ? null : session.writes.remove(correlationId);
        if (write != null) {
            write.abort();
        }
        ParitySession parity = session == null ? null : session.parities.get(correlationId);
        if (parity != null && !parity.isFinishing()) {
            session.parities.remove(correlationId);
            parityMemoryInUse -= parity.memory;
        }
    }

    void onParityBegin(
            long clientId,
            long correlationId,
            long group,
            long generation,
            int policyId,
            long maxBlockLength,
            List<ParityTarget> others) {
        ClientSession session = session(clientId);
        if (session == null) {
            return;
        }
        try {
            StoragePolicy policy = StoragePolicy.ofId(policyId);
            if (!policy.isErasureCoded()
                    || others.size() != policy.redundantBlocks() - 1
                    || maxBlockLength <= 0
                    || maxBlockLength > Integer.MAX_VALUE) {
                throw new TesseraException(
                        ErrorCode.INVALID_ARGUMENT,
                        "cannot accumulate " + policy + " parity of " + maxBlockLength + "-byte blocks for "
                                + (others.size() + 1) + " parity blocks");
            }
            long memory = ParitySession.memoryFor(policy, maxBlockLength);
            if (parityMemoryInUse + memory > context.parityMemory()) {
                throw new TesseraException(
                        ErrorCode.UNAVAILABLE,
                        "this server's parity memory is taken (" + parityMemoryInUse + " of " + context.parityMemory()
                                + " bytes): try again later");
            }
            ParitySession parity =
                    new ParitySession(correlationId, group, generation, policy, (int) maxBlockLength, others);
            parityMemoryInUse += memory;
            session.parities.put(correlationId, parity);
        } catch (TesseraException e) {
            replyError(session, correlationId, e);
        }
    }

    void onParityChunk(
            long clientId,
            long correlationId,
            int dataIndex,
            long blockOffset,
            DirectBuffer buffer,
            int index,
            int length) {
        ClientSession session = session(clientId);
        ParitySession parity = session == null ? null : session.parities.get(correlationId);
        if (parity == null || !parity.accepts()) {
            return;
        }
        try {
            if (dataIndex >= parity.policy.dataBlocks() || parity.accumulator.received(dataIndex) != blockOffset) {
                throw new TesseraException(
                        ErrorCode.INVALID_ARGUMENT,
                        "a parity chunk of data block " + dataIndex + " at " + blockOffset
                                + " is out of order for block group " + parity.group);
            }
            buffer.getBytes(index, parityChunk, 0, length);
            parity.accumulator.add(dataIndex, parityChunk, 0, length);
        } catch (TesseraException | IllegalArgumentException e) {
            parity.fail();
            replyError(session, correlationId, e);
        }
    }

    /**
     * A received chunk's bytes as a ByteBuffer: a view of the image's term buffer where it has one (so the
     * block file is written straight from it, without a copy), else a copy in the conductor's chunk buffer.
     */
    private ByteBuffer received(DirectBuffer buffer, int index, int length) {
        ByteBuffer backing = buffer.byteBuffer();
        if (backing != null) {
            return backing.slice(buffer.wrapAdjustment() + index, length);
        }
        chunk.clear().limit(length);
        buffer.getBytes(index, chunk, 0, length);
        return chunk;
    }

    private ByteBuffer passOnCopy(ByteBuffer chunk) {
        ByteBuffer copy = passOnBuffers.poll();
        if (copy == null) {
            copy = ByteBuffer.allocateDirect(context.maxChunkLength());
        }
        copy.clear().put(chunk.duplicate()).flip();
        return copy;
    }

    /** Stores parity block k here (on the sync thread) and streams the others; acknowledges when all ended. */
    void onParityEnd(long clientId, long correlationId) {
        ClientSession session = session(clientId);
        ParitySession parity = session == null ? null : session.parities.get(correlationId);
        if (parity == null || !parity.accepts()) {
            return;
        }
        parity.markFinishing();
        int length = parity.accumulator.length();
        int k = parity.policy.dataBlocks();
        List<CompletableFuture<ParityResult>> results = new ArrayList<>();
        results.add(CompletableFuture.supplyAsync(() -> storeLocalParity(parity, k, length), syncThread));
        for (ParityTarget other : parity.others) {
            byte[] bytes = parity.accumulator.parity(other.blockIndex() - k);
            BlockUpload upload =
                    peers.upload(other.endpoint(), new BlockId(parity.group, other.blockIndex()), parity.generation);
            upload.write(ByteBuffer.wrap(bytes, 0, length));
            results.add(upload.finish()
                    .handle((ack, e) -> ack != null
                            ? new ParityResult(other.blockIndex(), null, ack.length(), ack.checksum())
                            : new ParityResult(other.blockIndex(), codeOf(e), 0, 0)));
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).whenComplete((ok, e) -> {
            List<ParityResult> outcome =
                    results.stream().map(CompletableFuture::join).toList();
            Runnable reply = () -> {
                parityMemoryInUse -= parity.memory;
                ClientSession current = sessions.get(clientId);
                if (current != null) {
                    current.parities.remove(correlationId);
                    current.reply(proxy -> proxy.parityAck(correlationId, outcome));
                }
            };
            while (!completions.offer(reply)) {
                Thread.onSpinWait();
            }
        });
    }

    private ParityResult storeLocalParity(ParitySession parity, int index, int length) {
        try {
            BlockWriter writer = store.create(new BlockId(parity.group, index), parity.generation);
            writer.write(0, ByteBuffer.wrap(parity.accumulator.parity(0), 0, length));
            BlockInfo info = writer.finish();
            return new ParityResult(index, null, info.length(), checksumOfChecksums(info.chunkChecksums()));
        } catch (TesseraException e) {
            return new ParityResult(index, e.code(), 0, 0);
        } catch (RuntimeException e) {
            errors.report(e);
            return new ParityResult(index, ErrorCode.INTERNAL, 0, 0);
        }
    }

    private static ErrorCode codeOf(Throwable e) {
        Throwable cause =
                e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof TesseraException t ? t.code() : ErrorCode.INTERNAL;
    }

    void onReadRequest(long clientId, long correlationId, BlockId block, long offset, long length, boolean compress) {
        ClientSession session = session(clientId);
        if (session == null) {
            return;
        }
        try {
            BlockInfo info = store.stat(block);
            if (offset < 0 || length < 0 || offset > info.length() - length) {
                throw new TesseraException(
                        ErrorCode.INVALID_ARGUMENT,
                        "range [" + offset + ", " + (offset + length) + ") is outside " + block + " of " + info.length()
                                + " bytes");
            }
            ReadSession read = new ReadSession(correlationId, block, offset, length, info.length(), compress);
            session.reads.add(read);
        } catch (TesseraException e) {
            replyError(session, correlationId, e);
        }
    }

    private int progressReads(ClientSession session) {
        ReplyProxy proxy = session.proxy();
        if (proxy == null || session.reads.isEmpty()) {
            return 0;
        }
        int work = 0;
        for (int i = 0; i < session.reads.size(); i++) {
            ReadSession read = session.reads.get(i);
            try {
                int sent = read.progress(store, proxy, READ_BUDGET);
                if (sent >= 0) {
                    work += sent > 0 ? 1 : 0;
                    continue;
                }
                long blockLength = read.blockLength();
                session.reply(p -> p.readEnd(read.correlationId, blockLength));
            } catch (TesseraException e) {
                if (e.code() == ErrorCode.CORRUPT_BLOCK) {
                    errors.report(e);
                }
                replyError(session, read.correlationId, e);
            }
            read.cancel();
            session.reads.remove(i--);
            work++;
        }
        return work;
    }

    private int checkLiveness(long now) {
        if (now - lastLivenessCheckNs < LIVENESS_CHECK_INTERVAL_NS) {
            return 0;
        }
        lastLivenessCheckNs = now;
        sessions.values().forEach(session -> {
            if (session.isDead(now, context.clientLivenessTimeoutNs())) {
                dead.add(session);
            }
        });
        for (ClientSession session : dead) {
            sessions.remove(session.clientId);
            session.parities.values().forEach(p -> parityMemoryInUse -= p.isFinishing() ? 0 : p.memory);
            session.close();
        }
        int work = dead.size();
        dead.clear();
        return work;
    }

    private ClientSession session(long clientId) {
        ClientSession session = sessions.get(clientId);
        if (session == null) {
            onMalformed(0, 0, "a request from client " + clientId + ", which has not connected");
        }
        return session;
    }

    /** A request that does not decode: answered when the sender is known, always counted. */
    void onMalformed(long clientId, long correlationId, String reason) {
        errors.malformed(reason);
        ClientSession session = sessions.get(clientId);
        if (session != null) {
            session.reply(
                    proxy -> proxy.error(correlationId, ErrorCode.MALFORMED_REQUEST, "malformed request: " + reason));
        }
    }

    private void replyError(ClientSession session, long correlationId, RuntimeException e) {
        TesseraException error =
                e instanceof TesseraException t ? t : new TesseraException(ErrorCode.INTERNAL, e.toString());
        session.reply(proxy -> proxy.error(correlationId, error.code(), error.getMessage()));
    }

    /** The CRC32C of a block's chunk checksums (little-endian ints): one number to compare end to end. */
    static int checksumOfChecksums(int[] chunkChecksums) {
        ByteBuffer bytes = ByteBuffer.allocate(chunkChecksums.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(chunkChecksums);
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
