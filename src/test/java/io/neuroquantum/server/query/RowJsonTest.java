package io.neuroquantum.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The row encoder writes exactly what the JSON and java.time texts of its values are. */
class RowJsonTest {

  private static String encode(java.util.function.Consumer<RowJson> row) {
    RowJson json = new RowJson();
    json.startBatch();
    json.startRow();
    row.accept(json);
    json.endRow();
    return new String(json.finishBatch(true).rows(), StandardCharsets.UTF_8);
  }

  @Test
  void integers_of_every_size_and_sign() {
    long[] values = {0, 1, -1, 9, 10, -10, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1234567890123L};
    for (long v : values) {
      assertThat(encode(j -> j.integer(v))).isEqualTo("[[" + v + "]]");
      assertThat(encode(j -> j.value(v))).isEqualTo("[[" + v + "]]");
    }
  }

  @Test
  void times_read_as_local_date_time_to_string_writes_them() {
    Random random = new Random(7);
    LocalDateTime[] fixed = {LocalDateTime.of(2025, 1, 1, 0, 0), LocalDateTime.of(2025, 1, 1, 0, 0, 7),
        LocalDateTime.of(1, 2, 3, 4, 5, 6, 7), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 120_000_000),
        LocalDateTime.of(2000, 6, 15, 12, 30, 0, 123_456_000), LocalDateTime.of(12345, 1, 1, 0, 0)};
    for (LocalDateTime t : fixed) {
      assertThat(encode(j -> j.dateTime(t))).isEqualTo("[[\"" + t + "\"]]");
    }
    for (int i = 0; i < 10_000; i++) {
      LocalDateTime t = LocalDateTime.of(random.nextInt(10_000), 1 + random.nextInt(12), 1 + random.nextInt(28),
          random.nextInt(24), random.nextInt(60), random.nextInt(3) == 0 ? 0 : random.nextInt(60),
          random.nextInt(3) == 0 ? 0 : random.nextInt(1_000_000_000));
      assertThat(encode(j -> j.dateTime(t))).isEqualTo("[[\"" + t + "\"]]");
    }
  }

  /** Doubles read as Double.toString writes them: the fast path's few-decimals values and the fallback's rest. */
  @Test
  void doubles_read_as_double_to_string_writes_them() {
    Random random = new Random(11);
    java.util.List<Double> values = new java.util.ArrayList<>(java.util.List.of(0.0, -0.0, 1.0, -1.0, 0.001, 0.00099999,
        1e-3, Math.nextDown(1e-3), 9_999_999.0, 9_999_999.99999999, 1e7, Math.nextDown(1e7), 0.1, 0.2, 0.3, 0.1 + 0.2,
        1.0 / 3, 2.0 / 3, 100.0, 1e15, 1e22, 1e23, 123456789.0, Double.MIN_VALUE, Double.MAX_VALUE, 4.35, 2.675, 1.005,
        0.125, 5e-324, 63.4, 27.19, 9_999_999.5));
    for (int i = 0; i < 50_000; i++) {
      int decimals = random.nextInt(DoubleText.MAX_FRACTION_DIGITS + 3);
      long scale = (long) Math.pow(10, decimals);
      long m = random.nextLong(10_000_000L * scale);
      values.add((random.nextBoolean() ? -1 : 1) * (double) m / scale);   // a few decimals, as databases hold them
      values.add(random.nextDouble() * Math.pow(10, random.nextInt(20) - 8));   // full precision, any magnitude
      values.add(Double.longBitsToDouble(random.nextLong()));   // any bits: NaN, infinities, subnormals too
    }
    for (double d : values) {
      String expected = Double.isFinite(d) ? Double.toString(d) : "null";
      assertThat(encode(j -> j.decimal(d))).as("%s", expected).isEqualTo("[[" + expected + "]]");
      assertThat(encode(j -> j.value(d))).as("%s", expected).isEqualTo("[[" + expected + "]]");
    }
  }

  @Test
  void rows_of_mixed_values_are_valid_json_with_the_same_values() {
    String text = encode(j -> {
      j.value(null);
      j.decimal(24.33);
      j.decimal(Double.NaN);
      j.value(true);
      j.value("quote \" backslash \\ newline \n tab \t control \u0001 unicode é ∑ 😀");
      j.value(new byte[] {1, 2, 3});
    });
    JsonArray row = new JsonArray(text).getJsonArray(0);
    assertThat(row.getValue(0)).isNull();
    assertThat(row.getDouble(1)).isEqualTo(24.33);
    assertThat(row.getValue(2)).isNull();
    assertThat(row.getBoolean(3)).isTrue();
    assertThat(row.getString(4)).isEqualTo("quote \" backslash \\ newline \n tab \t control \u0001 unicode é ∑ 😀");
    assertThat(row.getString(5)).isEqualTo("AQID");
  }
}
