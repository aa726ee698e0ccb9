/**
 * Where the blocks of a block group go, as a pure policy over plain data.
 *
 * <p>The metadata service runs placement inside its replicated state machine, so everything here is
 * deterministic: the same candidates, request and seed give the same nodes on every replica and every
 * JVM. There is no clock, no unseeded randomness and no hash-order iteration that could change a result.
 *
 * <p>{@link io.tessera.placement.PlacementPolicy} chooses the nodes of a new or repaired group; {@link
 * io.tessera.placement.ReadOrder} orders a block's holders best first for a reader; {@link
 * io.tessera.placement.RebalancePlanner} chooses the block moves that even out usage when nodes join.
 */
package io.tessera.placement;
