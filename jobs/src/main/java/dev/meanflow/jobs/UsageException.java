package dev.meanflow.jobs;

import dev.meanflow.core.spec.Problem;

/** Bad input found before any work started: {@link Main} prints its one line and exits with code 2. */
public final class UsageException extends RuntimeException {
  public UsageException(Problem problem) {
    super(problem.message());
  }
}
