package io.tessera.meta;

import static io.tessera.meta.Writes.BLOCK;
import static io.tessera.meta.Writes.OWNER;
import static io.tessera.meta.Writes.WRITER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.BlockId;
import io.tessera.common.StoragePolicy;
import io.tessera.placement.PlacementConfig;
import io.tessera.placement.PlacementPolicy;
import io.tessera.placement.Rack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The repair scheduler on a real namespace and node registry, driven by hand as the state machine drives it. */
class RepairsTest {
    private static final long TIMEOUT = 10_000;

    private final NamespaceState state = Writes.newState();
    private final NodeRegistry nodes = new NodeRegistry(TIMEOUT);
    private final RepairQueue queue = new RepairQueue();
    private final Repairs repairs = new Repairs(new PlacementPolicy(new PlacementConfig(0)), 60_000, 4, e -> {});

    RepairsTest() {
        for (int i = 1; i <= 9; i++) {
            nodes.register(
                    new NodeRegistration(
                            "storage-" + i,
                            "127.0.0.1",
                            7200 + i,
                            0,
                            0,
                            new Rack("zone-0", "rack-" + (i % 3)),
                            1L << 40,
                            0,
                            ""),
                    0);
        }
        repairs.reset(state, nodes, queue);
    }

    /** An RS-3-2 file of two full groups and a short one; Writes places group g on nodes g+1 .. g+5. */
    private void writeFile() {
        long id = state.namespace()
                .create("/f", OWNER, WRITER, 0644, StoragePolicy.RS_3_2, 0, false, true, 0)
                .fileId();
        Writes.appendGroups(state, id, WRITER, 7 * BLOCK, 0);
        state.writes().closeFile(id, WRITER, 7 * BLOCK, 0);
    }

    private List<GroupLocation> groups() {
        return state.blocks().locate("/f", 0, 7 * BLOCK).groups();
    }

    private void killNode(int nodeId, long now) {
        for (int i = 1; i <= 9; i++) {
            if (i != nodeId) {
                nodes.heartbeat(i, 1L << 40, 0, now);
            }
        }
        for (StorageNode dead : nodes.expire(now)) {
            repairs.nodeDied(dead.nodeId());
        }
    }

    private FsckReport fsck() {
        Set<Integer> dead = new HashSet<>();
        nodes.nodes().stream()
                .filter(n -> n.state() != NodeState.LIVE && n.state() != NodeState.DECOMMISSIONING)
                .forEach(n -> dead.add(n.nodeId()));
        return state.blocks().fsck("/", dead, 100);
    }

    /** Runs every task as a target would, reporting the group's own checksum. */
    private void completeAll() {
        for (RepairTask task : queue.tasks()) {
            GroupLocation group = groupById(task.blockGroup());
            long length = BlockGroup.blockLength(task.slot(), group.dataLength(), StoragePolicy.RS_3_2, BLOCK);
            assertTrue(repairs.done(
                    task.targetNode(), task.taskId(), task.blockGroup(), task.generation(), length, checksum(task), 0));
        }
    }

    private static int checksum(RepairTask task) {
        return (int) task.blockGroup() * 31 + task.slot();
    }

    private GroupLocation groupById(long id) {
        return groups().stream().filter(g -> g.blockGroup() == id).findFirst().orElseThrow();
    }

    @Test
    void shouldRebuildEveryBlockOfADeadNodeOnNodesOutsideTheGroup() {
        writeFile();
        killNode(3, TIMEOUT + 1);
        assertEquals(3, queue.queueLength(), "every group has a block on node 3");
        assertEquals(3, fsck().degraded());

        repairs.tick(TIMEOUT + 2);
        assertEquals(3, queue.tasksInFlight());
        for (RepairTask task : queue.tasks()) {
            GroupLocation group = groupById(task.blockGroup());
            assertEquals(3, task.fromNode());
            assertTrue(
                    group.blocks().stream().noneMatch(b -> b.nodeId() == task.targetNode()),
                    "target " + task.targetNode() + " holds no block of " + group);
            assertNotEquals(3, task.targetNode());
            Repairs.Assignment assignment = repairs.take(task.targetNode());
            assertTrue(assignment.work().stream().anyMatch(w -> w.task().equals(task)));
        }
        completeAll();

        FsckReport healthy = fsck();
        assertEquals(0, healthy.degraded(), healthy::toString);
        assertEquals(3, healthy.healthy());
        assertEquals(3, queue.blocksRebuilt);
        assertTrue(groups().stream().flatMap(g -> g.blocks().stream()).noneMatch(b -> b.nodeId() == 3));
    }

