package io.tessera.storage;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import io.tessera.erasure.BlockChecksum;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The format of one block file, {@code blk_<group>_<index>}: a fixed header, the block's bytes, and a
 * trailer with the CRC32C of every 64 KiB chunk. All integers are little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 Magic "TSRBLOCK" (8 bytes)                    |  0
 *  |                                                               |
 *  +-------------------------------+-------------------------------+
 *  |       Format version (1)      |       Flags (0 in v1)         |  8
 *  +-------------------------------+-------------------------------+
 *  |                      Block group (int64)                      | 16
 *  |                                                               |
 *  +-------------------------------+-------------------------------+
 *  |       Block index (int32)     |        Reserved (0)           | 24
 *  +-------------------------------+-------------------------------+
 *  |                   Generation stamp (int64)                    | 32
 *  |                                                               |
 *  +-------------------------------+-------------------------------+
 *  |   Header length (4096)        |   Chunk size (65536)          | 40
 *  +-------------------------------+-------------------------------+
 *  |   Header CRC32C of [0, 48)    |   Zero padding to 4096 ...    | 48
 *  +-------------------------------+-------------------------------+
 *  |                Block data (length bytes) ...                  | 4096
 *  +---------------------------------------------------------------+
 *  |          CRC32C of chunk 0, 1, ... n-1 (int32 each) ...       | 4096 + length
 *  +---------------------------------------------------------------+
 *  |                     Data length (int64)                       | footer: the last 24 bytes
 *  |                                                               |
 *  +-------------------------------+-------------------------------+
 *  |     Chunk count n (int32)     |  Trailer CRC32C (int32)       |
 *  +-------------------------------+-------------------------------+
 *  |                 Magic "TSRBTAIL" (8 bytes)                    |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Why this shape:
 *
 * <ul>
 *   <li>One file per block, not a data file plus a {@code .meta} file as in HDFS: a block becomes
 *       visible with a single atomic rename, and data and sums can never get out of step.
 *   <li>The sums go in a trailer because they are known only when the last byte has arrived; the writer
 *       never seeks back. The fixed-size footer at the very end lets a reader find the trailer from the
 *       file size alone, and the exact file size it implies ({@code 4096 + length + 4n + 24}) detects a
 *       truncated file before any byte is served.
 *   <li>The header fills a 4 KiB page so that chunk {@code i} starts at {@code 4096 + i * 64 KiB}: every
 *       chunk is page-aligned, reading one chunk touches exactly 16 pages, and O_DIRECT stays possible
 *       later. The header repeats the block id (the file name alone is not trusted after a bad rename
 *       or a copy by hand) and records its own length and the chunk size, so the file is self-describing.
 *   <li>Header and trailer each carry their own CRC32C (the trailer's covers the chunk sums, the length
 *       and the count), so damage to them is told apart from damage to data: a bad header or trailer
 *       makes the whole file untrusted, while bad data fails one chunk, which is named.
 *   <li>Flags are reserved: version 1 writes 0 and refuses any set bit, so a later writer can mark a
 *       feature that old readers must not ignore.
 *   <li>Every later version keeps the magic at 0, the version at 8 and a CRC32C of bytes {@code [0, 48)}
 *       at 48. A reader checks the magic, then that CRC, then the version: a flipped bit is corruption,
 *       while a sound header of a newer version stops the store from opening (see {@link Recovery})
 *       rather than having the blocks of a downgraded node set aside as damaged.
 * </ul>
 */
final class BlockFile {
    static final int VERSION = 1;
    static final int HEADER_LENGTH = 4096;
    static final int FOOTER_LENGTH = 24;
    static final int CHUNK_SIZE = BlockChecksum.CHUNK_SIZE;

    static final long HEADER_MAGIC = magic("TSRBLOCK");
    static final long TRAILER_MAGIC = magic("TSRBTAIL");

    static final int VERSION_OFFSET = 8;
    static final int FLAGS_OFFSET = 12;
    static final int GROUP_OFFSET = 16;
    static final int INDEX_OFFSET = 24;
    static final int GENERATION_OFFSET = 32;
    static final int HEADER_LENGTH_OFFSET = 40;
    static final int CHUNK_SIZE_OFFSET = 44;
    static final int HEADER_CRC_OFFSET = 48;

    private BlockFile() {}

