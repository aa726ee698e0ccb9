package io.tessera.meta;

import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Concatenation by metadata alone, as HDFS's {@code concat}: the groups of closed source files move, in
 * order, to the end of a closed target file in the same directory, and the sources disappear. No byte is
 * copied, so the contiguous layout must hold afterwards: every file involved shares the target's policy
 * and block size, and every group but the very last is full, so the target and each source but the last
 * must hold whole groups.
 */
final class Concat {
    private final NamespaceState state;

    Concat(NamespaceState state) {
        this.state = state;
    }

    void concat(String target, List<String> sources, long now) {
        FileInode into = closedFile(target);
        if (sources.isEmpty()) {
            throw invalid("concat " + target + ": no source files named");
        }
        List<FileInode> from = new ArrayList<>(sources.size());
        Set<FileInode> seen = new HashSet<>();
        for (String source : sources) {
            FileInode file = closedFile(source);
            if (file == into || !seen.add(file)) {
                throw invalid("concat " + target + ": " + source + " is the target or named twice");
            }
            if (file.parent != into.parent) {
                throw invalid("concat " + target + ": " + source + " is not in the target's directory");
            }
            if (file.policy != into.policy || file.blockSize != into.blockSize) {
                throw invalid("concat " + target + ": " + source + " is " + file.policy + " with blocks of "
                        + file.blockSize + ", the target " + into.policy + " with blocks of " + into.blockSize);
            }
            from.add(file);
        }
        checkWholeGroups(into, target);
        for (int i = 0; i < from.size() - 1; i++) {
            checkWholeGroups(from.get(i), sources.get(i));
        }
        for (FileInode file : from) {
            moveGroups(file, into);
            into.parent.remove(file);
            state.forget(file);
        }
        into.modificationTime = now;
        into.parent.modificationTime = now;
    }

    private void moveGroups(FileInode from, FileInode into) {
        for (BlockGroup group : from.groups) {
            into.addGroup(group);
            state.groupIndex.reassign(group.id, into);
        }
        into.length += from.length;
        from.groups = new BlockGroup[0];
        from.length = 0;
    }

    private FileInode closedFile(String path) {
        if (!(state.get(path) instanceof FileInode file)) {
            throw new TesseraException(ErrorCode.IS_A_DIRECTORY, "concat needs files, and " + path + " is a directory");
        }
        if (file.isUnderConstruction()) {
            throw new TesseraException(
                    ErrorCode.LEASE_HELD, "concat needs closed files: " + path + " is being written");
        }
        return file;
    }

    private static void checkWholeGroups(FileInode file, String path) {
        if (file.length % file.groupCapacity() != 0) {
            throw invalid("concat: " + path + " holds " + file.length + " bytes, not whole groups of "
                    + file.groupCapacity() + ", so what follows it would not start a group");
        }
    }

    private static TesseraException invalid(String message) {
        return new TesseraException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
