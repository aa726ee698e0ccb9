package io.tessera.client;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;

/**
 * The client's one data-plane thread. Callers on any thread queue commands; the conductor alone touches
 * Aeron: it opens links to storage servers, sends requests as the publications allow, dispatches replies
 * by correlation id and fails operations whose server went away or stopped answering.
 */
final class ClientConductor implements Agent {
    private static final int FRAGMENT_LIMIT = 64;
    private static final long EXPIRY_CHECK_INTERVAL_NS = 10_000_000;

    private final Aeron aeron;
    private final DataPlaneClient.Context context;
    private final NanoClock clock;
    private final long clientId;
    private final Subscription ipcReplies;
    private final Subscription udpReplies;
    private final String udpReplyChannel;
    private final ReplyAdapter adapter = new ReplyAdapter(this);
    private final ManyToOneConcurrentArrayQueue<Runnable> commands = new ManyToOneConcurrentArrayQueue<>(4096);
    private final Map<StorageEndpoint, ServerLink> links = new HashMap<>();
    private final Long2ObjectHashMap<Operation> operations = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<ServerLink> connecting = new Long2ObjectHashMap<>();
    private final Map<StorageEndpoint, Unreachable> unreachable = new HashMap<>();
    private final List<Operation> ended = new ArrayList<>();
    private final List<ServerLink> failed = new ArrayList<>();
    private long lastExpiryCheckNs;
    private final AtomicLong correlationIds = new AtomicLong();
    private long malformedReplies;

    ClientConductor(
            Aeron aeron,
            DataPlaneClient.Context context,
            Subscription ipcReplies,
            Subscription udpReplies,
            String udpReplyChannel) {
        this.aeron = aeron;
        this.context = context;
        this.clock = context.nanoClock();
        this.clientId = context.clientId();
        this.ipcReplies = ipcReplies;
        this.udpReplies = udpReplies;
        this.udpReplyChannel = udpReplyChannel;
    }

    private volatile Thread agentThread;

    /** Remembers the agent's thread so that a submitted command can wake it from its idle park. */
    @Override
    public void onStart() {
        agentThread = Thread.currentThread();
    }

    @Override
    public String roleName() {
        return "tessera-client-conductor";
    }

    /** A server found unreachable: operations for it fail at once until {@code untilNs}. */
    private record Unreachable(long untilNs, TesseraException error) {}

    /** A correlation id unique for this client; any thread. */
    long nextCorrelationId() {
        return correlationIds.incrementAndGet();
    }

    /** Queues {@code command} for the conductor thread. */
    void submit(Runnable command) {
        while (!commands.offer(command)) {
            Thread.onSpinWait();
        }
        wake();
    }

