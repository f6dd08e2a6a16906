package io.recsys.ingest.web;

import java.util.List;

/**
 * The request cannot be accepted as sent (malformed JSON or invalid fields); nothing of it was
 * published. Answered with 400 and a ProblemDetail listing {@link #errors()}.
 */
public class InvalidRequestException extends RuntimeException {

  /** Why, for the rejected-events metric. */
  public enum Reason { MALFORMED, INVALID }

  private final Reason reason;
  private final String title;
  private final List<FieldError> errors;
  private final int errorCount;
  private final int rejectedEvents;

  public InvalidRequestException(Reason reason, String title, String detail,
                                 List<FieldError> errors, int errorCount, int rejectedEvents) {
    super(detail);
    this.reason = reason;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.errorCount = errorCount;
    this.rejectedEvents = rejectedEvents;
  }

  /** A body that is not the JSON expected, as a whole. */
  public static InvalidRequestException malformed(String detail) {
    return new InvalidRequestException(Reason.MALFORMED, "Malformed request body", detail,
        List.of(new FieldError(null, FieldError.WHOLE, detail)), 1, 1);
  }

  public Reason reason() {
    return reason;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public int errorCount() {
    return errorCount;
  }

  public int rejectedEvents() {
    return rejectedEvents;
  }
}