    private static long magic(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII))
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
    }

    /** The size of the file holding a block of {@code dataLength} bytes. */
    static long fileLength(long dataLength) {
        return HEADER_LENGTH + dataLength + 4L * BlockChecksum.chunkCount(dataLength) + FOOTER_LENGTH;
    }

    /** Where byte {@code offset} of the block lives in its file. */
    static long dataPosition(long offset) {
        return HEADER_LENGTH + offset;
    }

    /** The full header of a new block, ready to write at position 0. */
    static ByteBuffer header(BlockId id, long generation) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(0, HEADER_MAGIC)
                .putInt(VERSION_OFFSET, VERSION)
                .putInt(FLAGS_OFFSET, 0)
                .putLong(GROUP_OFFSET, id.group())
                .putInt(INDEX_OFFSET, id.index())
                .putLong(GENERATION_OFFSET, generation)
                .putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH)
                .putInt(CHUNK_SIZE_OFFSET, CHUNK_SIZE);
        header.putInt(HEADER_CRC_OFFSET, crc(header, 0, HEADER_CRC_OFFSET));
        return header;
    }

    /** The trailer (chunk sums and footer) of a block of {@code dataLength} bytes. */
    static ByteBuffer trailer(long dataLength, int[] chunkSums) {
        int sumsLength = 4 * chunkSums.length;
        ByteBuffer trailer = ByteBuffer.allocate(sumsLength + FOOTER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        for (int sum : chunkSums) {
            trailer.putInt(sum);
        }
        trailer.putLong(dataLength).putInt(chunkSums.length);
        trailer.putInt(crc(trailer, 0, trailer.position()));
        trailer.putLong(TRAILER_MAGIC);
        return trailer.flip();
    }

    /**
     * Reads and checks the header and trailer of the block file open on {@code channel}, which must be
     * block {@code expected}. Any inconsistency throws {@link ErrorCode#CORRUPT_BLOCK}: such a file must
     * not be served. A sound header of a newer format version is {@link ErrorCode#INVALID_ARGUMENT}
     * instead: the file is fine, this server is too old for it.
     */
    static BlockInfo read(FileChannel channel, BlockId expected) throws IOException {
        long fileSize = channel.size();
        if (fileSize < HEADER_LENGTH + FOOTER_LENGTH) {
            throw corrupt(expected, "the file is " + fileSize + " bytes, shorter than a header and footer");
        }
        long generation = readHeader(channel, expected);
        ByteBuffer footer = readFully(channel, fileSize - FOOTER_LENGTH, FOOTER_LENGTH);
        if (footer.getLong(16) != TRAILER_MAGIC) {
            throw corrupt(expected, "bad trailer magic (truncated or torn file?)");
        }
        long length = footer.getLong(0);
        int chunkCount = footer.getInt(8);
        if (length < 0 || chunkCount != chunkCountOrMinusOne(length) || fileLength(length) != fileSize) {
            throw corrupt(
                    expected,
                    "the trailer says " + length + " bytes in " + chunkCount + " chunks, which does not fit a "
                            + fileSize + "-byte file (truncated?)");
        }
        int sumsLength = 4 * chunkCount;
        ByteBuffer trailer = readFully(channel, fileSize - FOOTER_LENGTH - sumsLength, sumsLength + FOOTER_LENGTH);
        if (crc(trailer, 0, sumsLength + 12) != trailer.getInt(sumsLength + 12)) {
            throw corrupt(expected, "the trailer checksum does not match");
        }
        int[] sums = new int[chunkCount];
        trailer.asIntBuffer().get(sums);
        return new BlockInfo(expected, generation, length, sums);
    }

    private static long readHeader(FileChannel channel, BlockId expected) throws IOException {
        ByteBuffer header = readFully(channel, 0, HEADER_CRC_OFFSET + 4);
        if (header.getLong(0) != HEADER_MAGIC) {
            throw corrupt(expected, "not a Tessera block file (bad header magic)");
        }
        if (crc(header, 0, HEADER_CRC_OFFSET) != header.getInt(HEADER_CRC_OFFSET)) {
            throw corrupt(expected, "the header checksum does not match");
        }
        int version = header.getInt(VERSION_OFFSET);
        if (version > VERSION) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT,
                    expected + " is in block format version " + version + ", written by a newer Tessera; this server"
                            + " reads version " + VERSION + ": run the newer version on this directory");
        }
        int flags = header.getInt(FLAGS_OFFSET);
        if (version != VERSION || flags != 0) {
            throw corrupt(expected, "format version " + version + " with flags " + flags);
        }
        if (header.getInt(HEADER_LENGTH_OFFSET) != HEADER_LENGTH || header.getInt(CHUNK_SIZE_OFFSET) != CHUNK_SIZE) {
            throw corrupt(expected, "unexpected header length or chunk size");
        }
        BlockId inHeader = new BlockId(header.getLong(GROUP_OFFSET), header.getInt(INDEX_OFFSET));
        if (!inHeader.equals(expected)) {
            throw corrupt(expected, "the header names " + inHeader);
        }
        return header.getLong(GENERATION_OFFSET);
    }

    private static int chunkCountOrMinusOne(long length) {
        try {
            return BlockChecksum.chunkCount(length);
        } catch (ArithmeticException | IllegalArgumentException e) {
            return -1;
        }
    }

    /** Reads exactly {@code length} bytes at {@code position}, little-endian, positioned at 0. */
    static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, buffer, position);
        return buffer.flip();
    }

    /** Fills {@code buffer}'s remaining bytes from {@code position}; a short file is an EOFException. */
    static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new EOFException("end of file at " + at);
            }
            at += read;
        }
    }

    /** Writes all of {@code buffer}'s remaining bytes at {@code position}. */
    static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    private static int crc(ByteBuffer buffer, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().limit(to).position(from));
        return (int) crc.getValue();
    }

    static TesseraException corrupt(BlockId id, String reason) {
        return new TesseraException(ErrorCode.CORRUPT_BLOCK, id + " is corrupt: " + reason);
    }
}
