package io.tessera.client;

import java.util.Objects;

/**
 * Where a storage server takes data-plane requests: UDP at {@code host:dataPort}, or IPC when the caller
 * is attached to the same media driver ({@code aeronDirectory}, empty when unknown).
 */
public record StorageEndpoint(String host, int dataPort, String aeronDirectory) {
    public StorageEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(aeronDirectory, "aeronDirectory");
        if (dataPort <= 0 || dataPort > 65535) {
            throw new IllegalArgumentException("data port must be 1 to 65535: " + dataPort);
        }
    }

    @Override
    public String toString() {
        return host + ":" + dataPort;
    }
}
