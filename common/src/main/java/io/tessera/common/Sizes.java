package io.tessera.common;

import java.util.Locale;

/** Byte sizes as people write them: {@code 128m}, {@code 16M}, {@code 1g}, {@code 64KiB}, {@code 4096}. */
public final class Sizes {
    private static final String UNITS = "KMGTP";

    private Sizes() {}

    /** Parses a size with an optional binary suffix k, m, g, t, p (optionally followed by b or ib). */
    public static long parse(String text) {
        String trimmed = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        String digits = trimmed.replaceFirst("I?B$", "");
        int shift = 0;
        if (!digits.isEmpty()) {
            int unit = UNITS.indexOf(digits.charAt(digits.length() - 1));
            if (unit >= 0) {
                shift = 10 * (unit + 1);
                digits = digits.substring(0, digits.length() - 1).trim();
            }
        }
        try {
            long value = Long.parseLong(digits);
            if (value < 0 || (shift > 0 && value > (Long.MAX_VALUE >> shift))) {
                throw new NumberFormatException();
            }
            return value << shift;
        } catch (NumberFormatException e) {
            throw new TesseraException(
                    ErrorCode.INVALID_ARGUMENT, "not a size: '" + text + "' (examples: 4096, 64k, 16m, 1g)");
        }
    }

    /** A size for people: {@code 16 MiB}, {@code 1.5 GiB}, {@code 812 B}. */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
        double value = bytes / (double) (1L << (10 * unit));
        String number = value == Math.rint(value) ? String.valueOf((long) value) : String.format("%.1f", value);
        return number + " " + UNITS.charAt(unit - 1) + "iB";
    }
}
