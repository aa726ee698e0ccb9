package io.tessera.cli;

import io.tessera.common.Sizes;
import io.tessera.common.TesseraException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A byte size argument with an optional k, m, g suffix ({@code 16m}); anything else is a usage error. */
final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return Sizes.parse(value);
        } catch (TesseraException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
