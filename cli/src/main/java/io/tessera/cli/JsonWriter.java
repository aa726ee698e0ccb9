package io.tessera.cli;

/**
 * The few lines of JSON the {@code --json} options print: objects, arrays, strings, numbers and
 * booleans, written in order into one compact line. Commas are placed by the writer; strings are escaped
 * as RFC 8259 requires.
 */
final class JsonWriter {
    private final StringBuilder text = new StringBuilder();
    private boolean afterValue;

    JsonWriter beginObject() {
        separate();
        text.append('{');
        afterValue = false;
        return this;
    }

    JsonWriter endObject() {
        text.append('}');
        afterValue = true;
        return this;
    }

    JsonWriter beginArray() {
        separate();
        text.append('[');
        afterValue = false;
        return this;
    }

    JsonWriter endArray() {
        text.append(']');
        afterValue = true;
        return this;
    }

    JsonWriter name(String name) {
        separate();
        quote(name);
        text.append(':');
        afterValue = false;
        return this;
    }

    JsonWriter value(String value) {
        separate();
        if (value == null) {
            text.append("null");
        } else {
            quote(value);
        }
        afterValue = true;
        return this;
    }

    JsonWriter nullValue() {
        separate();
        text.append("null");
        afterValue = true;
        return this;
    }

    JsonWriter value(long value) {
        separate();
        text.append(value);
        afterValue = true;
        return this;
    }

    JsonWriter value(double value) {
        separate();
        text.append(Double.isFinite(value) ? Double.toString(value) : "null");
        afterValue = true;
        return this;
    }

    JsonWriter value(boolean value) {
        separate();
        text.append(value);
        afterValue = true;
        return this;
    }

    JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, double value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    private void separate() {
        if (afterValue) {
            text.append(',');
            afterValue = false;
        }
    }

    private void quote(String value) {
        text.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                case '\b' -> text.append("\\b");
                case '\f' -> text.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
