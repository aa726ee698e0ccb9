/**
 * The metadata service's state: for now the registry of storage nodes. Everything here runs inside the
 * replicated state machine, so it is deterministic: time comes in as an argument, iteration follows node
 * ids, and state is written to and read from snapshots in a versioned binary form.
 */
package io.tessera.meta;
