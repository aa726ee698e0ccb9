package io.tessera.storage;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.io.IOException;
import java.util.Locale;

/**
 * How the store's I/O errors reach callers. A full disk is {@link ErrorCode#NO_SPACE}; any other I/O
 * error means this disk cannot serve the request now, which is {@link ErrorCode#UNAVAILABLE}: the caller
 * should go to another node holding the data, not conclude the data is gone.
 */
final class Failures {
    private Failures() {}

    static TesseraException io(String what, IOException e) {
        return new TesseraException(ErrorCode.UNAVAILABLE, "I/O error " + what + ": " + e, e);
    }

    /** A failed write of {@code id}: NO_SPACE when the disk is full, else UNAVAILABLE. */
    static TesseraException write(BlockId id, IOException e, Space space, long needed) {
        if (isNoSpace(e) || space.volumeHasLessThan(needed)) {
            return new TesseraException(ErrorCode.NO_SPACE, "no space for " + id + ": the disk is full (" + e + ")", e);
        }
        return io("writing " + id, e);
    }

    /** ENOSPC and EDQUOT, as the JDK words them on Linux and macOS. */
    static boolean isNoSpace(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("no space left") || message.contains("quota exceeded");
    }
}
