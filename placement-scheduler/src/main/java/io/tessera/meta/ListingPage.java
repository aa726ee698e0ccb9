package io.tessera.meta;

import java.util.List;

/**
 * One page of a listing in name order; {@code more} says a later page follows: ask again with the last
 * entry's name as {@code startAfter}.
 */
record ListingPage(List<FileStatus> entries, boolean more) {}
