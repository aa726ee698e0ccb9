package io.tessera.placement;

import java.util.Objects;

/**
 * Where a node or a reader runs.
 *
 * @param host the host name, compared as given
 * @param rack the node's rack, or {@code null} when unknown (a client outside the cluster), which is then
 *     close only to nodes on the same host
 */
public record Location(String host, Rack rack) {
    public Location {
        Objects.requireNonNull(host, "host");
    }

    /** A reader of which only the host is known. */
    public static Location ofHost(String host) {
        return new Location(host, null);
    }
}
