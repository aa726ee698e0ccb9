package io.tessera.meta;

import io.tessera.common.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The namespace's semantics written the obvious way, over a sorted map of paths, for random tests to
 * hold the real thing against. Outcomes are strings: "true"/"false" or an error code's name.
 */
final class ReferenceModel {
    record Entry(boolean directory, long length, String holder) {}

    private final TreeMap<String, Entry> entries = new TreeMap<>();
    private final Map<String, Long> leaseRenewed = new HashMap<>();
    private final long leaseLimit;

    ReferenceModel(long leaseLimit) {
        this.leaseLimit = leaseLimit;
        entries.put("/", new Entry(true, 0, null));
    }

    TreeMap<String, Entry> entries() {
        return entries;
    }

    String mkdirs(String path) {
        List<String> prefixes = prefixes(path, true);
        for (String prefix : prefixes) {
            Entry entry = entries.get(prefix);
            if (entry != null && !entry.directory()) {
                return ErrorCode.NOT_A_DIRECTORY.name();
            }
        }
        boolean created = false;
        for (String prefix : prefixes) {
            created |= entries.putIfAbsent(prefix, new Entry(true, 0, null)) == null;
        }
        return String.valueOf(created);
    }

    String create(String path, String holder, boolean overwrite, boolean createParent, long now) {
        if (path.equals("/")) {
            return ErrorCode.IS_A_DIRECTORY.name();
        }
        List<String> ancestors = prefixes(parent(path), true);
        for (String ancestor : ancestors) {
            Entry entry = entries.get(ancestor);
            if (entry == null && !createParent) {
                return ErrorCode.PARENT_NOT_FOUND.name();
            }
            if (entry == null) {
                break;
            }
            if (!entry.directory()) {
                return ErrorCode.NOT_A_DIRECTORY.name();
            }
        }
        Entry existing = entries.get(path);
        if (existing != null && existing.directory()) {
            return ErrorCode.IS_A_DIRECTORY.name();
        }
        if (existing != null && existing.holder() != null && !existing.holder().equals(holder)) {
            return ErrorCode.LEASE_HELD.name();
        }
        if (existing != null && !overwrite) {
            return ErrorCode.ALREADY_EXISTS.name();
        }
        for (String ancestor : ancestors) {
            entries.putIfAbsent(ancestor, new Entry(true, 0, null));
        }
        if (existing != null && existing.holder() != null) {
            release(existing.holder());
        }
        entries.put(path, new Entry(false, 0, holder));
        leaseRenewed.merge(holder, now, Math::max);
        return "true";
    }

    /** The writer of {@code path} wrote {@code length} more bytes, maybe closing. */
    void write(String path, long length, boolean close) {
        Entry entry = entries.get(path);
        entries.put(path, new Entry(false, entry.length() + length, close ? null : entry.holder()));
        if (close) {
            release(entry.holder());
        }
    }

    String delete(String path, boolean recursive) {
        Entry entry = entries.get(path);
        if (path.equals("/") || entry == null) {
            return "false";
        }
        List<String> below = below(path);
        if (entry.directory() && below.size() > 1 && !recursive) {
            return ErrorCode.DIRECTORY_NOT_EMPTY.name();
        }
        List<String> holders = new ArrayList<>();
        for (String gone : below) {
            Entry removed = entries.remove(gone);
            if (removed.holder() != null) {
                holders.add(removed.holder());
            }
        }
        holders.forEach(this::release);
        return "true";
    }

    String rename(String source, String destination) {
        if (source.equals("/")) {
            return ErrorCode.INVALID_ARGUMENT.name();
        }
        if (!entries.containsKey(source)) {
            return ErrorCode.NOT_FOUND.name();
        }
        Entry named = entries.get(destination);
        String target;
        if (named != null && named.directory()) {
            target = child(destination, name(source));
        } else {
            for (String ancestor : prefixes(parent(destination), true)) {
                Entry entry = entries.get(ancestor);
                if (entry == null) {
                    return ErrorCode.PARENT_NOT_FOUND.name();
                }
                if (!entry.directory()) {
                    return ErrorCode.NOT_A_DIRECTORY.name();
                }
            }
            target = destination;
        }
        if (target.equals(source)) {
            return "true";
        }
        if (target.startsWith(source + "/")) {
            return ErrorCode.INVALID_ARGUMENT.name();
        }
        if (entries.containsKey(target)) {
            return ErrorCode.ALREADY_EXISTS.name();
        }
        for (String moving : below(source)) {
            entries.put(target + moving.substring(source.length()), entries.remove(moving));
        }
        return "true";
    }

    /** Closes every file of holders whose lease is older than the limit. */
    void expireLeases(long now) {
        List<String> expired = new ArrayList<>();
        leaseRenewed.forEach((holder, renewed) -> {
            if (now - renewed > leaseLimit) {
                expired.add(holder);
            }
        });
        for (Map.Entry<String, Entry> entry : entries.entrySet()) {
            Entry value = entry.getValue();
            if (value.holder() != null && expired.contains(value.holder())) {
                entry.setValue(new Entry(false, value.length(), null));
            }
        }
        expired.forEach(leaseRenewed::remove);
    }

    void renew(String holder, long now) {
        leaseRenewed.computeIfPresent(holder, (h, renewed) -> Math.max(renewed, now));
    }

    /** Ends the holder's lease when it no longer writes any file. */
    private void release(String holder) {
        boolean writing = entries.values().stream().anyMatch(entry -> holder.equals(entry.holder()));
        if (!writing) {
            leaseRenewed.remove(holder);
        }
    }

    private List<String> below(String path) {
        List<String> below = new ArrayList<>();
        below.add(path);
        below.addAll(entries.subMap(path + "/", true, path + "0", false).keySet());
        return below;
    }

    /** "/a", "/a/b", "/a/b/c" for "/a/b/c"; nothing for the root. */
    private static List<String> prefixes(String path, boolean includeSelf) {
        List<String> prefixes = new ArrayList<>();
        for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
            prefixes.add(path.substring(0, slash));
        }
        if (includeSelf && !path.equals("/")) {
            prefixes.add(path);
        }
        return prefixes;
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static String child(String dir, String name) {
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }
}
