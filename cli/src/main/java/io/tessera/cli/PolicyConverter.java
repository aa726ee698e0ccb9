package io.tessera.cli;

import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A storage policy argument; an unknown name is a usage error that lists the known ones. */
final class PolicyConverter implements ITypeConverter<StoragePolicy> {
    @Override
    public StoragePolicy convert(String value) {
        try {
            return StoragePolicy.parse(value);
        } catch (TesseraException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
