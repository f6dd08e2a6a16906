package io.recsys.schemas;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The header convention of dead-letter records: the original key and value bytes travel
 * unchanged, and these headers say why and where from, so a record can be inspected and
 * replayed.
 */
public final class DlqHeaders {

  public static final String ERROR_CLASS = "dlq.error.class";
  public static final String ERROR_MESSAGE = "dlq.error.message";
  public static final String SOURCE_TOPIC = "dlq.source.topic";
  public static final String SOURCE_PARTITION = "dlq.source.partition";
  public static final String SOURCE_OFFSET = "dlq.source.offset";
  public static final String FAILED_AT = "dlq.failed.at";

  /** Longest error message kept, so a pathological message cannot bloat the DLQ. */
  static final int MAX_MESSAGE_LENGTH = 2_000;

  private DlqHeaders() {
  }

  public static Headers describe(String reasonClass, String message, String topic, int partition,
                                 long offset, Instant failedAt) {
    Headers headers = new RecordHeaders();
    String safeMessage = message == null ? "" : message;
    if (safeMessage.length() > MAX_MESSAGE_LENGTH) {
      safeMessage = safeMessage.substring(0, MAX_MESSAGE_LENGTH) + "…";
    }
    headers.add(ERROR_CLASS, utf8(reasonClass));
    headers.add(ERROR_MESSAGE, utf8(safeMessage));
    headers.add(SOURCE_TOPIC, utf8(topic));
    headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
    headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
    headers.add(FAILED_AT, utf8(failedAt.toString()));
    return headers;
  }

  /** The value of a header as text, or null when absent. */
  public static String read(Headers headers, String key) {
    var header = headers.lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
