package io.neuroquantum.annealing.hardware.quera;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server side of AWS Signature Version 4, written from AWS's specification independently of the
 * SDK's signer the client uses: it recomputes a request's signature from what arrived and compares.
 * Pinned to AWS's published test-suite vectors in {@link SigV4VerifierTest}, so the mock's "signature
 * does not match" means what AWS's would.
 */
final class SigV4Verifier {

  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);
  private static final Duration MAX_SKEW = Duration.ofMinutes(15);

  /** A request as it arrived: the raw (still percent-encoded) path and query, headers by lower-case name. */
  record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
  }

  /** Why a request was refused, with AWS's error code for it. */
  record Refusal(String code, String message) {
  }

  private SigV4Verifier() {
  }

  /**
   * Null when the request is signed for {@code service} in {@code region} with the secret that
   * {@code secrets} gives for its access key id, and was signed within 15 minutes of {@code now}.
   */
  static Refusal verify(Request request, String service, String region, Function<String, String> secrets, Instant now) {
    String authorization = first(request, "authorization");
    if (authorization == null) {
      return new Refusal("MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    Matcher m = AUTHORIZATION.matcher(authorization);
    if (!m.matches()) {
      return new Refusal("IncompleteSignatureException", "Authorization header is not a SigV4 signature");
    }
    String keyId = m.group(1);
    String date = m.group(2);
    if (!m.group(3).equals(region) || !m.group(4).equals(service)) {
      return new Refusal("InvalidSignatureException", "Credential should be scoped to a valid region and service '"
          + service + "', not " + m.group(3) + "/" + m.group(4));
    }
    String secret = secrets.apply(keyId);
    if (secret == null) {
      return new Refusal("UnrecognizedClientException", "The security token included in the request is invalid.");
    }
    String amzDate = first(request, "x-amz-date");
    if (amzDate == null || !amzDate.startsWith(date)) {
      return new Refusal("IncompleteSignatureException", "x-amz-date is missing or not of the credential's day");
    }
    try {
      Instant signedAt = Instant.from(AMZ_DATE.parse(amzDate));
      if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
        return new Refusal("InvalidSignatureException", "Signature expired: " + amzDate + " is now earlier than "
            + AMZ_DATE.format(now.minus(MAX_SKEW)));
      }
    } catch (DateTimeParseException e) {
      return new Refusal("IncompleteSignatureException", "x-amz-date is not a date: " + amzDate);
    }
    String declared = first(request, "x-amz-content-sha256");
    if (declared != null && !declared.equals("UNSIGNED-PAYLOAD") && !declared.equals(hex(sha256(request.body())))) {
      return new Refusal("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what "
          + "was computed.");
    }
    String expected = signature(request, m.group(5), service, region, date, amzDate, secret);
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), m.group(6).getBytes(StandardCharsets.US_ASCII))) {
      // AWS's reply carries the canonical request it computed, which is what tells a signing bug apart
      return new Refusal("InvalidSignatureException", "The request signature we calculated does not match the "
          + "signature you provided. Check your AWS Secret Access Key and signing method. The Canonical String for "
          + "this request should have been\n'" + canonicalRequest(request, m.group(5), service) + "'");
    }
    return null;
  }

  /** The signature of {@code request} over {@code signedHeaders} (names joined by ';'). */
  static String signature(Request request, String signedHeaders, String service, String region, String date,
      String amzDate, String secret) {
    String canonical = canonicalRequest(request, signedHeaders, service);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    return hex(hmac(key, toSign));
  }

  static String canonicalRequest(Request request, String signedHeaders, String service) {
    StringBuilder headers = new StringBuilder();
    for (String name : signedHeaders.split(";")) {
      List<String> values = request.headers().getOrDefault(name, List.of());
      List<String> trimmed = new ArrayList<>();
      for (String v : values) {
        trimmed.add(v.trim().replaceAll(" +", " "));
      }
      headers.append(name).append(':').append(String.join(",", trimmed)).append('\n');
    }
    String payloadHash = first(request, "x-amz-content-sha256");
    if (payloadHash == null) {
      payloadHash = hex(sha256(request.body()));
    }
    // S3 signs the path as sent; every other service signs it URI-encoded once more
    String uri = request.rawPath().isEmpty() ? "/" : request.rawPath();
    if (!service.equals("s3")) {
      uri = encode(uri, false);
    }
    return request.method() + "\n" + uri + "\n" + canonicalQuery(request.rawQuery()) + "\n" + headers + "\n"
        + signedHeaders + "\n" + payloadHash;
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      String[] kv = part.split("=", 2);
      pairs.add(new String[] {encode(decode(kv[0]), true), encode(decode(kv.length > 1 ? kv[1] : ""), true)});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    List<String> out = new ArrayList<>();
    for (String[] p : pairs) {
      out.add(p[0] + "=" + p[1]);
    }
    return String.join("&", out);
  }

  /** AWS's URI encoding: every byte but A–Z a–z 0–9 - _ . ~ as %XX (and '/' too when {@code slash}). */
  static String encode(String s, boolean slash) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.' || c == '~' || (c == '/' && !slash)) {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String first(Request request, String name) {
    List<String> values = request.headers().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
