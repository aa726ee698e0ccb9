package io.tessera.placement;

import java.util.Collection;
import java.util.Objects;

/**
 * Plans the block moves that bring every node's usage within ±{@code tolerance} of its target, moving
 * as few bytes as it can and never breaking a failure-domain rule. A pure function over plain data, like
 * {@link PlacementPolicy}: the same nodes (in any order) and blocks give the same plan on every JVM, with
 * no clock and no randomness, so the metadata state machine can run it.
 *
 * <p>Usage is what the given blocks add up to per node, not what heartbeats report: the plan must agree
 * with the block map it changes. A node's target is its share of all bytes by capacity — the mean when
 * capacities are equal — so a node is balanced when its usage is within {@code target × (1 ± tolerance)}.
 *
 * <p>How: the least that must move, {@link RebalancePlan#minimumBytes()}, is the larger of what the nodes
 * below their band lack and what the nodes above it hold too much. The fullest nodes give that much down
 * to a common utilization, the emptiest take it up to another (water-filling); then passes over the
 * groups in index order move one block of a group at a time from a giving node to a taking node that
 * the group's failure domains allow, until the bands are met or nothing more can move.
 *
 * <p>The rules every move keeps: the receiving node holds no block of the group; a group's blocks in the
 * receiver's rack stay within {@code ceil(blocks / racks)} and in its zone within {@code ceil(blocks /
 * zones)}, what placement gives a new group, unless the receiver is in the giver's own rack (zone), which
 * changes nothing; a giving node never drops below its band nor a taking one rises above it. Racks and
 * zones are counted over the given nodes. Blocks on nodes not given (dead or unknown) are neither moved nor
 * counted: give every live node, including those that only take.
 *
 * <p>The moves of a plan are independent: each keeps the rules against the block map it was planned
 * from whatever others are carried out, in any order or at once, because a later move of a group is
 * checked against both where its blocks are and where earlier moves take them. Carry out what succeeds
 * and plan again (for writes made meanwhile, or moves that failed); {@link RebalancePlan#balanced()} says
 * whether this plan, carried out in full, reaches every band.
 */
public final class RebalancePlanner {
    /** Usage within ±10 % of the target. */
    public static final double DEFAULT_TOLERANCE = 0.10;

    private final double tolerance;

    /** A planner that balances to within {@code ±tolerance} (a fraction, such as 0.1) of each node's target. */
    public RebalancePlanner(double tolerance) {
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be between 0 and 1 (exclusive): " + tolerance);
        }
        this.tolerance = tolerance;
    }

    public RebalancePlanner() {
        this(DEFAULT_TOLERANCE);
    }

    /**
     * A node that may give and take blocks: live, where it stands and how big it is.
     *
     * @param capacityBytes the node's size; targets are in proportion to it
     */
    public record Node(int nodeId, Rack rack, long capacityBytes) {
        public Node {
            if (nodeId < 0) {
                throw new IllegalArgumentException("node id must not be negative: " + nodeId);
            }
            Objects.requireNonNull(rack, "rack");
            if (capacityBytes <= 0) {
                throw new IllegalArgumentException("node " + nodeId + ": capacity must be positive: " + capacityBytes);
            }
        }

        /** The node of a placement candidate; its reported used bytes play no part. */
        public static Node of(Candidate candidate) {
            return new Node(candidate.nodeId(), candidate.rack(), candidate.capacityBytes());
        }
    }

    /**
     * Copy the block in {@code slot} of {@code group} (an index into the {@link GroupBlocks} planned from)
     * from {@code fromNode} to {@code toNode}, then drop it from {@code fromNode}.
     */
    public record Move(int group, int slot, int fromNode, int toNode, long bytes) {}

    /**
     * The moves that balance {@code blocks} over {@code nodes}.
     *
     * @throws IllegalArgumentException when a node id is listed twice
     */
    public RebalancePlan plan(Collection<Node> nodes, GroupBlocks blocks) {
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(blocks, "blocks");
        return new Rebalancing(new BalancingNodes(nodes, tolerance), blocks).run();
    }

    public double tolerance() {
        return tolerance;
    }
}
