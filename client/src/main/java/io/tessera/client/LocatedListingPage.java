package io.tessera.client;

import java.util.List;

/**
 * One page of a directory listing with the block locations of every file in it, in name order; {@code
 * more} when a later page follows. A page may hold fewer entries than asked for, to stay small.
 */
public record LocatedListingPage(List<Entry> entries, boolean more) {
    /** A file or directory; {@code locations} covers the whole file, null for a directory. */
    public record Entry(FileStatus status, FileLocations locations) {}
}
