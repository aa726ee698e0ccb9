package io.tessera.meta;

/**
 * Totals of a tree, as in the {@code ContentSummary} message.
 *
 * @param length visible bytes of every file
 * @param directoryCount directories, the summarised one included (as HDFS counts them)
 * @param spaceConsumed bytes stored for those files: data plus parity, or every replica, as the file's
 *     policy prescribes (what a healthy cluster holds, whatever is momentarily missing)
 */
record ContentSummary(long length, long fileCount, long directoryCount, long spaceConsumed) {}
