package io.tessera.meta;

/**
 * What the cluster report counts of the namespace.
 *
 * @param directories directories, the root included
 * @param blockGroups groups of every file, committed or in flight
 */
record NamespaceTotals(long files, long directories, long blockGroups) {}
