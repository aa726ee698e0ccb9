package io.tessera.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CommonTest {
    @Test
    void shouldParseEveryPolicyOfTheSpecAndRefuseOthersByName() {
        assertSame(StoragePolicy.RS_6_3, StoragePolicy.parse("rs-6-3"));
        assertEquals(9, StoragePolicy.RS_6_3.width());
        assertEquals(3, StoragePolicy.RS_6_3.toleratedFailures());
        assertEquals(3, StoragePolicy.REPLICATED_3.width());
        assertEquals(3, StoragePolicy.REPLICATED_3.replicas());
        assertEquals(2, StoragePolicy.REPLICATED_3.toleratedFailures());
        assertEquals(1, StoragePolicy.XOR_2_1.toleratedFailures());
        assertFalse(StoragePolicy.REPLICATED_1.isErasureCoded());
        for (StoragePolicy policy : StoragePolicy.ALL) {
            assertSame(policy, StoragePolicy.parse(policy.name()));
            assertSame(policy, StoragePolicy.ofId(policy.id()));
        }
        TesseraException unknown = assertThrows(TesseraException.class, () -> StoragePolicy.parse("RS-7-3"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, unknown.code());
        assertEquals(
                "unknown storage policy 'RS-7-3'; known policies: REPLICATED-1, REPLICATED-2, REPLICATED-3, XOR-2-1,"
                        + " RS-3-2, RS-6-3, RS-10-4",
                unknown.getMessage());
    }

    @Test
    void shouldParseSizesWithBinarySuffixes() {
        assertEquals(4096, Sizes.parse("4096"));
        assertEquals(64 * 1024, Sizes.parse("64k"));
        assertEquals(16L << 20, Sizes.parse("16m"));
        assertEquals(16L << 20, Sizes.parse("16MiB"));
        assertEquals(1L << 30, Sizes.parse(" 1G "));
        assertEquals(2L << 40, Sizes.parse("2tb"));
        for (String bad : new String[] {"", "m", "-1", "1.5g", "12q", "99999999999p"}) {
            TesseraException refused = assertThrows(TesseraException.class, () -> Sizes.parse(bad), bad);
            assertTrue(refused.getMessage().startsWith("not a size: '" + bad + "'"), refused.getMessage());
        }
        assertEquals("812 B", Sizes.format(812));
        assertEquals("16 MiB", Sizes.format(16L << 20));
        assertEquals("1.5 GiB", Sizes.format(3L << 29));
    }

    @Test
    void shouldNameBlocksAndParseTheirNames() {
        BlockId id = new BlockId(1234, 7);
        assertEquals("blk_1234_7", id.toString());
        assertEquals(id, BlockId.parse("blk_1234_7"));
        assertTrue(new BlockId(1, 9).compareTo(new BlockId(2, 0)) < 0);
        assertThrows(IllegalArgumentException.class, () -> BlockId.parse("blk_x_1"));
        assertThrows(IllegalArgumentException.class, () -> BlockId.parse("file_1_2"));
        assertThrows(IllegalArgumentException.class, () -> new BlockId(1, 255));
    }

    @Test
    void shouldTellCallersHowToReact() {
        assertTrue(new TesseraException(ErrorCode.UNAVAILABLE, "down").isRetryable());
        assertFalse(new TesseraException(ErrorCode.NOT_FOUND, "gone").isRetryable());
        for (ErrorCode code : ErrorCode.values()) {
            assertSame(code, ErrorCode.ofValue(code.value()));
        }
        assertSame(ErrorCode.INTERNAL, ErrorCode.ofValue(9999));
    }
}
