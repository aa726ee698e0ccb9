package io.tessera.client;

import io.aeron.ExclusivePublication;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.util.ArrayList;
import java.util.List;

/**
 * The conductor's connection to one storage server: a request publication, the Connect handshake that
 * tells the server where to reply, and the operations in flight to it. Operations take turns on the
 * publication, so a large upload does not hold up a small read to the same server.
 */
final class ServerLink {
    enum State {
        CONNECTING,
        READY,
        FAILED
    }

    final StorageEndpoint endpoint;
    /** Whether streams on this link sample for LZ4 compression. */
    final boolean compresses;

    private final ExclusivePublication publication;
    private final RequestProxy proxy;
    private final long connectCorrelationId;
    private final long connectDeadlineNs;
    private final int replyStreamId;
    private final String replyChannel;
    private final List<Operation> operations = new ArrayList<>();
    private State state = State.CONNECTING;
    private TesseraException failure;
    private boolean connectSent;
    private int next;

    ServerLink(
            StorageEndpoint endpoint,
            boolean compresses,
            ExclusivePublication publication,
            long clientId,
            long connectCorrelationId,
            int replyStreamId,
            String replyChannel,
            long connectDeadlineNs) {
        this.endpoint = endpoint;
        this.compresses = compresses;
        this.publication = publication;
        this.proxy = new RequestProxy(publication, clientId);
        this.connectCorrelationId = connectCorrelationId;
        this.replyStreamId = replyStreamId;
        this.replyChannel = replyChannel;
        this.connectDeadlineNs = connectDeadlineNs;
    }

    State state() {
        return state;
    }

    long connectCorrelationId() {
        return connectCorrelationId;
    }

    void add(Operation operation) {
        operations.add(operation);
    }

    void remove(Operation operation) {
        operations.remove(operation);
    }

    List<Operation> operations() {
        return operations;
    }

    void onConnected() {
        state = State.READY;
    }

    /** Moves the handshake on or sends what operations have; returns the work done. */
    int progress(long nowNs) {
        if (state == State.CONNECTING) {
            return handshake(nowNs);
        }
        if (state == State.READY && !publication.isConnected()) {
            fail(new TesseraException(ErrorCode.UNAVAILABLE, "storage server " + endpoint + " went away"));
            return 1;
        }
        return state == State.READY ? sendInTurn() : 0;
    }

    private int handshake(long nowNs) {
        if (!connectSent && publication.isConnected()) {
            connectSent = proxy.connect(connectCorrelationId, replyStreamId, replyChannel);
            return connectSent ? 1 : 0;
        }
        if (nowNs - connectDeadlineNs > 0) {
            fail(new TesseraException(
                    ErrorCode.UNAVAILABLE,
                    "storage server " + endpoint + " did not answer"
                            + (publication.isConnected() ? " its connection request" : ": nothing listens there")));
            return 1;
        }
        return 0;
    }

    private int sendInTurn() {
        int work = 0;
        int count = operations.size();
        for (int i = 0; i < count; i++) {
            Operation operation = operations.get((next + i) % count);
            if (operation.hasOutput()) {
                work++;
                if (!operation.send(proxy)) {
                    next = (next + i) % count;
                    return work;
                }
            }
        }
        return work;
    }

    /** Fails every operation on this link; the conductor then drops the link. */
    void fail(TesseraException error) {
        state = State.FAILED;
        failure = error;
        for (Operation operation : operations) {
            operation.fail(error);
        }
        operations.clear();
    }

    /** Why the link failed; null while it has not. */
    TesseraException failure() {
        return failure;
    }

    void close() {
        if (state == State.READY) {
            proxy.disconnect();
        }
        publication.close();
    }

    @Override
    public String toString() {
        return "storage server " + endpoint;
    }
}
