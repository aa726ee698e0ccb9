package io.tessera.storage;

import java.io.IOException;
import java.nio.file.Path;

/** A second process for the lock test: opens the store in {@code args[0]}, says so, and holds it until stdin closes. */
public final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws IOException {
        try (BlockStore store = Blocks.open(Path.of(args[0]))) {
            System.out.println("OPEN " + store.storageId());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Hold the lock until the parent closes our stdin.
            }
        }
    }
}
