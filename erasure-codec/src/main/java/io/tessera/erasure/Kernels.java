package io.tessera.erasure;

/**
 * Chooses the kernel at run time: the Vector API kernel when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} and has vectors of at least 16 bytes, the scalar kernel
 * otherwise. The system property {@value #PROPERTY} ({@code auto}, {@code vector}, {@code scalar})
 * overrides the choice; asking for {@code vector} where it cannot run is an error, not a silent fallback.
 */
final class Kernels {
    static final String PROPERTY = "tessera.erasure.kernel";
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static final ShardKernel DEFAULT = select(System.getProperty(PROPERTY, "auto"));

    private Kernels() {}

    static ShardKernel defaultKernel() {
        return DEFAULT;
    }

    static ShardKernel select(String choice) {
        switch (choice) {
            case "scalar":
                return ScalarKernel.INSTANCE;
            case "vector":
                return vector();
            case "auto":
                return vectorOrScalar();
            default:
                throw new IllegalArgumentException(PROPERTY + " must be auto, vector or scalar, not '" + choice + "'");
        }
    }

    private static ShardKernel vectorOrScalar() {
        try {
            return vector();
        } catch (IllegalStateException e) {
            return ScalarKernel.INSTANCE;
        }
    }

    static ShardKernel vector() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            throw new IllegalStateException("the vector kernel needs the JVM option --add-modules " + VECTOR_MODULE);
        }
        try {
            return (ShardKernel) Class.forName("io.tessera.erasure.VectorKernel")
                    .getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("the vector kernel cannot run here: " + cause, cause);
        }
    }
}
