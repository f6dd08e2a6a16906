package io.recsys.gsasrec.bundle;

import java.io.IOException;
import java.nio.file.Path;

/** A model bundle that is missing, incomplete or inconsistent; the message says what and where. */
public class InvalidBundleException extends IOException {

    public InvalidBundleException(Path where, String what) {
        super(what + " (" + where.toAbsolutePath() + ")");
    }

    public InvalidBundleException(Path where, String what, Throwable cause) {
        super(what + " (" + where.toAbsolutePath() + ")", cause);
    }
}
