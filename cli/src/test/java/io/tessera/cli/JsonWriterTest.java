package io.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonWriterTest {
    @Test
    void shouldSeparateMembersAndElementsWithCommas() {
        String json = new JsonWriter()
                .beginObject()
                .field("a", 1)
                .field("b", true)
                .name("c")
                .beginArray()
                .value("x")
                .beginObject()
                .endObject()
                .beginArray()
                .endArray()
                .value(2.5)
                .endArray()
                .field("d", (String) null)
                .endObject()
                .toString();
        assertEquals("{\"a\":1,\"b\":true,\"c\":[\"x\",{},[],2.5],\"d\":null}", json);
    }

    @Test
    void shouldEscapeQuotesBackslashesAndControlCharacters() {
        String json = new JsonWriter().value("a\"b\\c\nd\te\u0001f/é").toString();
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001f/é\"", json);
    }

    @Test
    void shouldWriteNonFiniteNumbersAsNull() {
        assertEquals(
                "[null,null]",
                new JsonWriter()
                        .beginArray()
                        .value(Double.NaN)
                        .value(Double.POSITIVE_INFINITY)
                        .endArray()
                        .toString());
    }
}
