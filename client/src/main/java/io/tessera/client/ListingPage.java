package io.tessera.client;

import java.util.List;

/** One page of a directory listing in name order; {@code more} when a later page follows. */
public record ListingPage(List<FileStatus> entries, boolean more) {}
