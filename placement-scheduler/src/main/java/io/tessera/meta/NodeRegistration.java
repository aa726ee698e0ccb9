package io.tessera.meta;

import io.tessera.placement.Rack;
import java.util.Objects;

/**
 * What a storage server tells the metadata service when it starts. {@code storageId} is the UUID kept in
 * the server's data directory: it names the data, not the process, so a restarted server, even on new
 * ports or a new host, is recognised as the same node.
 */
public record NodeRegistration(
        String storageId,
        String host,
        int dataPort,
        int flightPort,
        int httpPort,
        Rack rack,
        long capacityBytes,
        long usedBytes,
        String aeronDirectory) {
    /** Longest name accepted, well inside what a snapshot's length-prefixed strings can hold. */
    static final int MAX_NAME_LENGTH = 255;

    public NodeRegistration {
        checkName("storage id", storageId);
        checkName("host", host);
        checkPort("data port", dataPort);
        checkOptionalPort("flight port", flightPort);
        checkOptionalPort("http port", httpPort);
        Objects.requireNonNull(aeronDirectory, "aeronDirectory");
        if (aeronDirectory.length() > 4096) {
            throw new IllegalArgumentException("media driver directory is longer than 4096 characters");
        }
        Objects.requireNonNull(rack, "rack");
        checkName("zone", rack.zone());
        checkName("rack", rack.name());
        checkBytes(capacityBytes, usedBytes);
    }

    static void checkBytes(long capacityBytes, long usedBytes) {
        if (capacityBytes < 0 || usedBytes < 0) {
            throw new IllegalArgumentException(
                    "capacity and used bytes must not be negative: " + capacityBytes + ", " + usedBytes);
        }
    }

    private static void checkName(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isBlank() || value.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    what + " must be 1 to " + MAX_NAME_LENGTH + " characters, not blank: '" + value + "'");
        }
    }

    /** A port of a service the node may not run: 0 when it does not. */
    private static void checkOptionalPort(String what, int port) {
        if (port != 0) {
            checkPort(what, port);
        }
    }

    private static void checkPort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 1 to 65535: " + port);
        }
    }
}
