package io.tessera.meta;

/**
 * An entry of a located listing, as in the {@code LocatedListingPage} message: a file or directory and,
 * for a file, the locations of all its groups (null for a directory).
 */
record LocatedEntry(FileStatus status, Locations locations) {}
