package io.tessera.storage;

import io.tessera.common.BlockId;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What opening a store found on disk. Partial blocks in {@code writing/} are deleted: a block is
 * acknowledged only after {@link BlockWriter#finish()}, so no client relies on them. Every finalized
 * file has its header and trailer checked (not its data: reading every byte would take hours on a full
 * disk; that is the scrubber's job) but still costs two small reads per block, minutes for 100,000 blocks
 * on spinning disks; a file failing the check is moved to {@code corrupt/} and listed
 * here, so the server can report the block as lost rather than serve it. A file in a newer format
 * version stops the open instead: it is sound, and this server is too old to read it.
 *
 * @param blocks the finalized blocks to serve
 * @param discardedPartials names of the partial blocks deleted
 * @param quarantined the finalized files moved to {@code corrupt/}, and why
 */
record Recovery(List<StoredBlock> blocks, List<String> discardedPartials, List<Quarantined> quarantined) {
    /** A finalized file found damaged on open. */
    record Quarantined(String file, Path movedTo, String reason) {}

    Recovery {
        blocks = List.copyOf(blocks);
        discardedPartials = List.copyOf(discardedPartials);
        quarantined = List.copyOf(quarantined);
    }

    static Recovery scan(StorageDirectory directory) throws IOException {
        List<String> discarded = discardPartials(directory);
        List<StoredBlock> blocks = new ArrayList<>();
        List<Quarantined> quarantined = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory.finalized)) {
            for (Path file : files) {
                try {
                    blocks.add(check(file));
                } catch (TesseraException e) {
                    if (e.code() != ErrorCode.CORRUPT_BLOCK) {
                        throw e;
                    }
                    quarantined.add(new Quarantined(
                            file.getFileName().toString(), directory.quarantine(file), String.valueOf(e.getMessage())));
                } catch (IOException e) {
                    quarantined.add(new Quarantined(
                            file.getFileName().toString(), directory.quarantine(file), String.valueOf(e.getMessage())));
                }
            }
        }
        if (!discarded.isEmpty() || !quarantined.isEmpty()) {
            directory.sync(directory.writing);
            directory.sync(directory.finalized);
            directory.sync(directory.corrupt);
        }
        return new Recovery(blocks, discarded, quarantined);
    }

    private static List<String> discardPartials(StorageDirectory directory) throws IOException {
        List<String> discarded = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory.writing)) {
            for (Path file : files) {
                Files.delete(file);
                discarded.add(file.getFileName().toString());
            }
        }
        return discarded;
    }

    private static StoredBlock check(Path file) throws IOException {
        BlockId id = parseName(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return BlockFile.read(channel, id).stored();
        }
    }

    private static BlockId parseName(Path file) {
        String name = file.getFileName().toString();
        try {
            return BlockId.parse(name);
        } catch (IllegalArgumentException e) {
            throw new TesseraException(
                    ErrorCode.CORRUPT_BLOCK, name + " is not a block file name (blk_<group>_<index>)");
        }
    }
}
