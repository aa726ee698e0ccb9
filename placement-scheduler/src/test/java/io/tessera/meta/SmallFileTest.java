package io.tessera.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import org.junit.jupiter.api.Test;

class SmallFileTest {
    private final NamespaceState state = Writes.newState();

    @Test
    void shouldReplicateAnEmptyErasureCodedFileBeforeItsFirstGroupOnly() {
        state.namespace().mkdirs("/ec", Writes.OWNER, 0755, 1);
        state.namespace().setPolicy("/ec", StoragePolicy.RS_6_3);
        long small = Writes.create(state, "/ec/small", Writes.WRITER, 2).fileId();
        state.writes().replicateSmallFile(small, Writes.WRITER, StoragePolicy.REPLICATED_3);
        assertEquals(
                StoragePolicy.REPLICATED_3,
                state.namespace().getFileStatus("/ec/small").effectivePolicy());
        assertEquals(
                StoragePolicy.RS_6_3, state.namespace().getFileStatus("/ec").effectivePolicy());

        long big = Writes.create(state, "/ec/big", Writes.WRITER, 3).fileId();
        Writes.appendGroups(state, big, Writes.WRITER, Writes.BLOCK, 4);
        TesseraException late = assertThrows(TesseraException.class, () -> state.writes()
                .replicateSmallFile(big, Writes.WRITER, StoragePolicy.REPLICATED_3));
        assertEquals(ErrorCode.INVALID_ARGUMENT, late.code());
        TesseraException coded = assertThrows(TesseraException.class, () -> state.writes()
                .replicateSmallFile(small, Writes.WRITER, StoragePolicy.RS_3_2));
        assertEquals(ErrorCode.INVALID_ARGUMENT, coded.code());
        TesseraException intruder = assertThrows(TesseraException.class, () -> state.writes()
                .replicateSmallFile(small, "intruder", StoragePolicy.REPLICATED_2));
        assertEquals(ErrorCode.LEASE_HELD, intruder.code());
    }
}
