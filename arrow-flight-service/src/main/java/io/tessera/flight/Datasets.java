package io.tessera.flight;

import io.tessera.client.FileLocations;
import io.tessera.client.FileStatus;
import io.tessera.client.ListingPage;
import io.tessera.client.LocalBlocks;
import io.tessera.client.TesseraClient;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * Datasets as the namespace holds them: a Parquet file, or a directory whose Parquet files (directly or
 * in {@code key=value} partition directories) make one dataset. Names starting with {@code _} or
 * {@code .} ({@code _SUCCESS}, temporary files) are not data. Footers are read once per file version
 * (path, length, modification time) and kept in a small cache.
 */
final class Datasets {
    private static final int PAGE = 1000;
    private static final int MAX_DEPTH = 16;
    private static final int FOOTERS_KEPT = 256;

    private final TesseraClient client;
    private volatile LocalBlocks local;
    private final TesseraInputFile.Counters counters;
    private final Map<String, ParquetMetadata> footers = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ParquetMetadata> eldest) {
            return size() > FOOTERS_KEPT;
        }
    };

    Datasets(TesseraClient client, LocalBlocks local, TesseraInputFile.Counters counters) {
        this.client = client;
        this.local = local;
        this.counters = counters;
    }

    void serveLocalBlocks(LocalBlocks blocks) {
        this.local = blocks;
    }

    TesseraClient client() {
        return client;
    }

    /** The Parquet files of the dataset at {@code path}, in path order. */
    List<FileStatus> files(String path) {
        FileStatus status = client.getFileStatus(path);
        if (!status.directory()) {
            return List.of(status);
        }
        List<FileStatus> files = new ArrayList<>();
        collect(path, files, 0);
        if (files.isEmpty()) {
            throw new TesseraException(ErrorCode.NOT_FOUND, path + " holds no Parquet files (*.parquet)");
        }
        return files;
    }

    private void collect(String directory, List<FileStatus> files, int depth) {
        for (FileStatus entry : list(directory)) {
            String name = name(entry.path());
            if (entry.directory() && depth < MAX_DEPTH && !hidden(name)) {
                collect(entry.path(), files, depth + 1);
            } else if (isParquet(entry)) {
                files.add(entry);
            }
        }
    }

    /** The datasets at or under {@code root}: directories with Parquet data, and Parquet files outside them. */
    List<FileStatus> datasets(String root) {
        List<FileStatus> found = new ArrayList<>();
        FileStatus status = client.getFileStatus(root);
        if (!status.directory()) {
            return isParquet(status) ? List.of(status) : List.of();
        }
        walk(status, found, 0);
        return found;
    }

    private void walk(FileStatus directory, List<FileStatus> found, int depth) {
        List<FileStatus> entries = list(directory.path());
        boolean data = entries.stream().anyMatch(entry -> isParquet(entry) || isPartition(entry));
        if (data) {
            found.add(directory);
            return;
        }
        for (FileStatus entry : entries) {
            if (entry.directory() && depth < MAX_DEPTH && !hidden(name(entry.path()))) {
                walk(entry, found, depth + 1);
            }
        }
    }

    private boolean isPartition(FileStatus entry) {
        return entry.directory()
                && name(entry.path()).contains("=")
                && list(entry.path()).stream().anyMatch(child -> isParquet(child) || isPartition(child));
    }

    private List<FileStatus> list(String directory) {
        List<FileStatus> entries = new ArrayList<>();
        String after = "";
        while (true) {
            ListingPage page = client.listStatus(directory, after, PAGE);
            for (FileStatus entry : page.entries()) {
                entries.add(absolute(directory, entry));
            }
            if (!page.more() || page.entries().isEmpty()) {
                return entries;
            }
            after = name(page.entries().get(page.entries().size() - 1).path());
        }
    }

    /** Listings name entries relative to their directory; datasets work with absolute paths. */
    private static FileStatus absolute(String directory, FileStatus entry) {
        if (entry.path().startsWith("/")) {
            return entry;
        }
        String path = (directory.endsWith("/") ? directory : directory + "/") + entry.path();
        return new FileStatus(
                path,
                entry.fileId(),
                entry.directory(),
                entry.length(),
                entry.blockSize(),
                entry.policy(),
                entry.effectivePolicy(),
                entry.permission(),
                entry.owner(),
                entry.group(),
                entry.modificationTime(),
                entry.accessTime());
    }

    private static boolean isParquet(FileStatus entry) {
        String name = name(entry.path());
        return !entry.directory() && !hidden(name) && name.endsWith(".parquet");
    }

    private static boolean hidden(String name) {
        return name.startsWith("_") || name.startsWith(".");
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The file's footer, read through {@link #open} once per version of the file. */
    ParquetMetadata footer(FileStatus file) {
        String key = file.path() + '\0' + file.length() + '\0' + file.modificationTime();
        synchronized (footers) {
            ParquetMetadata cached = footers.get(key);
            if (cached != null) {
                return cached;
            }
        }
        ParquetMetadata footer;
        try (TesseraInputFile input = open(file.path(), file.length());
                ParquetFileReader reader = ParquetFiles.open(input)) {
            footer = reader.getFooter();
        } catch (IOException | RuntimeException e) {
            if (e instanceof TesseraException tessera) {
                throw tessera;
            }
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT, file.path() + " is not a readable Parquet file: " + e.getMessage(), e);
        }
        synchronized (footers) {
            footers.put(key, footer);
        }
        return footer;
    }

    /** Opens a file of the given length for positional reads, from local disk where this node holds it. */
    TesseraInputFile open(String path, long length) {
        FileLocations locations = client.locate(path, 0, length);
        return new TesseraInputFile(client, local, path, length, new BlockPieces(locations), counters);
    }
}
