package io.tessera.meta;

import io.tessera.placement.Candidate;
import io.tessera.placement.Location;
import io.tessera.placement.Rack;

/**
 * A registered storage node as the registry holds it: immutable, replaced on every change.
 *
 * @param nodeId small, assigned in registration order from 1, kept for the life of the storage id
 * @param lastHeartbeatMillis cluster time of the last registration or heartbeat
 * @param aeronDirectory the node's media driver: clients sharing it reach the node over IPC
 */
public record StorageNode(
        int nodeId,
        String storageId,
        String host,
        int dataPort,
        int flightPort,
        int httpPort,
        Rack rack,
        long capacityBytes,
        long usedBytes,
        long lastHeartbeatMillis,
        NodeState state,
        String aeronDirectory) {

    static StorageNode registered(int nodeId, NodeRegistration registration, long now, NodeState state) {
        return new StorageNode(
                nodeId,
                registration.storageId(),
                registration.host(),
                registration.dataPort(),
                registration.flightPort(),
                registration.httpPort(),
                registration.rack(),
                registration.capacityBytes(),
                registration.usedBytes(),
                now,
                state,
                registration.aeronDirectory());
    }

    public Location location() {
        return new Location(host, rack);
    }

    public long freeBytes() {
        return Math.max(0, capacityBytes - usedBytes);
    }

    /** What placement needs to know about this node. */
    public Candidate candidate() {
        return new Candidate(nodeId, rack, capacityBytes, usedBytes);
    }

    StorageNode withHeartbeat(long capacity, long used, long now, NodeState newState) {
        return new StorageNode(
                nodeId,
                storageId,
                host,
                dataPort,
                flightPort,
                httpPort,
                rack,
                capacity,
                used,
                now,
                newState,
                aeronDirectory);
    }

    StorageNode withState(NodeState newState) {
        return withHeartbeat(capacityBytes, usedBytes, lastHeartbeatMillis, newState);
    }
}
