package io.tessera.cli;

import io.tessera.client.FileStatus;
import io.tessera.common.StoragePolicy;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How {@code fs ls} and {@code fs stat} show a file or directory, for people and as JSON. */
final class FileStatusFormat {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private FileStatusFormat() {}

    /** One {@code ls -l} style line: mode, owner, group, length, policy, modification time, path. */
    static String line(FileStatus status) {
        return String.format(
                "%s %-8s %-8s %12d %-12s %s %s",
                mode(status.directory(), status.permission()),
                status.owner(),
                status.group(),
                status.length(),
                status.directory() ? "-" : name(status.effectivePolicy()),
                time(status.modificationTime()),
                status.path());
    }

    /** {@code drwxr-xr-x} from a directory flag and permission bits. */
    static String mode(boolean directory, int permission) {
        StringBuilder mode = new StringBuilder(directory ? "d" : "-");
        String letters = "rwx";
        for (int bit = 8; bit >= 0; bit--) {
            mode.append((permission & (1 << bit)) != 0 ? letters.charAt(2 - bit % 3) : '-');
        }
        return mode.toString();
    }

    static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    static String name(StoragePolicy policy) {
        return policy == null ? null : policy.name();
    }

    static void json(JsonWriter json, FileStatus status) {
        json.beginObject()
                .field("path", status.path())
                .field("type", status.directory() ? "directory" : "file")
                .field("length", status.length())
                .field("blockSize", status.blockSize())
                .field("policy", name(status.policy()))
                .field("effectivePolicy", name(status.effectivePolicy()))
                .field("permission", String.format("%04o", status.permission()))
                .field("owner", status.owner())
                .field("group", status.group())
                .field("modificationTime", status.modificationTime())
                .field("accessTime", status.accessTime())
                .field("fileId", status.fileId())
                .endObject();
    }

    /** The path of a listing entry: entries may carry their full path or only their name. */
    static String childPath(String directory, String entry) {
        if (entry.startsWith("/")) {
            return entry;
        }
        return directory.endsWith("/") ? directory + entry : directory + "/" + entry;
    }
}
