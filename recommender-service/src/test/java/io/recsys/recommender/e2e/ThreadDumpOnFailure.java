package io.recsys.recommender.e2e;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints every thread's stack when an end-to-end test fails: a request that times out only
 * under load says nothing by itself about which thread held it up.
 */
public final class ThreadDumpOnFailure implements TestExecutionExceptionHandler {

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    StringBuilder dump = new StringBuilder("thread dump after the failure of "
        + context.getDisplayName() + ":\n");
    for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      dump.append('"').append(thread.getThreadName()).append("\" ")
          .append(thread.getThreadState()).append('\n');
      for (StackTraceElement frame : thread.getStackTrace()) {
        dump.append("    at ").append(frame).append('\n');
      }
    }
    System.err.println(dump);
    throw failure;
  }
}
