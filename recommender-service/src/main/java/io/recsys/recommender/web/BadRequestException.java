package io.recsys.recommender.web;

import java.util.List;

/** A request that breaks the API's rules; becomes a 400 ProblemDetail listing the fields. */
public final class BadRequestException extends RuntimeException {

  private final List<FieldProblem> problems;

  public BadRequestException(List<FieldProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  public List<FieldProblem> problems() {
    return problems;
  }

  private static String describe(List<FieldProblem> problems) {
    return "Invalid request: " + ProblemHandler.summary(problems);
  }
}
