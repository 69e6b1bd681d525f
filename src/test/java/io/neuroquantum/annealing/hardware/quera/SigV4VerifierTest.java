package io.neuroquantum.annealing.hardware.quera;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.hardware.quera.SigV4Verifier.Request;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The mock's SigV4 verifier against AWS's published Signature Version 4 test suite (the
 * {@code get-vanilla}, {@code get-vanilla-query-order-key-case} and {@code post-vanilla} cases, with
 * AWS's example key) and the GET Object example of the S3 documentation; then against the SDK's
 * signer as the client uses it, including a tampered body.
 */
class SigV4VerifierTest {

  private static final String SUITE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String SUITE_DATE = "20150830T123600Z";

  private static Request suiteRequest(String method, String query) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("host", List.of("example.amazonaws.com"));
    headers.put("x-amz-date", List.of(SUITE_DATE));
    return new Request(method, "/", query, headers, new byte[0]);
  }

  private static String suiteSignature(Request request) {
    return SigV4Verifier.signature(request, "host;x-amz-date", "service", "us-east-1", "20150830", SUITE_DATE,
        SUITE_SECRET);
  }

  @Test
  void matches_the_aws_signature_v4_test_suite() {
    assertThat(suiteSignature(suiteRequest("GET", "")))
        .isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"); // get-vanilla
    assertThat(suiteSignature(suiteRequest("GET", "Param2=value2&Param1=value1")))
        .isEqualTo("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"); // get-vanilla-query-order-key-case
    assertThat(suiteSignature(suiteRequest("POST", "")))
        .isEqualTo("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"); // post-vanilla
  }

  @Test
  void matches_the_s3_documentation_get_object_example() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("host", List.of("examplebucket.s3.amazonaws.com"));
    headers.put("range", List.of("bytes=0-9"));
    headers.put("x-amz-content-sha256", List.of("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    headers.put("x-amz-date", List.of("20130524T000000Z"));
    Request request = new Request("GET", "/test.txt", "", headers, new byte[0]);
    assertThat(SigV4Verifier.signature(request, "host;range;x-amz-content-sha256;x-amz-date", "s3", "us-east-1",
        "20130524", "20130524T000000Z", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
        .isEqualTo("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  }

  @Test
  void accepts_what_the_sdk_signer_signs_for_braket_and_refuses_it_tampered_or_with_another_secret() {
    Instant now = Instant.parse("2026-12-03T10:00:00Z");
    String arnPath = "/quantum-task/" + BraketClient.encodeSegment("arn:aws:braket:us-east-1:123456789012:quantum-task/abc");
    byte[] body = "{\"clientToken\":\"t\"}".getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest http = SdkHttpRequest.builder().uri(URI.create("https://braket.us-east-1.amazonaws.com" + arnPath + "/cancel"))
        .method(SdkHttpMethod.PUT).putHeader("Content-Type", "application/json").build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create("AKIDTEST", "test-secret"))
        .request(http).payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "braket")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC)));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    signed.request().forEachHeader((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
    Request arrived = new Request("PUT", arnPath + "/cancel", "", headers, body);

    assertThat(SigV4Verifier.verify(arrived, "braket", "us-east-1", id -> "AKIDTEST".equals(id) ? "test-secret" : null, now))
        .isNull();
    Request tampered = new Request("PUT", arnPath + "/cancel", "", headers, "{\"clientToken\":\"u\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(SigV4Verifier.verify(tampered, "braket", "us-east-1", id -> "test-secret", now).code())
        .isIn("InvalidSignatureException", "XAmzContentSHA256Mismatch");
    assertThat(SigV4Verifier.verify(arrived, "braket", "us-east-1", id -> "other-secret", now).code())
        .isEqualTo("InvalidSignatureException");
    assertThat(SigV4Verifier.verify(arrived, "s3", "us-east-1", id -> "test-secret", now).message())
        .contains("scoped to a valid region and service 's3'");
    assertThat(SigV4Verifier.verify(arrived, "braket", "us-east-1", id -> "test-secret", now.plusSeconds(3600)).message())
        .startsWith("Signature expired");
  }
}
