package io.tessera.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Placement is part of the replicated state machine: a member replaying the log must choose the nodes
 * it chose before, on any version. These digests pin the choices of many placements, new groups and
 * repairs, on clusters large and small, even and uneven, with full nodes; a faster implementation must
 * reproduce them exactly.
 */
class PlacementCompatibilityTest {
    private static final long TIB = 1L << 40;
    private final PlacementPolicy policy = new PlacementPolicy(PlacementConfig.DEFAULT);

    @Test
    void shouldPlaceOnAThousandRacksExactlyAsPinned() {
        assertEquals(PINNED_LARGE, digest(cluster(new Random(1), 10, 1000, 10, 10), 3000, new Random(2)));
    }

    @Test
    void shouldPlaceOnSmallAndUnevenClustersExactlyAsPinned() {
        List<Long> digests = new ArrayList<>();
        Random random = new Random(3);
        digests.add(digest(cluster(random, 1, 3, 3, 3), 500, random));
        digests.add(digest(cluster(random, 2, 4, 1, 6), 500, random));
        digests.add(digest(cluster(random, 3, 12, 1, 8), 500, random));
        digests.add(digest(cluster(random, 1, 9, 1, 1), 500, random));
        digests.add(digest(cluster(random, 4, 40, 1, 5), 500, random));
        assertEquals(PINNED_SMALL, digests);
    }

    @Test
    void shouldPlaceAroundNodesExcludedWithoutTheirRacksExactlyAsPinned() {
        List<Long> digests = new ArrayList<>();
        Random random = new Random(4);
        for (int cluster = 0; cluster < 6; cluster++) {
            List<Candidate> nodes = cluster(random, 2 + cluster % 3, 4 + 2 * cluster, 1, 3);
            Topology topology = policy.prepare(nodes);
            long digest = 17;
            for (int i = 0; i < 500; i++) {
                Set<Integer> excluded = new HashSet<>();
                int count = random.nextInt(nodes.size() / 2 + 1);
                while (excluded.size() < count) {
                    excluded.add(nodes.get(random.nextInt(nodes.size())).nodeId());
                }
                PlacementRequest request =
                        new PlacementRequest("test", 1 + random.nextInt(6), excluded, List.of(), random.nextLong());
                List<Integer> placed;
                try {
                    placed = topology.place(request);
                } catch (TesseraException refused) {
                    placed = List.of(-1);
                }
                for (int node : placed) {
                    digest = digest * 31 + node;
                }
            }
            digests.add(digest);
        }
        assertEquals(PINNED_EXCLUDED, digests);
    }

    /** Racks of {@code minNodes} to {@code maxNodes} nodes, a tenth of them nearly full, dealt to zones. */
    private static List<Candidate> cluster(Random random, int zones, int racks, int minNodes, int maxNodes) {
        List<Candidate> nodes = new ArrayList<>();
        for (int rack = 0; rack < racks; rack++) {
            int size = minNodes + random.nextInt(maxNodes - minNodes + 1);
            for (int i = 0; i < size; i++) {
                long capacity = 10 * TIB;
                long used = random.nextInt(10) == 0
                        ? capacity - random.nextInt(1 << 20)
                        : (long) (random.nextDouble() * 9 * TIB);
                nodes.add(
                        new Candidate(nodes.size() * 3 + 1, new Rack("z" + rack % zones, "r" + rack), capacity, used));
            }
        }
        return nodes;
    }

    /** A hash of {@code count} placements: new groups of every policy, and repairs of one to three blocks. */
    private long digest(List<Candidate> nodes, int count, Random random) {
        Topology topology = policy.prepare(nodes);
        long digest = 17;
        for (int i = 0; i < count; i++) {
            StoragePolicy groupPolicy = StoragePolicy.ALL.get(random.nextInt(StoragePolicy.ALL.size()));
            long seed = random.nextLong();
            List<Integer> placed;
            try {
                if (random.nextInt(3) == 0) {
                    placed = topology.place(repair(nodes, groupPolicy, random, seed));
                } else {
                    placed = topology.place(PlacementRequest.newGroup(groupPolicy, seed));
                }
            } catch (TesseraException refused) {
                placed = List.of(-1);
            }
            for (int node : placed) {
                digest = digest * 31 + node;
            }
            digest = digest * 31 + placed.size();
        }
        return digest;
    }

    private static PlacementRequest repair(List<Candidate> nodes, StoragePolicy policy, Random random, long seed) {
        int lost = 1 + random.nextInt(Math.min(3, policy.width()));
        Set<Integer> holders = new HashSet<>();
        List<Rack> racks = new ArrayList<>();
        int survivors = Math.min(policy.width() - lost, nodes.size() / 2);
        while (holders.size() < survivors) {
            Candidate holder = nodes.get(random.nextInt(nodes.size()));
            if (holders.add(holder.nodeId())) {
                racks.add(holder.rack());
            }
        }
        return PlacementRequest.repair(policy, lost, holders, racks, seed);
    }

    /** Digests of the placement of main before the rack choice was made faster (commit 7955465). */
    private static final long PINNED_LARGE = 4193806684735076923L;

    private static final List<Long> PINNED_EXCLUDED = List.of(
            -6107171116846081049L,
            2307626896886490190L,
            2810758650640709602L,
            -4884495283421792857L,
            3488424256242072861L,
            2288206779439314150L);
    private static final List<Long> PINNED_SMALL = List.of(
            6097448059103974662L,
            -7461426550639825766L,
            2384520384236760389L,
            -3440937686891273125L,
            -5456893461936447425L);
}
