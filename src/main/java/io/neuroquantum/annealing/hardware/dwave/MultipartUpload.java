package io.neuroquantum.annealing.hardware.dwave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuroquantum.annealing.hardware.HardwareBackend;
import io.neuroquantum.annealing.hardware.HardwareException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Uploads a hybrid problem's model to SAPI in parts, as dwave-cloud-client's
 * {@code _upload_problem_worker} does: {@code POST bqm/multipart {size}} opens an upload, each 5 MiB
 * part goes up with {@code PUT …/part/n} and its MD5 in {@code Content-MD5}, the server's part
 * checksums are compared with ours, and {@code POST …/combine} closes it with the MD5 of the parts'
 * MD5 digests. The returned id is what a {@code ref} problem points at.
 */
final class MultipartUpload {

  static final int PART_SIZE = 5 * 1024 * 1024;

  private final SapiTransport transport;

  MultipartUpload(SapiTransport transport) {
    this.transport = transport;
  }

  /** Uploads {@code data}; asks {@code cancelled} before each part and before combining, and stops there. */
  String upload(byte[] data, BooleanSupplier cancelled) throws HardwareException {
    ObjectNode open = SapiTransport.JSON.createObjectNode().put("size", data.length);
    JsonNode opened = transport.send(SapiTransport.Request.json("POST", "bqm/multipart", null, open, false)).body();
    String id = opened.path("id").asText("");
    if (id.isEmpty()) {
      throw new HardwareException("D-Wave SAPI opened an upload without an id", false);
    }
    int parts = Math.max(1, (data.length + PART_SIZE - 1) / PART_SIZE);
    byte[][] digests = new byte[parts][];
    for (int n = 0; n < parts; n++) {
      byte[] part = Arrays.copyOfRange(data, n * PART_SIZE, Math.min(data.length, (n + 1) * PART_SIZE));
      digests[n] = md5(part);
      HardwareBackend.stopIfCancelled(cancelled, DWaveBackend.NAME, "the upload, before part " + (n + 1) + " of " + parts);
      transport.send(new SapiTransport.Request("PUT", "bqm/multipart/" + id + "/part/" + (n + 1), null, part,
          "application/octet-stream", Map.of("Content-MD5", Base64.getEncoder().encodeToString(digests[n])), false));
    }
    checkParts(id, digests);
    HardwareBackend.stopIfCancelled(cancelled, DWaveBackend.NAME, "the upload, before combining its parts");
    MessageDigest combined = md5();
    for (byte[] d : digests) {
      combined.update(d);
    }
    ObjectNode combine = SapiTransport.JSON.createObjectNode().put("checksum", HexFormat.of().formatHex(combined.digest()));
    transport.send(SapiTransport.Request.json("POST", "bqm/multipart/" + id + "/combine", null, combine, false));
    return id;
  }

  /** Every part must be on the server with the checksum we computed (stray quotes stripped, as the client does). */
  private void checkParts(String id, byte[][] digests) throws HardwareException {
    JsonNode status = transport.send(SapiTransport.Request.get("bqm/multipart/" + id + "/status", null)).body();
    String[] seen = new String[digests.length];
    for (JsonNode p : status.path("parts")) {
      int n = p.path("part_number").asInt(0);
      if (n >= 1 && n <= digests.length) {
        seen[n - 1] = p.path("checksum").asText("").replace("\"", "");
      }
    }
    for (int n = 0; n < digests.length; n++) {
      String ours = HexFormat.of().formatHex(digests[n]);
      if (!ours.equalsIgnoreCase(seen[n] == null ? "" : seen[n])) {
        throw new HardwareException("D-Wave SAPI holds part " + (n + 1) + " of the upload with checksum "
            + seen[n] + ", we sent " + ours, true);
      }
    }
  }

  private static byte[] md5(byte[] data) {
    return md5().digest(data);
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has MD5", e);
    }
  }
}
