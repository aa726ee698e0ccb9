package io.tessera.hadoop;

import io.tessera.client.TesseraClient;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One {@link TesseraClient} per metadata service, media driver and user, shared by every FileSystem of
 * this JVM that names them and closed, with the media driver it embeds, when the last of them closes.
 * Hadoop makes a FileSystem per user and per URI and sometimes many more (cache disabled); each client
 * costs a driver, threads and Aeron sessions, so they are counted rather than made per instance.
 */
final class SharedClients {
    /** What makes two clients interchangeable. */
    record Key(String metaAddress, String aeronDirectory, String user, String replyHost) {}

    private static final Map<Key, Entry> CLIENTS = new HashMap<>();

    private static final class Entry {
        private final TesseraClient client;
        private int references;

        private Entry(TesseraClient client) {
            this.client = client;
        }
    }

    private SharedClients() {}

    /** The client for {@code key}, connecting it when no FileSystem holds one; pair with {@link #release}. */
    static synchronized TesseraClient acquire(Key key, Supplier<TesseraClient> connect) {
        Entry entry = CLIENTS.get(key);
        if (entry == null) {
            entry = new Entry(connect.get());
            CLIENTS.put(key, entry);
        }
        entry.references++;
        return entry.client;
    }

    /** Gives back one reference; the last one closes the client and its embedded media driver. */
    static synchronized void release(Key key) {
        Entry entry = CLIENTS.get(key);
        if (entry != null && --entry.references == 0) {
            CLIENTS.remove(key);
            entry.client.close();
        }
    }

    /** How many clients are open, for tests that check the last close stops everything. */
    static synchronized int open() {
        return CLIENTS.size();
    }
}
