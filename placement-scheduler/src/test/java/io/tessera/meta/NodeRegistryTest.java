package io.tessera.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import io.tessera.placement.Candidate;
import io.tessera.placement.Rack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeRegistryTest {
    private static final long TIMEOUT = 10_000;
    private static final long GIB = 1L << 30;

    private final NodeRegistry registry = new NodeRegistry(TIMEOUT);

    private static NodeRegistration registration(String storageId, int basePort, String rack) {
        return new NodeRegistration(
                storageId,
                "host-" + storageId,
                basePort,
                basePort + 1,
                basePort + 2,
                new Rack("z1", rack),
                100 * GIB,
                0,
                "/dev/shm/aeron-" + storageId);
    }

    @Test
    void shouldAssignNodeIdsInRegistrationOrderFromOne() {
        assertEquals(1, registry.register(registration("a", 9000, "r1"), 0).nodeId());
        assertEquals(2, registry.register(registration("b", 9010, "r2"), 5).nodeId());
        StorageNode c = registry.register(registration("c", 9020, "r1"), 7);
        assertEquals(3, c.nodeId());
        assertEquals(NodeState.LIVE, c.state());
        assertEquals(7, c.lastHeartbeatMillis());
        assertEquals(
                List.of(1, 2, 3),
                registry.nodes().stream().map(StorageNode::nodeId).toList());
        assertEquals(c, registry.findByStorageId("c").orElseThrow());
    }

    @Test
    void shouldKeepTheNodeIdWhenTheSameStorageIdRegistersAgainOnNewPorts() {
        registry.register(registration("a", 9000, "r1"), 0);
        registry.register(registration("b", 9010, "r1"), 0);
        StorageNode again = registry.register(registration("a", 9500, "r2"), 2_000);
        assertEquals(1, again.nodeId());
        assertEquals(9500, again.dataPort());
        assertEquals(9501, again.flightPort());
        assertEquals(9502, again.httpPort());
        assertEquals(new Rack("z1", "r2"), again.rack());
        assertEquals(again, registry.node(1));
        assertEquals(2, registry.nodes().size());
        assertEquals(3, registry.register(registration("c", 9020, "r1"), 0).nodeId());
    }

    @Test
    void shouldGiveLiveNodesAFullTimeoutAgainAfterTheServiceWasAway() {
        registry.register(registration("a", 9000, "r1"), 0);
        registry.register(registration("b", 9010, "r1"), 0);
        registry.expire(TIMEOUT + 1);
        assertEquals(NodeState.DEAD, registry.node(1).state());
        registry.register(registration("a", 9000, "r1"), TIMEOUT + 2);

        registry.grace(5 * TIMEOUT);

        assertEquals(List.of(), registry.expire(6 * TIMEOUT - 1), "heard from at the grace");
        assertEquals(NodeState.LIVE, registry.node(1).state());
        assertEquals(NodeState.DEAD, registry.node(2).state(), "a dead node stays dead");
        assertEquals(1, registry.expire(6 * TIMEOUT + 1).size());
    }

    @Test
    void shouldRecordCapacityAndUsageFromHeartbeats() {
        registry.register(registration("a", 9000, "r1"), 0);
        StorageNode node = registry.heartbeat(1, 200 * GIB, 50 * GIB, 3_000);
        assertEquals(200 * GIB, node.capacityBytes());
        assertEquals(150 * GIB, node.freeBytes());
        assertEquals(3_000, registry.node(1).lastHeartbeatMillis());
        assertEquals(
                List.of(new Candidate(1, new Rack("z1", "r1"), 200 * GIB, 50 * GIB)), registry.placementCandidates());
    }

    @Test
    void shouldRefuseAHeartbeatFromAnUnknownNode() {
        registry.register(registration("a", 9000, "r1"), 0);
        TesseraException refusal = assertThrows(TesseraException.class, () -> registry.heartbeat(7, GIB, 0, 1));
        assertEquals(ErrorCode.NOT_FOUND, refusal.code());
        assertEquals("unknown node 7, register first", refusal.getMessage());
        assertThrows(TesseraException.class, () -> registry.heartbeat(0, GIB, 0, 1));
    }

    @Test
    void shouldExpireNodesSilentForLongerThanTheTimeoutOnce() {
        registry.register(registration("a", 9000, "r1"), 0);
        registry.register(registration("b", 9010, "r1"), 0);
        registry.register(registration("c", 9020, "r1"), 0);
        registry.heartbeat(2, 100 * GIB, 0, 5_000);
        assertEquals(List.of(), registry.expire(TIMEOUT));

        List<StorageNode> died = registry.expire(TIMEOUT + 1);
        assertEquals(List.of(1, 3), died.stream().map(StorageNode::nodeId).toList());
        assertTrue(died.stream().allMatch(node -> node.state() == NodeState.DEAD));
        assertEquals(NodeState.LIVE, registry.node(2).state());
        assertEquals(
                List.of(2),
                registry.placementCandidates().stream().map(Candidate::nodeId).toList());
        assertEquals(List.of(), registry.expire(TIMEOUT + 2), "already dead nodes die only once");
        assertEquals(
                List.of(2),
                registry.expire(5_000 + TIMEOUT + 1).stream()
                        .map(StorageNode::nodeId)
                        .toList());
    }

    @Test
    void shouldBringADeadNodeBackWhenItHeartbeatsOrRegisters() {
        registry.register(registration("a", 9000, "r1"), 0);
        registry.register(registration("b", 9010, "r1"), 0);
        registry.expire(TIMEOUT + 1);
        assertEquals(NodeState.LIVE, registry.heartbeat(1, GIB, 0, 20_000).state());
        StorageNode back = registry.register(registration("b", 9050, "r1"), 20_000);
        assertEquals(NodeState.LIVE, back.state());
        assertEquals(2, back.nodeId());
        assertEquals(List.of(), registry.expire(20_000 + TIMEOUT));
    }

    @Test
    void shouldTakeDecommissioningNodesOutOfPlacementAndKeepThemThroughRestart() {
        registry.register(registration("a", 9000, "r1"), 0);
        registry.register(registration("b", 9010, "r1"), 0);
        assertEquals(NodeState.DECOMMISSIONING, registry.startDecommission(1).state());
        assertEquals(NodeState.DECOMMISSIONING, registry.startDecommission(1).state());
        assertEquals(
                NodeState.DECOMMISSIONING,
                registry.register(registration("a", 9000, "r1"), 1).state());
        assertEquals(
                List.of(2),
                registry.placementCandidates().stream().map(Candidate::nodeId).toList());
        assertEquals(NodeState.DECOMMISSIONED, registry.finishDecommission(1).state());
        assertEquals(NodeState.DECOMMISSIONED, registry.heartbeat(1, GIB, 0, 2).state());
        assertEquals(
                List.of(2),
                registry.expire(TIMEOUT * 5).stream().map(StorageNode::nodeId).toList());

        TesseraException refusal = assertThrows(TesseraException.class, () -> registry.finishDecommission(2));
        assertEquals(ErrorCode.INVALID_ARGUMENT, refusal.code());
        assertEquals("node 2 is DEAD; only a DECOMMISSIONING node can become DECOMMISSIONED", refusal.getMessage());
    }

    @Test
    void shouldRestoreFromItsSnapshotEqualToTheOriginal() throws IOException {
        registry.register(registration("a", 9000, "r1"), 0);
        registry.register(registration("b", 9010, "r2"), 0);
        registry.register(registration("c", 9020, "r1"), 0);
        registry.register(registration("d", 9030, "r3"), 0);
        registry.heartbeat(1, 300 * GIB, 123_456_789, 8_000);
        registry.startDecommission(3);
        registry.startDecommission(4);
        registry.finishDecommission(4);
        registry.expire(TIMEOUT + 1);
        assertEquals(
                List.of(NodeState.LIVE, NodeState.DEAD, NodeState.DEAD, NodeState.DECOMMISSIONED),
                registry.nodes().stream().map(StorageNode::state).toList());

        byte[] snapshot = snapshot(registry);
        NodeRegistry restored = NodeRegistry.readFrom(new DataInputStream(new ByteArrayInputStream(snapshot)), TIMEOUT);

        assertEquals(registry.nodes(), restored.nodes());
        assertArrayEquals(snapshot, snapshot(restored));
        assertEquals(2, restored.register(registration("b", 9999, "r2"), 30_000).nodeId());
        assertEquals(5, restored.register(registration("e", 9040, "r2"), 30_000).nodeId());
    }

    @Test
    void shouldRestoreAnEmptyRegistry() throws IOException {
        byte[] snapshot = snapshot(registry);
        assertEquals(12, snapshot.length);
        NodeRegistry restored = NodeRegistry.readFrom(new DataInputStream(new ByteArrayInputStream(snapshot)), TIMEOUT);
        assertEquals(List.of(), restored.nodes());
    }

    @Test
    void shouldRefuseASnapshotWithOtherMagicOrAnUnknownVersion() throws IOException {
        registry.register(registration("a", 9000, "r1"), 0);
        byte[] snapshot = snapshot(registry);
        byte[] otherMagic = snapshot.clone();
        otherMagic[0] = 'X';
        IOException magic = assertThrows(IOException.class, () -> restore(otherMagic));
        assertTrue(magic.getMessage().startsWith("not a node registry snapshot"), magic.getMessage());
        byte[] newerVersion = snapshot.clone();
        newerVersion[7] = 2;
        IOException version = assertThrows(IOException.class, () -> restore(newerVersion));
        assertEquals("node registry snapshot version 2 is not supported; this build reads 1", version.getMessage());
        byte[] badState = snapshot.clone();
        badState[16] = 9;
        assertThrows(IOException.class, () -> restore(badState));
    }

    @Test
    void shouldRejectMalformedRegistrations() {
        assertThrows(IllegalArgumentException.class, () -> registration(" ", 9000, "r1"));
        assertThrows(IllegalArgumentException.class, () -> registration("a", 0, "r1"));
        assertThrows(IllegalArgumentException.class, () -> registration("a", 65534, "r1"));
        assertThrows(IllegalArgumentException.class, () -> registration("a", 9000, ""));
        assertThrows(IllegalArgumentException.class, () -> registration("a".repeat(256), 9000, "r1"));
        registry.register(registration("a", 9000, "r1"), 0);
        assertThrows(IllegalArgumentException.class, () -> registry.heartbeat(1, -1, 0, 1));
    }

    private static byte[] snapshot(NodeRegistry registry) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        registry.writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static NodeRegistry restore(byte[] snapshot) throws IOException {
        return NodeRegistry.readFrom(new DataInputStream(new ByteArrayInputStream(snapshot)), TIMEOUT);
    }
}
