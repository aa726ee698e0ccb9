package io.tessera.placement;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a {@link RebalancePlanner} chose: the moves, in the order found, and the usage before and after
 * them. Moves are kept in primitive arrays; {@link #moves()} reads them as a list without copying.
 */
public final class RebalancePlan {
    private final Rebalancing.Moves moves;
    private final int[] nodeIds;
    private final long[] usageBefore;
    private final long[] usageAfter;
    private final List<Integer> outOfBand = new ArrayList<>();
    private final long minimumBytes;
    private final long bytesMoved;

    RebalancePlan(BalancingNodes nodes, Rebalancing.Moves moves, long minimumBytes) {
        this.moves = moves;
        this.nodeIds = nodes.nodeId.clone();
        this.usageBefore = nodes.usageBefore.clone();
        this.usageAfter = nodes.usage.clone();
        this.minimumBytes = minimumBytes;
        nodes.computeLevels();
        for (int i = 0; i < nodes.count; i++) {
            if (!nodes.inBand(i)) {
                outOfBand.add(nodes.nodeId[i]);
            }
        }
        long bytes = 0;
        for (int i = 0; i < moves.size(); i++) {
            bytes += moves.bytes[i];
        }
        this.bytesMoved = bytes;
    }

    /** The moves, each independent of the others (see {@link RebalancePlanner}). */
    public List<RebalancePlanner.Move> moves() {
        return new AbstractList<>() {
            @Override
            public RebalancePlanner.Move get(int index) {
                return move(index);
            }

            @Override
            public int size() {
                return moves.size();
            }
        };
    }

    public int moveCount() {
        return moves.size();
    }

    public RebalancePlanner.Move move(int index) {
        if (index < 0 || index >= moves.size()) {
            throw new IndexOutOfBoundsException("move " + index + " of " + moves.size());
        }
        return new RebalancePlanner.Move(
                moves.group[index], moves.slot[index], moves.from[index], moves.to[index], moves.bytes[index]);
    }

    /** Bytes the moves copy. */
    public long bytesMoved() {
        return bytesMoved;
    }

    /**
     * The least any plan must move to bring every node into its band: the larger of what the nodes below
     * it lack and what the nodes above it hold too much. Zero when the cluster is balanced already.
     */
    public long minimumBytes() {
        return minimumBytes;
    }

    /** Whether every node is within its band once the moves are done. */
    public boolean balanced() {
        return outOfBand.isEmpty();
    }

    /** Nodes outside their band after the moves, in node id order: none when {@link #balanced()}. */
    public List<Integer> nodesOutOfBand() {
        return List.copyOf(outOfBand);
    }

    /** Bytes of the given blocks on {@code nodeId} before the moves. */
    public long usageBefore(int nodeId) {
        return usageBefore[indexOf(nodeId)];
    }

    /** Bytes of the given blocks on {@code nodeId} once the moves are done. */
    public long usageAfter(int nodeId) {
        return usageAfter[indexOf(nodeId)];
    }

    private int indexOf(int nodeId) {
        int index = Arrays.binarySearch(nodeIds, nodeId);
        if (index < 0) {
            throw new IllegalArgumentException("node " + nodeId + " was not planned for");
        }
        return index;
    }
}