    @Test
    void shouldIgnoreRepeatedStaleAndWrongReports() {
        writeFile();
        killNode(3, TIMEOUT + 1);
        repairs.tick(TIMEOUT + 2);
        List<RepairTask> tasks = queue.tasks();
        RepairTask first = tasks.get(0);
        RepairTask second = tasks.get(1);
        long length = BlockGroup.blockLength(first.slot(), BLOCK * 3, StoragePolicy.RS_3_2, BLOCK);

        assertFalse(
                repairs.done(first.targetNode(), first.taskId(), first.blockGroup(), first.generation(), length, 7, 0),
                "a checksum other than the group's is refused");
        assertEquals(
                3,
                groupById(first.blockGroup()).blocks().stream()
                        .filter(b -> b.blockIndex() == first.slot())
                        .findFirst()
                        .orElseThrow()
                        .nodeId());
        assertEquals(1, queue.failures);
        assertFalse(
                repairs.done(
                        first.targetNode(),
                        first.taskId(),
                        first.blockGroup(),
                        first.generation(),
                        length,
                        checksum(first),
                        0),
                "the task is gone: a repeated report changes nothing");
        assertFalse(
                repairs.done(
                        second.targetNode() + 1,
                        second.taskId(),
                        second.blockGroup(),
                        second.generation(),
                        length,
                        0,
                        0),
                "only the target may report its task");

        repairs.tick(TIMEOUT + 3);
        completeAll();
        assertEquals(0, fsck().degraded());
    }

    @Test
    void shouldOrderTheQueueByRiskAndForgetABadBlockTellingItsNodeToDeleteIt() {
        writeFile();
        GroupLocation group = groups().get(1);
        int node = group.blocks().get(0).nodeId();

        assertTrue(repairs.badBlock(group.blockGroup(), 0, node));
        assertEquals(
                List.of(new BlockId(group.blockGroup(), 0)),
                queue.pendingDeletions().get(node));
        assertFalse(repairs.badBlock(group.blockGroup(), 0, node), "already forgotten");
        assertTrue(repairs.badBlock(group.blockGroup(), 1, group.blocks().get(1).nodeId()));
        assertFalse(
                repairs.badBlock(group.blockGroup(), 2, group.blocks().get(2).nodeId()),
                "a report that would leave the group unreadable is refused");
        killNode(9, TIMEOUT + 1);
        List<RepairQueue.Entry> order = queue.inRiskOrder();
        assertEquals(group.blockGroup(), order.get(0).blockGroup());
        assertEquals(0, order.get(0).margin(), "two of five blocks lost: one more loss loses data");
    }

    @Test
    void shouldDrainADecommissioningNodeByCopyingBeforeDroppingIt() {
        writeFile();
        repairs.startDecommission(4);
        repairs.tick(1);
        List<RepairTask> tasks = queue.tasks();
        assertEquals(2, tasks.size(), "node 4 holds a block of both full groups (the short one has no data block 1)");
        assertTrue(tasks.stream().allMatch(t -> t.copyFrom() == 4 && t.move()));
        assertEquals(0, fsck().degraded(), "the draining node still counts until its copies are in");
        completeAll();
        for (int i = 1; i <= 9; i++) {
            nodes.heartbeat(i, 1L << 40, 0, 2);
        }
        assertEquals(2, queue.pendingDeletions().get(4).size());
        for (int tick = 0; tick < 2; tick++) {
            repairs.tick(3 + tick);
        }
        assertEquals(NodeState.DECOMMISSIONED, nodes.node(4).state());
        assertEquals(0, fsck().degraded());
    }

    @Test
    void shouldKeepTheQueueAcrossASnapshot() throws IOException {
        writeFile();
        killNode(3, TIMEOUT + 1);
        repairs.tick(TIMEOUT + 2);
        queue.delete(5, new BlockId(1, 2));
        queue.moves().add(new RepairQueue.Move(7, 1, 2, 3));
        queue.enqueue(99, 1);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        queue.writeTo(new DataOutputStream(bytes));
        RepairQueue read = RepairQueue.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertEquals(queue.tasks(), read.tasks());
        assertEquals(queue.inRiskOrder(), read.inRiskOrder());
        assertEquals(queue.pendingDeletions(), read.pendingDeletions());
        assertEquals(List.copyOf(queue.moves()), List.copyOf(read.moves()));
        assertEquals(queue.nextTaskId, read.nextTaskId);
    }
}
