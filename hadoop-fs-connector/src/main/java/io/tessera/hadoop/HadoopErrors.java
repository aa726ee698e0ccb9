package io.tessera.hadoop;

import io.tessera.common.TesseraException;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.ParentNotDirectoryException;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.apache.hadoop.security.AccessControlException;

/**
 * The edge where Tessera's error codes become the exceptions Hadoop callers catch: the types HDFS throws
 * for the same cases, so code written against HDFS reacts the same way.
 */
final class HadoopErrors {
    private HadoopErrors() {}

    /** The Hadoop exception for {@code e}, raised by {@code operation} on {@code path}. */
    static IOException translate(String operation, Object path, TesseraException e) {
        String message = operation + " " + path + ": " + e.getMessage();
        IOException translated =
                switch (e.code()) {
                    case NOT_FOUND, PARENT_NOT_FOUND -> new FileNotFoundException(message);
                    case ALREADY_EXISTS, IS_A_DIRECTORY -> new FileAlreadyExistsException(message);
                    case NOT_A_DIRECTORY -> new ParentNotDirectoryException(message);
                    case DIRECTORY_NOT_EMPTY -> new PathIsNotEmptyDirectoryException(message);
                    case PERMISSION_DENIED -> new AccessControlException(message);
                    default -> new IOException(message, e);
                };
        if (translated.getCause() == null) {
            translated.initCause(e);
        }
        return translated;
    }
}
