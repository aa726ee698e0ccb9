package io.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FileStatusFormatTest {
    @Test
    void shouldShowPermissionBitsLikeLs() {
        assertEquals("drwxr-xr-x", FileStatusFormat.mode(true, 0755));
        assertEquals("-rw-r--r--", FileStatusFormat.mode(false, 0644));
        assertEquals("-rwx------", FileStatusFormat.mode(false, 0700));
        assertEquals("----------", FileStatusFormat.mode(false, 0));
    }

    @Test
    void shouldJoinListingEntriesToTheirDirectory() {
        assertEquals("/a/b", FileStatusFormat.childPath("/a", "b"));
        assertEquals("/b", FileStatusFormat.childPath("/", "b"));
        assertEquals("/a/b", FileStatusFormat.childPath("/a", "/a/b"));
    }
}
