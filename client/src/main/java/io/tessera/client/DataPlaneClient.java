package io.tessera.client;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Moves blocks to and from storage servers over Aeron: chunked block uploads and positional range
 * reads, many at once, from any thread. One conductor thread does all Aeron work; callers get futures.
 * Servers that share this client's media driver are reached over IPC, the others over UDP.
 */
public final class DataPlaneClient implements AutoCloseable {
    private static final long RESOLVE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    private final Context context;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final ClientConductor conductor;
    private final AgentRunner runner;
    private boolean closed;

    private DataPlaneClient(Context context, MediaDriver driver, Aeron aeron, ClientConductor conductor) {
        this.context = context;
        this.driver = driver;
        this.aeron = aeron;
        this.conductor = conductor;
        this.runner = new AgentRunner(
                new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1)),
                context.errorHandler(),
                null,
                conductor);
    }

    /** Connects to the configured media driver, or launches a private one when none is configured. */
    public static DataPlaneClient connect(Context context) {
        context.conclude();
        MediaDriver driver = null;
        Aeron aeron = null;
        try {
            if (context.aeronDirectoryName() == null) {
                String directory = TesseraMediaDriver.directory("tessera-client", UUID.randomUUID());
                driver = TesseraMediaDriver.launch(directory);
                context.aeronDirectoryName(directory);
            }
            aeron = Aeron.connect(new Aeron.Context()
                    .aeronDirectoryName(context.aeronDirectoryName())
                    .errorHandler(context.errorHandler()));
            int replyStream = 1_000_000 + ThreadLocalRandom.current().nextInt(1_000_000_000);
            Subscription ipcReplies = aeron.addSubscription(AeronChannels.ipc(), replyStream);
            Subscription udpReplies = aeron.addSubscription(AeronChannels.udp(context.replyHost(), 0), replyStream);
            String udpReplyChannel = resolve(udpReplies, context.nanoClock());
            ClientConductor conductor = new ClientConductor(aeron, context, ipcReplies, udpReplies, udpReplyChannel);
            DataPlaneClient client = new DataPlaneClient(context, driver, aeron, conductor);
            AgentRunner.startOnThread(client.runner);
            return client;
        } catch (RuntimeException e) {
            CloseHelper.quietCloseAll(aeron, driver);
            throw e;
        }
    }

    /** The UDP reply channel with the port the OS picked, once the driver has bound it. */
    private static String resolve(Subscription subscription, NanoClock clock) {
        long deadline = clock.nanoTime() + RESOLVE_TIMEOUT_NS;
        String resolved;
        while ((resolved = subscription.tryResolveChannelEndpointPort()) == null) {
            if (clock.nanoTime() - deadline > 0) {
                throw new TesseraException(ErrorCode.UNAVAILABLE, "the media driver did not bind a reply port");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        return resolved;
    }

    /** Starts writing {@code block} (with its {@code generation}) to the server at {@code endpoint}. */
    public BlockUpload upload(StorageEndpoint endpoint, BlockId block, long generation) {
        return upload(endpoint, block, generation, java.util.List.of());
    }

    /**
     * Starts writing {@code block} through a replication pipeline: the server at {@code endpoint} stores it
     * and passes every chunk on to {@code forward}'s first server, which passes it on in turn. The
     * acknowledgement counts the servers, from the head, that hold the block durably.
     */
    public BlockUpload upload(
            StorageEndpoint endpoint, BlockId block, long generation, java.util.List<StorageEndpoint> forward) {
        UploadOperation operation =
                new UploadOperation(conductor.nextCorrelationId(), block, generation, java.util.List.copyOf(forward));
        conductor.submit(() -> conductor.startUpload(operation, endpoint));
        return new BlockUpload(conductor, operation);
    }

    /**
     * Starts streaming a group's data to {@code accumulator}, its first parity node, which computes the
     * group's parity (policy {@code policyId}), stores parity block {@code k} and sends the rest to {@code
     * others}. For writers whose memory cannot hold the parity themselves.
     */
    public ParityUpload parityUpload(
            StorageEndpoint accumulator,
            long group,
            long generation,
            int policyId,
            long maxBlockLength,
            java.util.List<ParityTarget> others) {
        ParityOperation operation = new ParityOperation(
                conductor.nextCorrelationId(),
                group,
                generation,
                policyId,
                maxBlockLength,
                java.util.List.copyOf(others));
        conductor.submit(() -> conductor.startParity(operation, accumulator));
        return new ParityUpload(conductor, operation);
    }

    /**
     * Reads {@code destination.remaining()} bytes of {@code block} from {@code offset} into {@code
     * destination} (its position does not move). Completes with the byte count, always the whole range,
     * or fails: BLOCK_NOT_FOUND, CORRUPT_BLOCK, UNAVAILABLE, TIMEOUT, INVALID_ARGUMENT.
     */
    public CompletableFuture<Integer> read(
            StorageEndpoint endpoint, BlockId block, long offset, ByteBuffer destination) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        conductor.submit(() -> conductor.startRead(endpoint, block, offset, destination, result));
        return result;
    }

    /** The media driver directory this client is attached to: servers sharing it are reached over IPC. */
    public String aeronDirectoryName() {
        return context.aeronDirectoryName();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            CloseHelper.closeAll(runner, aeron, driver);
        }
    }

    /** Configuration, validated once by {@link #conclude()}. */
    public static final class Context {
        private String aeronDirectoryName;
        private String replyHost = "127.0.0.1";
        private long connectTimeoutNs = TimeUnit.SECONDS.toNanos(5);
        private long operationTimeoutNs = TimeUnit.SECONDS.toNanos(30);
        private long unreachableRetryNs = TimeUnit.SECONDS.toNanos(30);
        private CompressionMode compressionMode = CompressionMode.REMOTE_ONLY;
        private ErrorHandler errorHandler = Throwable::printStackTrace;
        private NanoClock nanoClock = SystemNanoClock.INSTANCE;
        private long clientId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);

        void conclude() {
            Objects.requireNonNull(replyHost, "replyHost");
            Objects.requireNonNull(errorHandler, "errorHandler");
            if (connectTimeoutNs <= 0 || operationTimeoutNs <= 0) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
        }

        /** An existing media driver's directory; null (the default) launches a private driver. */
        public Context aeronDirectoryName(String directory) {
            this.aeronDirectoryName = directory;
            return this;
        }

        public String aeronDirectoryName() {
            return aeronDirectoryName;
        }

        /** The address servers send UDP replies to: one they can reach this host at. */
        public Context replyHost(String host) {
            this.replyHost = host;
            return this;
        }

        String replyHost() {
            return replyHost;
        }

        public Context connectTimeout(long duration, TimeUnit unit) {
            this.connectTimeoutNs = unit.toNanos(duration);
            return this;
        }

        long connectTimeoutNs() {
            return connectTimeoutNs;
        }

        /** How long a server may stay silent while an operation waits on it. */
        public Context operationTimeout(long duration, TimeUnit unit) {
            this.operationTimeoutNs = unit.toNanos(duration);
            return this;
        }

        long operationTimeoutNs() {
            return operationTimeoutNs;
        }

        /** When chunks are LZ4-compressed: {@link CompressionMode#REMOTE_ONLY} by default. */
        public Context compressionMode(CompressionMode mode) {
            this.compressionMode = mode;
            return this;
        }

        CompressionMode compressionMode() {
            return compressionMode;
        }

        /**
         * After a server is found unreachable, operations for it fail at once for this long (30 s by
         * default): a degraded read then decodes around it without waiting for a connection each time.
         */
        public Context unreachableRetry(long duration, TimeUnit unit) {
            this.unreachableRetryNs = unit.toNanos(duration);
            return this;
        }

        long unreachableRetryNs() {
            return unreachableRetryNs;
        }

        public Context errorHandler(ErrorHandler handler) {
            this.errorHandler = handler;
            return this;
        }

        ErrorHandler errorHandler() {
            return errorHandler;
        }

        NanoClock nanoClock() {
            return nanoClock;
        }

        long clientId() {
            return clientId;
        }
    }
}
