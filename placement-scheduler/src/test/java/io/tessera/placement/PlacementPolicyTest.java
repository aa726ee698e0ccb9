package io.tessera.placement;

import static io.tessera.placement.Clusters.TIB;
import static io.tessera.placement.Clusters.blocksPerRack;
import static io.tessera.placement.Clusters.blocksPerZone;
import static io.tessera.placement.Clusters.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementPolicyTest {
    private static final int SEEDS = 500;

    /** RS-6-3 on racks r0 = {0,1,2}, r1 = {3,4,5}, r2 = {6,7,8} with seed 42: one rack per block in turn. */
    private static final List<Integer> PINNED_RS63_SEED42 = List.of(0, 7, 3, 4, 2, 8, 6, 1, 5);

    private final PlacementPolicy policy = new PlacementPolicy(PlacementConfig.DEFAULT);

    @Test
    void shouldSpreadRs63OverThreeRacksThreePerRack() {
        List<Candidate> nodes = Clusters.racks(3, 3);
        Topology topology = policy.prepare(nodes);
        for (long seed = 0; seed < SEEDS; seed++) {
            List<Integer> placed = topology.place(PlacementRequest.newGroup(StoragePolicy.RS_6_3, seed));
            assertEquals(9, Set.copyOf(placed).size(), "distinct nodes: " + placed);
            assertEquals(
                    List.of(3, 3, 3), List.copyOf(blocksPerRack(placed, nodes).values()), "seed " + seed);
            for (int level = 0; level < 3; level++) {
                List<Integer> round = placed.subList(3 * level, 3 * level + 3);
                assertEquals(3, blocksPerRack(round, nodes).size(), "racks fill level by level: " + placed);
            }
        }
    }

    @Test
    void shouldPutNoMoreThanFourBlocksOfRs104OnAnyOfFourRacks() {
        List<Candidate> nodes = Clusters.racks(4, 4);
        Topology topology = policy.prepare(nodes);
        for (long seed = 0; seed < SEEDS; seed++) {
            List<Integer> placed = topology.place(PlacementRequest.newGroup(StoragePolicy.RS_10_4, seed));
            assertEquals(14, Set.copyOf(placed).size(), "distinct nodes: " + placed);
            Map<Rack, Integer> perRack = blocksPerRack(placed, nodes);
            assertEquals(4, perRack.size(), "racks used: " + perRack);
            assertTrue(perRack.values().stream().allMatch(blocks -> blocks == 3 || blocks == 4), perRack::toString);
        }
    }

    @Test
    void shouldRefuseRs104OnTwelveNodesWithTheCountsInTheMessage() {
        TesseraException refusal = assertThrows(
                TesseraException.class,
                () -> policy.place(Clusters.racks(4, 3), PlacementRequest.newGroup(StoragePolicy.RS_10_4, 1)));
        assertEquals(ErrorCode.INSUFFICIENT_NODES, refusal.code());
        assertEquals(
                "RS-10-4 needs 14 nodes in distinct failure domains, only 12 live nodes can take a block",
                refusal.getMessage());
    }

    @Test
    void shouldRefuseRs63OnSevenNodes() {
        TesseraException refusal = assertThrows(
                TesseraException.class,
                () -> policy.place(Clusters.racks(7, 1), PlacementRequest.newGroup(StoragePolicy.RS_6_3, 1)));
        assertEquals(ErrorCode.INSUFFICIENT_NODES, refusal.code());
        assertTrue(refusal.isRetryable());
        assertEquals(
                "RS-6-3 needs 9 nodes in distinct failure domains, only 7 live nodes can take a block",
                refusal.getMessage());
    }

    @Test
    void shouldRefuseAnEmptyCluster() {
        TesseraException refusal = assertThrows(
                TesseraException.class,
                () -> policy.place(List.of(), PlacementRequest.newGroup(StoragePolicy.REPLICATED_1, 1)));
        assertEquals(ErrorCode.INSUFFICIENT_NODES, refusal.code());
    }

    @Test
    void shouldNeverGiveARackASecondBlockWhileAnotherRackHasNone() {
        List<Candidate> nodes = new ArrayList<>();
        int[] rackSizes = {10, 1, 2, 6};
        for (int rack = 0; rack < rackSizes.length; rack++) {
            for (int i = 0; i < rackSizes[rack]; i++) {
                nodes.add(node(nodes.size(), "z0", "r" + rack, TIB));
            }
        }
        Topology topology = policy.prepare(nodes);
        for (long seed = 0; seed < SEEDS; seed++) {
            List<Integer> placed = topology.place(PlacementRequest.newGroup(StoragePolicy.RS_6_3, seed));
            // Level 1: every rack once; level 2: the three racks with a node left; level 3: the two biggest.
            assertEquals(
                    List.of(3, 1, 2, 3),
                    List.copyOf(blocksPerRack(placed, nodes).values()),
                    "seed " + seed);
            assertEquals(
                    4,
                    Set.copyOf(blocksPerRack(placed.subList(0, 4), nodes).keySet())
                            .size());
        }
    }

    @Test
    void shouldSpanEveryZoneBeforeAnyZoneTakesASecondBlock() {
        List<Candidate> nodes = new ArrayList<>();
        String[][] zonesAndRacks = {{"z0", "a"}, {"z0", "b"}, {"z0", "c"}, {"z0", "d"}, {"z1", "e"}, {"z2", "f"}};
        for (String[] place : zonesAndRacks) {
            nodes.add(node(nodes.size(), place[0], place[1], TIB));
            nodes.add(node(nodes.size(), place[0], place[1], TIB));
        }
        Topology topology = policy.prepare(nodes);
        for (long seed = 0; seed < SEEDS; seed++) {
            List<Integer> placed = topology.place(PlacementRequest.newGroup(StoragePolicy.REPLICATED_3, seed));
            assertEquals(Map.of("z0", 1, "z1", 1, "z2", 1), blocksPerZone(placed, nodes), "seed " + seed);
            List<Integer> rs32 = topology.place(PlacementRequest.newGroup(StoragePolicy.RS_3_2, seed));
            assertEquals(5, blocksPerRack(rs32, nodes).size(), "one block per rack: " + rs32);
            assertEquals(3, blocksPerZone(rs32, nodes).get("z0"), "z1 and z2 have one rack each: " + rs32);
        }
    }

    @Test
    void shouldChooseANodeWithFourTimesTheFreeSpaceAboutFourTimesAsOften() {
        List<Candidate> nodes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            nodes.add(node(i, "z0", "r" + (i % 2), i == 5 ? 4 * TIB : TIB));
        }
        Topology topology = policy.prepare(nodes);
        int[] chosen = new int[nodes.size()];
        int draws = 22_000;
        for (long seed = 0; seed < draws; seed++) {
            chosen[
                    topology.place(PlacementRequest.newGroup(StoragePolicy.REPLICATED_1, seed))
                            .get(0)]++;
        }
        // Expected: node 5 in 4 of 11 draws (8,000), every other node in 1 of 11 (2,000, sigma about 43).
        for (int i = 0; i < chosen.length; i++) {
            int expected = i == 5 ? 8_000 : 2_000;
            assertTrue(Math.abs(chosen[i] - expected) < expected / 10, "node " + i + " chosen " + chosen[i] + " times");
        }
    }

    @Test
    void shouldSkipNodesWithLessThanTheMinimumFreeSpace() {
        List<Candidate> nodes = new ArrayList<>(Clusters.racks(3, 3));
        nodes.set(4, node(4, "z0", "r1", (128L << 20) - 1));
        nodes.add(node(9, "z0", "r2", 128L << 20));
        Topology topology = policy.prepare(nodes);
        assertEquals(9, topology.eligibleNodes());
        assertEquals(1, topology.fullNodes());
        for (long seed = 0; seed < SEEDS; seed++) {
            List<Integer> placed = topology.place(PlacementRequest.newGroup(StoragePolicy.RS_6_3, seed));
            assertFalse(placed.contains(4), "full node 4 chosen: " + placed);
        }
    }

    @Test
    void shouldCountFullNodesInTheRefusal() {
        List<Candidate> nodes = new ArrayList<>(Clusters.racks(3, 3));
        nodes.set(4, node(4, "z0", "r1", 0));
        TesseraException refusal = assertThrows(
                TesseraException.class, () -> policy.place(nodes, PlacementRequest.newGroup(StoragePolicy.RS_6_3, 1)));
        assertEquals(ErrorCode.INSUFFICIENT_NODES, refusal.code());
        assertEquals(
                "RS-6-3 needs 9 nodes in distinct failure domains, only 8 live nodes can take a block"
                        + " (1 more is full, with less than 128 MiB free)",
                refusal.getMessage());
    }

    @Test
    void shouldNeverChooseExcludedNodes() {
        List<Candidate> nodes = Clusters.racks(4, 3);
        Topology topology = policy.prepare(nodes);
        Set<Integer> holders = Set.of(0, 3, 4, 7, 11);
        for (long seed = 0; seed < SEEDS; seed++) {
            PlacementRequest request = new PlacementRequest("test", 7, holders, List.of(), seed);
            List<Integer> placed = topology.place(request);
            assertEquals(7, Set.copyOf(placed).size());
            assertTrue(Collections.disjoint(placed, holders), "excluded node chosen: " + placed);
        }
        TesseraException refusal = assertThrows(
                TesseraException.class, () -> topology.place(new PlacementRequest("test", 8, holders, List.of(), 1)));
        assertEquals(
                "test needs 8 nodes in distinct failure domains, only 7 live nodes can take a block"
                        + " (5 more already hold a block of the group)",
                refusal.getMessage());
    }

    @Test
    void shouldPutRepairTargetsInRacksTheGroupDoesNotUse() {
        List<Candidate> nodes = Clusters.racks(6, 2);
        Topology topology = policy.prepare(nodes);
        for (long seed = 0; seed < SEEDS; seed++) {
            List<Integer> group = topology.place(PlacementRequest.newGroup(StoragePolicy.RS_3_2, seed));
            List<Integer> survivors = group.subList(1, group.size());
            List<Rack> survivorRacks =
                    List.copyOf(blocksPerRack(survivors, nodes).keySet());
            List<Candidate> withoutLost =
                    nodes.stream().filter(node -> node.nodeId() != group.get(0)).toList();
            List<Integer> target = policy.place(
                    withoutLost, PlacementRequest.repair(StoragePolicy.RS_3_2, 1, survivors, survivorRacks, seed * 31));
            Rack targetRack = nodes.get(target.get(0)).rack();
            assertFalse(survivorRacks.contains(targetRack), "repair target in used rack " + targetRack);
            assertFalse(survivors.contains(target.get(0)));
        }
    }

    @Test
    void shouldPutRepairTargetsInTheLeastUsedRackWhenEveryRackIsUsed() {
        List<Candidate> nodes = Clusters.racks(3, 3);
        Rack r0 = nodes.get(0).rack();
        Rack r1 = nodes.get(3).rack();
        Rack r2 = nodes.get(6).rack();
        Set<Integer> holders = Set.of(0, 1, 3, 6);
        Topology topology = policy.prepare(nodes);
        Set<Rack> targets = new HashSet<>();
        for (long seed = 0; seed < SEEDS; seed++) {
            PlacementRequest request =
                    PlacementRequest.repair(StoragePolicy.RS_3_2, 1, holders, List.of(r0, r0, r1, r2), seed);
            targets.add(nodes.get(topology.place(request).get(0)).rack());
        }
        assertEquals(Set.of(r1, r2), targets);
    }

    @Test
    void shouldPutRepairTargetsInAnotherZoneWhenTheGroupUsesOnlyOne() {
        List<Candidate> nodes = Clusters.zones(2, 3, 2);
        Topology topology = policy.prepare(nodes);
        List<Rack> usedRacks = List.of(nodes.get(0).rack(), nodes.get(2).rack());
        for (long seed = 0; seed < SEEDS; seed++) {
            PlacementRequest request =
                    PlacementRequest.repair(StoragePolicy.REPLICATED_3, 1, Set.of(0, 2), usedRacks, seed);
            assertEquals("z1", nodes.get(topology.place(request).get(0)).rack().zone());
        }
    }

    @Test
    void shouldPlaceTheSameNodesForTheSameSeed() {
        List<Candidate> nodes = Clusters.zones(2, 5, 8);
        List<Candidate> shuffled = new ArrayList<>(nodes);
        Collections.shuffle(shuffled, new Random(7));
        for (long seed = 0; seed < 50; seed++) {
            PlacementRequest request = PlacementRequest.newGroup(StoragePolicy.RS_6_3, seed);
            List<Integer> first = policy.place(nodes, request);
            assertEquals(first, policy.place(nodes, request));
            assertEquals(first, policy.place(shuffled, request), "candidate order changed the placement");
        }
    }

    @Test
    void shouldPlaceDifferentNodesForDifferentSeeds() {
        Topology topology = policy.prepare(Clusters.zones(2, 5, 8));
        Set<List<Integer>> placements = new HashSet<>();
        for (long seed = 0; seed < 100; seed++) {
            placements.add(topology.place(PlacementRequest.newGroup(StoragePolicy.RS_6_3, seed)));
        }
        assertTrue(placements.size() >= 99, "distinct placements for 100 seeds: " + placements.size());
        assertNotEquals(
                topology.place(PlacementRequest.newGroup(StoragePolicy.RS_6_3, 1)),
                topology.place(PlacementRequest.newGroup(StoragePolicy.RS_6_3, 2)));
    }

    @Test
    void shouldKeepAPinnedPlacementAcrossReleases() {
        // The state machine replays placements on every replica: a change here must be a deliberate one.
        List<Integer> placed = policy.place(Clusters.racks(3, 3), PlacementRequest.newGroup(StoragePolicy.RS_6_3, 42));
        assertEquals(PINNED_RS63_SEED42, placed);
    }

    @Test
    void shouldRejectTheSameNodeTwiceAmongTheCandidates() {
        List<Candidate> nodes = new ArrayList<>(Clusters.racks(2, 2));
        nodes.add(node(1, "z0", "r5", TIB));
        assertThrows(IllegalArgumentException.class, () -> policy.prepare(nodes));
    }
}
