package io.tessera.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Candidate lists for tests: node ids count up from 0, racks are {@code r0, r1, ...}. */
final class Clusters {
    static final long TIB = 1L << 40;

    private Clusters() {}

    /** {@code racks} racks of {@code nodesPerRack} empty 10 TiB nodes each, all in zone {@code z0}. */
    static List<Candidate> racks(int racks, int nodesPerRack) {
        return zones(1, racks, nodesPerRack);
    }

    /** {@code zones} zones of {@code racksPerZone} racks of {@code nodesPerRack} empty 10 TiB nodes. */
    static List<Candidate> zones(int zones, int racksPerZone, int nodesPerRack) {
        List<Candidate> nodes = new ArrayList<>();
        for (int zone = 0; zone < zones; zone++) {
            for (int rack = 0; rack < racksPerZone; rack++) {
                for (int i = 0; i < nodesPerRack; i++) {
                    nodes.add(node(nodes.size(), "z" + zone, "r" + (zone * racksPerZone + rack), 10 * TIB));
                }
            }
        }
        return nodes;
    }

    static Candidate node(int nodeId, String zone, String rack, long freeBytes) {
        return new Candidate(nodeId, new Rack(zone, rack), 10 * TIB, 10 * TIB - freeBytes);
    }

    /** Blocks per rack of one placement. */
    static Map<Rack, Integer> blocksPerRack(List<Integer> placed, List<Candidate> nodes) {
        Map<Integer, Rack> rackOf = new HashMap<>();
        nodes.forEach(node -> rackOf.put(node.nodeId(), node.rack()));
        Map<Rack, Integer> counts = new TreeMap<>();
        placed.forEach(nodeId -> counts.merge(rackOf.get(nodeId), 1, Integer::sum));
        return counts;
    }

    static Map<String, Integer> blocksPerZone(List<Integer> placed, List<Candidate> nodes) {
        Map<String, Integer> counts = new TreeMap<>();
        blocksPerRack(placed, nodes).forEach((rack, blocks) -> counts.merge(rack.zone(), blocks, Integer::sum));
        return counts;
    }
}
