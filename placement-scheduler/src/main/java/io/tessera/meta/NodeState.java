package io.tessera.meta;

import java.io.IOException;

/**
 * The life of a storage node as the metadata service sees it. Only {@link #LIVE} nodes take new blocks;
 * {@link #DECOMMISSIONING} nodes still serve reads while their blocks are copied away. {@link #code()} is
 * stored in snapshots and never changes meaning.
 */
public enum NodeState {
    /** Heartbeating and taking new blocks. */
    LIVE(1),
    /** No heartbeat within the timeout: its blocks count as lost until it comes back. */
    DEAD(2),
    /** Being drained on an operator's request: readable, takes no new blocks. */
    DECOMMISSIONING(3),
    /** Drained: holds nothing the cluster needs and may be switched off. */
    DECOMMISSIONED(4);

    private final int code;

    NodeState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static NodeState ofCode(int code) throws IOException {
        for (NodeState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        throw new IOException("unknown node state code " + code + " in node registry snapshot");
    }
}
