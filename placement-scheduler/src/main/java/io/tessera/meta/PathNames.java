package io.tessera.meta;

import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;

/**
 * Splits and checks the paths requests carry. A valid path is absolute, its components separated by
 * single slashes, with no empty, {@code .} or {@code ..} component, no NUL character, and within the
 * configured lengths. {@code /} is the root and has no components. Clients normalise their paths (as
 * Hadoop's {@code Path} does) before sending them; the service does not guess.
 */
final class PathNames {
    static final String ROOT = "/";
    private static final String[] NO_COMPONENTS = new String[0];

    private PathNames() {}

    /** The components of {@code path}, or an INVALID_ARGUMENT naming the path and what is wrong with it. */
    static String[] components(String path, NamespaceConfig config) {
        if (path == null || path.isEmpty()) {
            throw invalid("path must not be empty", "");
        }
        if (path.charAt(0) != '/') {
            throw invalid("path must be absolute (start with '/')", path);
        }
        if (path.length() > config.maxPathLength()) {
            throw invalid("path is longer than " + config.maxPathLength() + " characters", path);
        }
        if (path.equals(ROOT)) {
            return NO_COMPONENTS;
        }
        String[] components = path.substring(1).split("/", -1);
        for (String name : components) {
            checkName(name, path, config);
        }
        return components;
    }

    private static void checkName(String name, String path, NamespaceConfig config) {
        if (name.isEmpty()) {
            throw invalid("path has an empty component (a doubled or trailing '/')", path);
        }
        if (name.equals(".") || name.equals("..")) {
            throw invalid("path must not contain '.' or '..' components", path);
        }
        if (name.length() > config.maxNameLength()) {
            throw invalid("path has a component longer than " + config.maxNameLength() + " characters", path);
        }
        if (name.indexOf('\0') >= 0) {
            throw invalid("path must not contain NUL characters", path);
        }
    }

    /** The path of entry {@code name} in the directory at {@code parent}. */
    static String child(String parent, String name) {
        return parent.equals(ROOT) ? ROOT + name : parent + "/" + name;
    }

    private static TesseraException invalid(String problem, String path) {
        return new TesseraException(ErrorCode.INVALID_ARGUMENT, problem + ": '" + shorten(path) + "'");
    }

    private static String shorten(String path) {
        return path.length() <= 200 ? path : path.substring(0, 200) + "...";
    }
}
