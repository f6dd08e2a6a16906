package io.recsys.recommender.web;

/** One bad field of a request: the name as the client wrote it, and what is wrong. */
public record FieldProblem(String field, String message) {
}
