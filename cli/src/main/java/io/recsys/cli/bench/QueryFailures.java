package io.recsys.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Failed queries of a load benchmark, counted by reason (the HTTP status, or the exception
 * the client got), so that a rare failure in a long run says what it was. The first few are
 * also printed with their time, to find them in the services' logs.
 */
final class QueryFailures {

  private static final int PRINTED = 5;

  private final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();
  private final AtomicLong total = new AtomicLong();
  private final PrintStream out;

  QueryFailures(PrintStream out) {
    this.out = out;
  }

  /** Sends one query; true when it was answered 200, otherwise counts why not. */
  boolean send(HttpClient http, HttpRequest request) throws InterruptedException {
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status == 200) {
        return true;
      }
      add("HTTP " + status);
    } catch (IOException e) {
      add(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
    return false;
  }

  long total() {
    return total.get();
  }

  /** Reason to count, sorted by reason, for the benchmark's JSON. */
  Map<String, Long> byReason() {
    Map<String, Long> counts = new TreeMap<>();
    byReason.forEach((reason, n) -> counts.put(reason, n.sum()));
    return counts;
  }

  private void add(String reason) {
    byReason.computeIfAbsent(reason, r -> new LongAdder()).increment();
    if (total.incrementAndGet() <= PRINTED) {
      out.printf("query failed at %s: %s%n", Instant.now(), reason);
    }
  }
}
