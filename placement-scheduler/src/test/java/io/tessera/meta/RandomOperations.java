package io.tessera.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A seeded random sequence of namespace and write calls over a small set of names, so that paths collide
 * often: creates over files and directories, renames into and onto each other, deletes of trees with files
 * being written, expiring leases. With a {@link ReferenceModel}, every outcome and, now and then, the whole
 * tree are checked against it.
 */
final class RandomOperations {
    private static final String[] NAMES = {"a", "b", "c", "d"};
    private static final String[] HOLDERS = {"client-1", "client-2", "client-3"};
    private static final List<StoragePolicy> POLICIES = List.of(
            StoragePolicy.REPLICATED_1, StoragePolicy.REPLICATED_3, StoragePolicy.XOR_2_1, StoragePolicy.RS_3_2);

    private final NamespaceState state;
    private final ReferenceModel model;
    private final Random random;
    private long now;

    RandomOperations(NamespaceState state, ReferenceModel model, long seed, long startTime) {
        this.state = state;
        this.model = model;
        this.random = new Random(seed);
        this.now = startTime;
    }

    long now() {
        return now;
    }

    void run(int operations) {
        for (int i = 0; i < operations; i++) {
            now += random.nextInt((int) (state.config.leaseLimitMillis() / 5));
            step();
            if (model != null && i % 100 == 99) {
                assertEquals(model.entries(), dump(state), "the tree after operation " + i);
            }
        }
    }

    private void step() {
        int dice = random.nextInt(100);
        String path = randomPath();
        if (dice < 18) {
            check(() -> String.valueOf(state.namespace().mkdirs(path, "owner", 0755, now)), () -> model.mkdirs(path));
        } else if (dice < 42) {
            create(path);
        } else if (dice < 62) {
            write();
        } else if (dice < 72) {
            boolean recursive = random.nextBoolean();
            check(
                    () -> String.valueOf(
                            state.namespace().delete(path, recursive, now).deleted()),
                    () -> model.delete(path, recursive));
        } else if (dice < 88) {
            String destination = randomPath();
            check(() -> rename(path, destination), () -> model.rename(path, destination));
        } else if (dice < 91) {
            state.writes().expireLeases(now);
            if (model != null) {
                model.expireLeases(now);
            }
        } else if (dice < 95) {
            String holder = HOLDERS[random.nextInt(HOLDERS.length)];
            state.writes().renewLease(holder, now);
            if (model != null) {
                model.renew(holder, now);
            }
        } else if (dice < 98) {
            setPolicy(path);
        } else {
            loseBlock();
        }
    }

    private void create(String path) {
        String holder = HOLDERS[random.nextInt(HOLDERS.length)];
        boolean overwrite = random.nextInt(3) == 0;
        boolean createParent = random.nextInt(4) != 0;
        check(
                () -> {
                    state.namespace().create(path, "owner", holder, 0644, null, 0, overwrite, createParent, now);
                    return "true";
                },
                () -> model.create(path, holder, overwrite, createParent, now));
    }

    private String rename(String source, String destination) {
        state.namespace().rename(source, destination, now);
        return "true";
    }

    /** Writes to a random file under construction: whole groups, maybe one left in flight, maybe a close. */
    private void write() {
        List<FileInode> open = new ArrayList<>(state.openFiles.values());
        if (open.isEmpty()) {
            return;
        }
        FileInode file = open.get(random.nextInt(open.size()));
        String path = file.path();
        String holder = file.leaseHolder;
        long length = canAppend(file)
                ? random.nextInt(3) * file.groupCapacity() + random.nextInt(3) * file.blockSize + random.nextInt(1000)
                : 0;
        Writes.appendGroups(state, file.id, holder, length, now);
        if (length > 0 && model != null) {
            model.renew(holder, now);
        }
        if (random.nextInt(4) == 0 && canAppend(file)) {
            state.writes()
                    .allocateGroup(
                            file.id, holder, file.groups.length, Writes.nodes(file.policy, file.groups.length), now);
            if (model != null) {
                model.renew(holder, now);
            }
        }
        boolean close = random.nextBoolean();
        if (close) {
            state.writes().closeFile(file.id, holder, file.length, now);
        }
        if (model != null) {
            model.write(path, length, close);
        }
    }

    /** Whether the layout lets the file take another group: its last one is committed and full. */
    private static boolean canAppend(FileInode file) {
        BlockGroup last = file.lastGroup();
        return last == null || (last.committed && last.dataLength == file.groupCapacity());
    }

    private void setPolicy(String path) {
        StoragePolicy policy = POLICIES.get(random.nextInt(POLICIES.size()));
        Inode inode = state.find(state.components(path));
        if (inode instanceof DirectoryInode) {
            state.namespace().setPolicy(path, policy);
        }
    }

    /** A committed block goes missing, as a node's report or a reader's complaint would record. */
    private void loseBlock() {
        if (state.lastGroupId == 0) {
            return;
        }
        GroupReport report = state.blocks().group(1 + random.nextInt((int) state.lastGroupId), Set.of());
        if (report != null
                && report.group().committed()
                && !report.group().blocks().isEmpty()) {
            List<BlockLocation> present = report.group().blocks();
            BlockLocation block = present.get(random.nextInt(present.size()));
            state.blocks().removeBlock(report.group().blockGroup(), block.blockIndex(), block.nodeId());
        }
    }

    private String randomPath() {
        if (random.nextInt(30) == 0) {
            return "/";
        }
        StringBuilder path = new StringBuilder();
        int depth = 1 + random.nextInt(3);
        for (int i = 0; i < depth; i++) {
            path.append('/').append(NAMES[random.nextInt(NAMES.length)]);
        }
        return path.toString();
    }

    private void check(Supplier<String> real, Supplier<String> expected) {
        String outcome;
        try {
            outcome = real.get();
        } catch (TesseraException e) {
            outcome = e.code().name();
        }
        if (model != null) {
            assertEquals(expected.get(), outcome);
        }
    }

    /** Every entry of the tree as the model keeps it. */
    static TreeMap<String, ReferenceModel.Entry> dump(NamespaceState state) {
        TreeMap<String, ReferenceModel.Entry> entries = new TreeMap<>();
        TreeWalk.preOrder(
                state.root,
                inode -> entries.put(
                        inode.path(),
                        inode instanceof FileInode file
                                ? new ReferenceModel.Entry(false, file.length, file.leaseHolder)
                                : new ReferenceModel.Entry(true, 0, null)));
        return entries;
    }
}
