package io.neuroquantum.annealing.hardware;

import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * The JDK's own wire logging, switched on by system properties, writes what no logging configuration
 * can filter: {@code jdk.httpclient.HttpClient.log=headers} (or {@code all}, {@code frames}, …) prints
 * every request header, D-Wave's {@code X-Auth-Token} and AWS's {@code X-Amz-Security-Token} among them
 * (checked on JDK 25), and {@code javax.net.debug} can dump TLS records before encryption, headers and
 * all. A backend is not built while either would write a credential: this says why.
 */
public final class WireLogging {

  static final String HTTP_CLIENT_LOG = "jdk.httpclient.HttpClient.log";
  static final String TLS_DEBUG = "javax.net.debug";
  /** The HttpClient log categories that print no header value: failures and request lines. */
  private static final Set<String> HEADER_FREE = Set.of("errors", "requests");

  private WireLogging() {
  }

  /** Why the JVM's wire logging would write a credential, or null when it would not. */
  public static String credentialRisk(Properties system) {
    String httpLog = system.getProperty(HTTP_CLIENT_LOG, "").trim();
    if (!httpLog.isEmpty()) {
      for (String category : httpLog.toLowerCase(Locale.ROOT).split(",")) {
        String name = category.trim().split(":")[0];
        if (!name.isEmpty() && !HEADER_FREE.contains(name)) {
          return "-D" + HTTP_CLIENT_LOG + "=" + httpLog + " would write the vendor's credential headers to the log;"
              + " use only " + String.join(",", HEADER_FREE.stream().sorted().toList()) + " with a hardware backend";
        }
      }
    }
    if (!system.getProperty(TLS_DEBUG, "").isBlank()) {
      return "-D" + TLS_DEBUG + " can dump requests before encryption, credential headers included;"
          + " unset it to run a hardware backend";
    }
    return null;
  }
}
