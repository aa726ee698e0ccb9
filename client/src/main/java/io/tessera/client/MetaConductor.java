package io.tessera.client;

import io.aeron.Aeron;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.Header;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;

/**
 * The one thread that talks to the metadata cluster: it connects (and reconnects after the session is
 * lost), offers queued requests to the ingress as back-pressure allows, sends keep-alives so an idle
 * session is not timed out, and completes each request's future with the reply bearing its
 * correlation id. Requests in flight when the session is lost fail as UNAVAILABLE: they may or may not
 * have been applied, and only the caller can tell whether repeating one is safe.
 */
final class MetaConductor implements Agent, EgressListener {
    private static final long KEEP_ALIVE_INTERVAL_NS = 1_000_000_000L;
    private static final long DISCONNECTED_LIMIT_NS = 3_000_000_000L;
    private long disconnectedSinceNs;

    private final MetadataClient.Context context;
    private final Aeron aeron;
    private final NanoClock clock;
    private final ManyToOneConcurrentArrayQueue<Request> submitted = new ManyToOneConcurrentArrayQueue<>(4096);
    private final ArrayDeque<Request> unsent = new ArrayDeque<>();
    private final Long2ObjectHashMap<CompletableFuture<Object>> awaiting = new Long2ObjectHashMap<>();
    private final MetaReplies replies = new MetaReplies();
    private final AtomicLong correlationIds = new AtomicLong();
    private AeronCluster.AsyncConnect connecting;
    private AeronCluster cluster;
    private long connectStartedNs;
    private long lastSentNs;

    /** An encoded request waiting to be offered. */
    record Request(long correlationId, DirectBuffer buffer, int length, CompletableFuture<Object> reply) {}

    MetaConductor(MetadataClient.Context context, Aeron aeron) {
        this.context = context;
        this.aeron = aeron;
        this.clock = context.nanoClock();
    }

    private volatile Thread agentThread;

    /** Remembers the agent's thread so that a submitted command can wake it from its idle park. */
    @Override
    public void onStart() {
        agentThread = Thread.currentThread();
    }

    @Override
    public String roleName() {
        return "tessera-meta-client";
    }

    long nextCorrelationId() {
        return correlationIds.incrementAndGet();
    }

    void submit(Request request) {
        if (!submitted.offer(request)) {
            request.reply()
                    .completeExceptionally(
                            new TesseraException(ErrorCode.UNAVAILABLE, "too many metadata requests queued"));
            return;
        }
        Thread thread = agentThread;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public int doWork() {
        int work = submitted.drain(unsent::add);
        if (cluster == null) {
            return work + connect();
        }
        if (cluster.isClosed()) {
            lost("the metadata service closed this client's session");
            return work + 1;
        }
        if (silentTooLong(clock.nanoTime())) {
            lost("the metadata service at " + context.metaAddresses() + " went away");
            return work + 1;
        }
        work += cluster.pollEgress();
        work += send();
        long now = clock.nanoTime();
        if (now - lastSentNs > KEEP_ALIVE_INTERVAL_NS && cluster.sendKeepAlive()) {
            lastSentNs = now;
        }
        return work;
    }

    private int connect() {
        if (unsent.isEmpty() && awaiting.isEmpty() && connecting == null && !context.connectEagerly()) {
            return 0;
        }
        long now = clock.nanoTime();
        try {
            if (connecting == null) {
                connecting = AeronCluster.asyncConnect(clusterContext());
                connectStartedNs = now;
            }
            AeronCluster connected = connecting.poll();
            if (connected != null) {
                connecting = null;
                cluster = connected;
                lastSentNs = now;
                return 1;
            }
            if (now - connectStartedNs > context.responseTimeoutNs()) {
                throw new TesseraException(
                        ErrorCode.UNAVAILABLE, "no metadata service answered at " + context.metaAddresses());
            }
        } catch (RuntimeException e) {
            CloseHelper.quietClose(connecting);
            connecting = null;
            failAll(
                    e instanceof TesseraException t
                            ? t
                            : new TesseraException(
                                    ErrorCode.UNAVAILABLE,
                                    "cannot reach the metadata service at " + context.metaAddresses() + ": "
                                            + e.getMessage(),
                                    e));
            return 1;
        }
        return 0;
    }

    private AeronCluster.Context clusterContext() {
        return new AeronCluster.Context()
                .aeron(aeron)
                .ownsAeronClient(false)
                .ingressChannel("aeron:udp?term-length=4m")
                .ingressEndpoints(ingressEndpoints(context.metaAddresses()))
                .egressChannel("aeron:udp?endpoint=" + context.replyHost() + ":0|term-length=4m")
                .messageTimeoutNs(context.responseTimeoutNs())
                .egressListener(this)
                .errorHandler(context.errorHandler());
    }

    /** {@code host:port,host:port} becomes Aeron Cluster's {@code 0=host:port,1=host:port}. */
    static String ingressEndpoints(String addresses) {
        String[] members = addresses.split(",");
        StringBuilder endpoints = new StringBuilder();
        for (int i = 0; i < members.length; i++) {
            endpoints.append(i == 0 ? "" : ",").append(i).append('=').append(members[i].trim());
        }
        return endpoints.toString();
    }

    private int send() {
        int sent = 0;
        while (!unsent.isEmpty()) {
            Request request = unsent.peek();
            long result = cluster.offer(request.buffer(), 0, request.length());
            if (result < 0) {
                break;
            }
            unsent.poll();
            awaiting.put(request.correlationId(), request.reply());
            lastSentNs = clock.nanoTime();
            sent++;
        }
        return sent;
    }

    @Override
    public void onMessage(
            long clusterSessionId, long timestamp, DirectBuffer buffer, int offset, int length, Header header) {
        Object value = replies.decode(buffer, offset, length);
        CompletableFuture<Object> reply = awaiting.remove(replies.correlationId());
        if (reply == null) {
            return;
        }
        if (value instanceof TesseraException error) {
            reply.completeExceptionally(error);
        } else {
            reply.complete(value);
        }
    }

    /**
     * Whether the session's channels have been disconnected for a while: a service that was killed never
     * closes the session, so without this check the client would wait on a dead session forever.
     */
    private boolean silentTooLong(long now) {
        boolean connected = cluster.egressSubscription().isConnected()
                && cluster.ingressPublication().isConnected();
        if (connected) {
            disconnectedSinceNs = 0;
            return false;
        }
        if (disconnectedSinceNs == 0) {
            disconnectedSinceNs = now;
        }
        return now - disconnectedSinceNs > DISCONNECTED_LIMIT_NS;
    }

    private void lost(String why) {
        disconnectedSinceNs = 0;
        CloseHelper.quietClose(cluster);
        cluster = null;
        TesseraException error = new TesseraException(ErrorCode.UNAVAILABLE, why);
        awaiting.values().forEach(reply -> reply.completeExceptionally(error));
        awaiting.clear();
    }

    private void failAll(TesseraException error) {
        unsent.forEach(request -> request.reply().completeExceptionally(error));
        unsent.clear();
        awaiting.values().forEach(reply -> reply.completeExceptionally(error));
        awaiting.clear();
    }

    @Override
    public void onClose() {
        failAll(new TesseraException(ErrorCode.UNAVAILABLE, "the metadata client is closed"));
        submitted.drain(request -> request.reply()
                .completeExceptionally(new TesseraException(ErrorCode.UNAVAILABLE, "the metadata client is closed")));
        CloseHelper.quietCloseAll(connecting, cluster);
    }
}
