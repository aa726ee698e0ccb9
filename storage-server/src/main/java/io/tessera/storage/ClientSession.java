package io.tessera.storage;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * One connected client (or peer server): the publication its replies go to, replies waiting for room
 * in it, and its block writes and reads in flight. A client whose reply channel stays unreachable past
 * the liveness timeout is dropped, and its unfinished writes are aborted.
 */
final class ClientSession {
    final long clientId;
    private final Aeron aeron;
    private final long registrationId;
    private final long createdNs;
    private final ArrayDeque<Predicate<ReplyProxy>> replies = new ArrayDeque<>();
    final Long2ObjectHashMap<WriteSession> writes = new Long2ObjectHashMap<>();
    final List<ReadSession> reads = new ArrayList<>();
    final Long2ObjectHashMap<ParitySession> parities = new Long2ObjectHashMap<>();
    private ReplyProxy proxy;
    private long unreachableSinceNs;

    ClientSession(long clientId, Aeron aeron, String replyChannel, int replyStreamId, long nowNs) {
        this.clientId = clientId;
        this.aeron = aeron;
        this.registrationId = aeron.asyncAddExclusivePublication(replyChannel, replyStreamId);
        this.createdNs = nowNs;
    }

    /** The reply proxy once the driver has made the publication; null before. */
    ReplyProxy proxy() {
        if (proxy == null) {
            ExclusivePublication publication = aeron.getExclusivePublication(registrationId);
            if (publication != null) {
                proxy = new ReplyProxy(publication);
            }
        }
        return proxy;
    }

    /** Sends a reply now if the publication takes it, else queues it behind earlier ones. */
    void reply(Predicate<ReplyProxy> send) {
        if (!replies.isEmpty() || proxy() == null || !send.test(proxy)) {
            replies.add(send);
        }
    }

    /** Sends queued replies in order while the publication takes them. */
    int flush() {
        int sent = 0;
        while (!replies.isEmpty()
                && proxy() != null
                && proxy.isConnected()
                && replies.peek().test(proxy)) {
            replies.poll();
            sent++;
        }
        return sent;
    }

    /** Whether the client has been unreachable for longer than {@code timeoutNs}. */
    boolean isDead(long nowNs, long timeoutNs) {
        if (proxy() != null && proxy.isConnected()) {
            unreachableSinceNs = 0;
            return false;
        }
        if (unreachableSinceNs == 0) {
            unreachableSinceNs = Math.max(nowNs, createdNs);
        }
        return nowNs - unreachableSinceNs > timeoutNs;
    }

    /** Aborts unfinished writes, drops reads and parity in progress, and closes the publication. */
    void close() {
        writes.values().forEach(WriteSession::abort);
        writes.clear();
        parities.values().forEach(ParitySession::fail);
        reads.forEach(ReadSession::cancel);
        reads.clear();
        if (proxy != null) {
            proxy.close();
        } else {
            aeron.asyncRemovePublication(registrationId);
        }
    }
}
