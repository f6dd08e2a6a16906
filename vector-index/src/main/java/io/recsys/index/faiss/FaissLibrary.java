package io.recsys.index.faiss;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Finds and loads our FAISS JNI library once per JVM. The jar carries it as a resource
 * (built when libfaiss-dev is present); it is copied to a temporary file and System.load()ed,
 * so no -Djava.library.path is needed. When anything is missing the library is reported
 * unavailable with the reason, and callers fall back or fail as configured.
 */
public final class FaissLibrary {

    /** Where the jar carries the library. */
    public static final String RESOURCE = "/native/linux-x86_64/librecsys_faiss.so";
    /** System property: load this .so file instead of the bundled one. */
    public static final String PATH_PROPERTY = "recsys.faiss.library";
    /** System property: "true" pretends the library is absent (tests, troubleshooting). */
    public static final String DISABLE_PROPERTY = "recsys.faiss.disabled";

    private record Status(boolean available, String reason, String version) {
    }

    private static final class Holder {
        static final Status STATUS = load();
    }

    private FaissLibrary() {
    }

    public static boolean isAvailable() {
        return Holder.STATUS.available();
    }

    /** Why the library is unavailable; empty when it is available. */
    public static String unavailableReason() {
        return Holder.STATUS.reason();
    }

    /** The FAISS version linked in ("1.7.3"), or empty when unavailable. */
    public static String faissVersion() {
        return Holder.STATUS.version();
    }

    /** Throws IllegalStateException with the reason when the library cannot be used. */
    public static void ensureAvailable() {
        if (!isAvailable()) {
            throw new IllegalStateException("FAISS native library unavailable: " + unavailableReason());
        }
    }

    private static Status load() {
        if (Boolean.getBoolean(DISABLE_PROPERTY)) {
            return unavailable("disabled by -D" + DISABLE_PROPERTY + "=true");
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String explicit = System.getProperty(PATH_PROPERTY);
        try {
            if (explicit != null && !explicit.isBlank()) {
                System.load(Path.of(explicit).toAbsolutePath().toString());
            } else {
                if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
                    return unavailable("no bundled FAISS library for " + os + "/" + arch + " (only linux-x86_64)");
                }
                URL resource = FaissLibrary.class.getResource(RESOURCE);
                if (resource == null) {
                    return unavailable("this build carries no " + RESOURCE
                            + " (it was built without /usr/include/faiss; install libfaiss-dev and rebuild)");
                }
                loadFromResource(resource);
            }
            return new Status(true, "", FaissNative.faissVersion());
        } catch (IOException e) {
            return unavailable("cannot extract the bundled library: " + e.getMessage());
        } catch (LinkageError | SecurityException e) {
            return unavailable("cannot load the FAISS JNI library (are libopenblas0 and libgomp1 installed?): "
                    + e.getMessage());
        }
    }

    private static void loadFromResource(URL resource) throws IOException {
        Path file = Files.createTempFile("librecsys_faiss", ".so");
        try (InputStream in = resource.openStream()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            System.load(file.toString());
        } finally {
            // the mapping survives the unlink on Linux, and nothing is left behind after a crash
            Files.deleteIfExists(file);
        }
    }

    private static Status unavailable(String reason) {
        return new Status(false, reason, "");
    }
}
