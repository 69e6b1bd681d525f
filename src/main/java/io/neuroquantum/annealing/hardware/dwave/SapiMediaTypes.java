package io.neuroquantum.annealing.hardware.dwave;

/**
 * SAPI's versioned media types. The client asks for one in {@code Accept} with the version it
 * speaks, and, as dwave-cloud-client does in its strict mode, refuses a successful reply whose
 * {@code Content-Type} is another type or a version outside the range it understands: a changed
 * API is reported as such rather than decoded wrongly.
 */
public final class SapiMediaTypes {

  public static final String SOLVER_LIST = "application/vnd.dwave.sapi.solver-definition-list+json";
  public static final String SOLVER = "application/vnd.dwave.sapi.solver-definition+json";
  public static final String PROBLEMS = "application/vnd.dwave.sapi.problems+json";
  public static final String PROBLEM = "application/vnd.dwave.sapi.problem+json";
  public static final String PROBLEM_ANSWER = "application/vnd.dwave.sapi.problem-answer+json";

  /** The version we ask for; we accept any 3.x reply (dwave-cloud-client: {@code ~=3.0}). */
  public static final String VERSION = "3.0.0";

  private SapiMediaTypes() {
  }

  public static String accept(String mediaType) {
    return mediaType + "; version=" + VERSION;
  }

  /**
   * Why a reply's Content-Type is not the expected media type at a 3.x version, or null when it is.
   * (The answer type also allows 2.1 and later, as the client does.)
   */
  public static String mismatch(String contentType, String expected) {
    if (contentType == null) {
      return "the reply has no Content-Type";
    }
    String[] parts = contentType.split(";");
    if (!parts[0].trim().equalsIgnoreCase(expected)) {
      return "the reply is " + parts[0].trim() + ", expected " + expected;
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.startsWith("version=")) {
        String version = p.substring("version=".length()).replace("\"", "");
        return versionAccepted(version, expected) ? null
            : "the reply is version " + version + " of " + expected + "; this client speaks 3.x";
      }
    }
    return "the reply's Content-Type has no version";
  }

  private static boolean versionAccepted(String version, String mediaType) {
    String[] numbers = version.split("\\.");
    try {
      int major = Integer.parseInt(numbers[0]);
      int minor = numbers.length > 1 ? Integer.parseInt(numbers[1]) : 0;
      if (mediaType.equals(PROBLEM_ANSWER)) {
        return (major == 2 && minor >= 1) || major == 3;
      }
      return major == 3;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
