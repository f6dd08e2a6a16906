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
    StringBuilder s = new StringBuilder("Invalid request: ");
    for (int i = 0; i < problems.size(); i++) {
      s.append(i == 0 ? "" : "; ").append(problems.get(i).field()).append(' ')
          .append(problems.get(i).message());
    }
    return s.toString();
  }
}
