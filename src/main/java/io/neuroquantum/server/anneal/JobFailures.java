package io.neuroquantum.server.anneal;

/**
 * How a job's failure reads in its record and on its channel. An Error (an OutOfMemoryError above
 * all) gets the same treatment as an exception: the job ends {@code failed} with this reason rather
 * than staying {@code running} forever.
 */
final class JobFailures {

  private JobFailures() {
  }

  static String reason(Throwable t) {
    Throwable cause = t;
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof OutOfMemoryError oom) {
      return "out of memory (" + oom.getMessage() + "): the job needed more memory than the server had free; "
          + "ask for fewer reads, replicas or slices, or raise the server's heap";
    }
    if (cause instanceof StackOverflowError) {
      return "the solver overflowed its stack";
    }
    String message = cause.getMessage();
    return cause instanceof RuntimeException && message != null ? message
        : cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
