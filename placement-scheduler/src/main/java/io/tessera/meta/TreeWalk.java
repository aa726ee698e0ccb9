package io.tessera.meta;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Visits a subtree depth first, each directory before its entries and entries in name order, without
 * recursion (a deep tree must not overflow the stack). Parents come before their children, which the
 * snapshot relies on.
 */
final class TreeWalk {
    private TreeWalk() {}

    static void preOrder(Inode top, Consumer<Inode> visitor) {
        visitor.accept(top);
        if (!(top instanceof DirectoryInode topDir)) {
            return;
        }
        ArrayDeque<Iterator<Inode>> stack = new ArrayDeque<>();
        stack.push(topDir.children().iterator());
        while (!stack.isEmpty()) {
            Iterator<Inode> entries = stack.peek();
            if (!entries.hasNext()) {
                stack.pop();
                continue;
            }
            Inode inode = entries.next();
            visitor.accept(inode);
            if (inode instanceof DirectoryInode dir && !dir.isEmpty()) {
                stack.push(dir.children().iterator());
            }
        }
    }
}