    private void wake() {
        Thread thread = agentThread;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public int doWork() {
        int work = commands.drain(Runnable::run);
        work += ipcReplies.poll(adapter, FRAGMENT_LIMIT);
        work += udpReplies.poll(adapter, FRAGMENT_LIMIT);
        long now = clock.nanoTime();
        for (ServerLink link : links.values()) {
            work += link.progress(now);
            if (link.state() == ServerLink.State.FAILED) {
                failed.add(link);
            }
        }
        failed.forEach(this::drop);
        failed.clear();
        return work + expire(now);
    }

    @Override
    public void onClose() {
        TesseraException closed = new TesseraException(ErrorCode.UNAVAILABLE, "the Tessera client is closed");
        commands.drain(Runnable::run);
        for (ServerLink link : links.values()) {
            link.fail(closed);
            link.close();
        }
        links.clear();
        operations.clear();
    }

    void startUpload(UploadOperation upload, StorageEndpoint endpoint) {
        if (failFast(upload, endpoint)) {
            return;
        }
        upload.attach(link(endpoint));
        register(upload);
    }

    void startRead(
            StorageEndpoint endpoint,
            BlockId block,
            long offset,
            ByteBuffer destination,
            CompletableFuture<Integer> result) {
        ReadOperation read = new ReadOperation(nextCorrelationId(), block, offset, destination, result);
        if (failFast(read, endpoint)) {
            return;
        }
        read.attach(link(endpoint));
        register(read);
    }

    /** Asks the link to abort an upload: WriteAbort goes out on its next turn, then it ends. */
    void abort(UploadOperation upload) {
        upload.requestAbort();
    }

    /** Fails the operation at once when its server was found unreachable a moment ago. */
    private boolean failFast(Operation operation, StorageEndpoint endpoint) {
        Unreachable down = unreachable.get(endpoint);
        if (down == null) {
            return false;
        }
        if (clock.nanoTime() - down.untilNs() < 0) {
            operation.fail(down.error());
            return true;
        }
        unreachable.remove(endpoint);
        return false;
    }

    private void register(Operation operation) {
        operation.touch(clock.nanoTime(), context.operationTimeoutNs());
        operations.put(operation.correlationId, operation);
        operation.link.add(operation);
    }

    private ServerLink link(StorageEndpoint endpoint) {
        ServerLink link = links.get(endpoint);
        if (link == null) {
            link = open(endpoint);
            links.put(endpoint, link);
        }
        return link;
    }

    private ServerLink open(StorageEndpoint endpoint) {
        boolean ipc = endpoint.aeronDirectory().equals(aeron.context().aeronDirectoryName());
        String requestChannel = ipc ? AeronChannels.ipc() : AeronChannels.udp(endpoint.host(), endpoint.dataPort());
        int requestStream =
                ipc ? AeronChannels.ipcRequestStreamId(endpoint.dataPort()) : AeronChannels.REQUEST_STREAM_ID;
        ExclusivePublication publication = aeron.addExclusivePublication(requestChannel, requestStream);
        long correlationId = nextCorrelationId();
        CompressionMode mode = context.compressionMode();
        boolean compresses = mode == CompressionMode.ALWAYS_SAMPLE || (mode == CompressionMode.REMOTE_ONLY && !ipc);
        ServerLink link = new ServerLink(
                endpoint,
                compresses,
                publication,
                clientId,
                correlationId,
                ipc ? ipcReplies.streamId() : udpReplies.streamId(),
                ipc ? AeronChannels.ipc() : udpReplyChannel,
                clock.nanoTime() + context.connectTimeoutNs());
        connecting.put(correlationId, link);
        return link;
    }

    private void drop(ServerLink link) {
        if (link.failure() != null && link.failure().code() == ErrorCode.UNAVAILABLE) {
            unreachable.put(
                    link.endpoint, new Unreachable(clock.nanoTime() + context.unreachableRetryNs(), link.failure()));
        }
        links.remove(link.endpoint);
        connecting.remove(link.connectCorrelationId());
        for (var it = operations.values().iterator(); it.hasNext(); ) {
            if (it.next().link == link) {
                it.remove();
            }
        }
        link.close();
    }

    /** Ends operations that finished on the caller's side or whose server stopped answering. */
    private int expire(long now) {
        if (now - lastExpiryCheckNs < EXPIRY_CHECK_INTERVAL_NS) {
            return 0;
        }
        lastExpiryCheckNs = now;
        operations.values().forEach(operation -> {
            if (operation.isDone()) {
                ended.add(operation);
            } else if (operation.expired(now)) {
                operation.fail(new TesseraException(
                        ErrorCode.TIMEOUT,
                        operation.link + " did not answer within " + context.operationTimeoutNs() / 1_000_000 + " ms"));
                ended.add(operation);
            }
        });
        int work = ended.size();
        ended.forEach(this::end);
        ended.clear();
        return work;
    }

    private void end(Operation operation) {
        operations.remove(operation.correlationId);
        operation.link.remove(operation);
    }

    void onConnected(long correlationId) {
        ServerLink link = connecting.remove(correlationId);
        if (link != null) {
            link.onConnected();
        }
    }

    void onWriteAck(long correlationId, long length, int checksum, int replicas) {
        if (operations.get(correlationId) instanceof UploadOperation upload) {
            upload.onAck(length, checksum, replicas);
            end(upload);
        }
    }

    void onParityAck(long correlationId, List<ParityResult> results) {
        if (operations.get(correlationId) instanceof ParityOperation parity) {
            parity.onAck(results);
            end(parity);
        }
    }

    void startParity(ParityOperation parity, StorageEndpoint endpoint) {
        if (failFast(parity, endpoint)) {
            return;
        }
        parity.attach(link(endpoint));
        register(parity);
    }

    void onReadData(
            long correlationId,
            long blockOffset,
            DirectBuffer buffer,
            int index,
            int length,
            boolean compressed,
            int rawLength) {
        if (operations.get(correlationId) instanceof ReadOperation read) {
            read.onData(blockOffset, buffer, index, length, compressed, rawLength);
            read.touch(clock.nanoTime(), context.operationTimeoutNs());
        }
    }

    void onReadEnd(long correlationId) {
        if (operations.get(correlationId) instanceof ReadOperation read) {
            read.onEnd();
            end(read);
        }
    }

    void onError(long correlationId, int code, String message) {
        ServerLink link = connecting.remove(correlationId);
        if (link != null) {
            link.fail(new TesseraException(ErrorCode.ofValue(code), message));
            return;
        }
        Operation operation = operations.get(correlationId);
        if (operation != null) {
            operation.fail(new TesseraException(ErrorCode.ofValue(code), message + " (" + operation.link + ")"));
            end(operation);
        }
    }

    void onMalformedReply(String what) {
        malformedReplies++;
        context.errorHandler().onError(new TesseraException(ErrorCode.MALFORMED_REQUEST, "ignored " + what));
    }

    long malformedReplies() {
        return malformedReplies;
    }
}
