package io.tessera.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writers' leases, one per holder (a client), covering every file the holder writes, as HDFS keeps them.
 * A holder renews its lease as a whole; a lease not renewed for longer than the limit expires, and its
 * files are recovered. Sorted by holder and by file id, so expiry happens in the same order everywhere.
 */
final class Leases {
    /** One holder's lease. */
    static final class Lease {
        final String holder;
        long lastRenewed;
        final TreeSet<Long> fileIds = new TreeSet<>();

        Lease(String holder, long lastRenewed) {
            this.holder = holder;
            this.lastRenewed = lastRenewed;
        }
    }

    private final TreeMap<String, Lease> byHolder = new TreeMap<>();

    /** Adds a file to its holder's lease, creating or renewing the lease. */
    void add(String holder, long fileId, long now) {
        Lease lease = restore(holder, now);
        lease.lastRenewed = Math.max(lease.lastRenewed, now);
        lease.fileIds.add(fileId);
    }

    /** The lease of {@code holder}, created at {@code lastRenewed} if it has none (snapshot loading). */
    Lease restore(String holder, long lastRenewed) {
        return byHolder.computeIfAbsent(holder, h -> new Lease(h, lastRenewed));
    }

    /** Takes a file off its holder's lease; a lease left with no file ends. */
    void remove(String holder, long fileId) {
        Lease lease = byHolder.get(holder);
        if (lease != null) {
            lease.fileIds.remove(fileId);
            if (lease.fileIds.isEmpty()) {
                byHolder.remove(holder);
            }
        }
    }

    /** Renews the holder's lease; false when it holds none. Time never moves a lease backwards. */
    boolean renew(String holder, long now) {
        Lease lease = byHolder.get(holder);
        if (lease == null) {
            return false;
        }
        lease.lastRenewed = Math.max(lease.lastRenewed, now);
        return true;
    }

    Lease get(String holder) {
        return byHolder.get(holder);
    }

    /** Leases last renewed more than {@code limit} ms before {@code now}, by holder. */
    List<Lease> expired(long now, long limit) {
        List<Lease> expired = new ArrayList<>();
        for (Lease lease : byHolder.values()) {
            if (now - lease.lastRenewed > limit) {
                expired.add(lease);
            }
        }
        return expired;
    }

    /** Every lease, by holder. */
    Iterable<Lease> all() {
        return byHolder.values();
    }

    int size() {
        return byHolder.size();
    }
}
