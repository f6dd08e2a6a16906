package io.recsys.recommender.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.recsys.edge.web.Problems;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ServerWebInputException;

/**
 * Says which field of a request could not be read, and why, in the client's terms: a JSON
 * syntax error is about the body as a whole ({@code $}); a value of the wrong type or range
 * names its JSON path ({@code filters.year_min}, {@code user_ids[2]}); a query or path
 * parameter its name. Messages name no Java types and echo no long input.
 */
final class InputProblems {

  /** The body as a whole. */
  static final String WHOLE = "$";

  private InputProblems() {
  }

  static FieldProblem of(ServerWebInputException e) {
    if (e instanceof MissingRequestValueException missing) {
      return new FieldProblem(missing.getName(), "is required");
    }
    MethodParameter parameter = e.getMethodParameter();
    if (parameter != null && !parameter.hasParameterAnnotation(RequestBody.class)) {
      return new FieldProblem(nameOf(parameter),
          "must be " + expected(parameter.getParameterType()));
    }
    Throwable syntax = find(e, JsonParseException.class, StreamConstraintsException.class);
    if (syntax != null) {
      return new FieldProblem(WHOLE, "is not valid JSON: " + syntaxMessage(
          (JsonProcessingException) syntax));
    }
    JsonMappingException mapping = (JsonMappingException) find(e, JsonMappingException.class);
    if (mapping != null) {
      return new FieldProblem(path(mapping), mappingMessage(mapping, e));
    }
    String reason = e.getReason() == null ? "" : e.getReason().toLowerCase(Locale.ROOT);
    if (reason.contains("body is missing") || reason.contains("no request body")) {
      return new FieldProblem(WHOLE, "is missing; send a JSON object");
    }
    return new FieldProblem(WHOLE, "cannot be read");
  }

  private static String nameOf(MethodParameter parameter) {
    RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
    if (param != null && !param.name().isEmpty()) {
      return param.name();
    }
    PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
    if (path != null && !path.value().isEmpty()) {
      return path.value();
    }
    RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
    if (header != null && !header.name().isEmpty()) {
      return header.name();
    }
    return String.valueOf(parameter.getParameterName());
  }

  /** The JSON path of a mapping error, as the client wrote it: a.b, a[3]; $ for the root. */
  private static String path(JsonMappingException e) {
    if (e.getPath().isEmpty()) {
      return WHOLE;
    }
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? WHOLE : path.toString();
  }

  private static String mappingMessage(JsonMappingException e, Throwable chain) {
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (original.startsWith("No content to map")) {
      return "is missing; send a JSON object";
    }
    if (original.startsWith("Trailing token")) {
      return "has content after the JSON value";
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      Collection<Object> known = unknown.getKnownPropertyIds();
      return "is not a known field" + (known == null || known.isEmpty() ? ""
          : "; allowed: " + known.stream().map(String::valueOf).sorted()
              .collect(Collectors.joining(", ")));
    }
    InputCoercionException range = (InputCoercionException) find(chain,
        InputCoercionException.class);
    if (range != null) {
      return "is out of range: must be " + expected(range.getTargetType());
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return "must be " + expected(mismatch.getTargetType());
    }
    return "has an invalid value";
  }

  private static String expected(Class<?> type) {
    if (type == Long.class || type == long.class) {
      return "an integer (64-bit)";
    }
    if (type == Integer.class || type == int.class || type == Short.class || type == short.class) {
      return "an integer (32-bit)";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a JSON array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a JSON object";
    }
    return "a value of another type";
  }

  private static String syntaxMessage(JsonProcessingException e) {
    return Problems.jsonMessage(e.getOriginalMessage() == null ? "malformed"
        : e.getOriginalMessage(), e.getLocation());
  }

  /** The outermost exception of one of the types in the cause chain of {@code e}. */
  private static Throwable find(Throwable e, Class<?>... types) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (Class<?> type : types) {
        if (type.isInstance(t)) {
          return t;
        }
      }
    }
    return null;
  }
}
