package io.recsys.gsasrec.checkpoint;

/** A checkpoint file that is not a state dict this reader can understand. */
public class CheckpointFormatException extends RuntimeException {
    public CheckpointFormatException(String message) {
        super(message);
    }

    public CheckpointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
