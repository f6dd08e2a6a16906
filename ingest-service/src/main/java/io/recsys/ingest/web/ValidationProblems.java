package io.recsys.ingest.web;

import java.util.List;
import java.util.stream.Collectors;

/** Builds the 400 answers for invalid events, naming every failing field in the detail. */
final class ValidationProblems {

  private static final int ERRORS_IN_DETAIL = 5;

  private ValidationProblems() {
  }

  static InvalidRequestException invalidEvent(List<FieldError> errors, int maxReported) {
    String detail = "Invalid rating event, nothing was published: " + describe(errors);
    return new InvalidRequestException(InvalidRequestException.Reason.INVALID,
        "Invalid rating event", detail, cap(errors, maxReported), errors.size(), 1);
  }

  static InvalidRequestException invalidBatch(List<FieldError> errors, int items, int maxReported) {
    long badItems = errors.stream().map(FieldError::index).distinct().count();
    String detail = badItems + " of " + items + " events " + (badItems == 1 ? "is" : "are")
        + " invalid, so the batch was refused and nothing of it was published: "
        + describe(errors);
    return new InvalidRequestException(InvalidRequestException.Reason.INVALID,
        "Invalid rating batch", detail, cap(errors, maxReported), errors.size(), items);
  }

  private static String describe(List<FieldError> errors) {
    String shown = errors.stream().limit(ERRORS_IN_DETAIL)
        .map(e -> (e.index() == null ? "" : "item " + e.index() + ": ")
            + (FieldError.WHOLE.equals(e.field()) ? "" : e.field() + " ") + e.message())
        .collect(Collectors.joining("; "));
    int more = errors.size() - ERRORS_IN_DETAIL;
    return more > 0 ? shown + "; and " + more + " more (see errors)" : shown;
  }

  private static List<FieldError> cap(List<FieldError> errors, int maxReported) {
    return errors.size() <= maxReported ? errors : errors.subList(0, maxReported);
  }
}
