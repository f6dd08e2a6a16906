package io.recsys.sync.web;

import io.recsys.edge.web.ProblemHandlerContractTest;

/** The safety net: a bug answers a ProblemDetail 500 that gives nothing away, and is logged. */
class ProblemHandlerTest extends ProblemHandlerContractTest {

  @Override
  protected Object handler() {
    return new ProblemHandler();
  }
}
