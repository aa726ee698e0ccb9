package io.tessera.client;

import io.tessera.common.ErrorCode;

/** The outcome of one parity block stored by the accumulating server: durable, or the error. */
public record ParityResult(int blockIndex, ErrorCode error, long length, int checksum) {
    public boolean durable() {
        return error == null;
    }
}
