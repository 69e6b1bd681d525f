package io.neuroquantum.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.neuroquantum.server.channels.ChannelFrames;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A batch in CBOR decodes (with Jackson's CBOR parser, not our own code) to the same values as the
 * same batch in JSON, and the frames around it carry the fields a JSON frame carries.
 */
class RowCborTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

  /** Writes the rows with both encoders; returns {JSON tree, CBOR tree}. */
  private static JsonNode[] both(List<Consumer<RowEncoder>> rows) throws IOException {
    JsonNode[] out = new JsonNode[2];
    RowEncoder[] encoders = {new RowJson(), new RowCbor()};
    for (int e = 0; e < 2; e++) {
      for (int round = 0; round < 2; round++) {   // the second batch proves the encoder resets
        encoders[e].startBatch();
        for (Consumer<RowEncoder> row : rows) {
          encoders[e].startRow();
          row.accept(encoders[e]);
          encoders[e].endRow();
        }
      }
      RowBatch batch = encoders[e].finishBatch(true);
      assertThat(batch.count()).isEqualTo(rows.size());
      out[e] = e == 0 ? JSON.readTree(batch.rows()) : CBOR.readTree(batch.rows());
    }
    return out;
  }

  private static void assertSameValues(List<Consumer<RowEncoder>> rows) throws IOException {
    JsonNode[] trees = both(rows);
    assertThat(trees[1].size()).isEqualTo(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      JsonNode json = trees[0].get(r);
      JsonNode cbor = trees[1].get(r);
      assertThat(cbor.size()).as("columns of row %d", r).isEqualTo(json.size());
      for (int c = 0; c < json.size(); c++) {
        JsonNode j = json.get(c);
        JsonNode b = cbor.get(c);
        if (j.isNumber()) {
          // what a JavaScript client makes of either: a double (exact integers stay integers)
          assertThat(b.isNumber()).as("row %d column %d: %s vs %s", r, c, j, b).isTrue();
          assertThat(b.doubleValue()).as("row %d column %d", r, c).isEqualTo(j.doubleValue());
          // integers beyond 64 bits (a NUMERIC) travel as the nearest double: what a JS client gets from JSON too
          boolean integral = j.isIntegralNumber() && j.canConvertToLong();
          assertThat(b.isIntegralNumber()).as("integer in both, row %d column %d: %s", r, c, j).isEqualTo(integral);
        } else {
          assertThat(b).as("row %d column %d", r, c).isEqualTo(j);
        }
      }
    }
  }

  @Test
  void every_kind_of_value_decodes_to_what_its_json_parses_to() throws IOException {
    List<Consumer<RowEncoder>> rows = new ArrayList<>();
    rows.add(e -> {
      e.integer(0);
      e.integer(23);
      e.integer(24);
      e.integer(-24);
      e.integer(-25);
      e.integer(255);
      e.integer(65_536);
      e.integer(Long.MAX_VALUE);
      e.integer(Long.MIN_VALUE);
      e.integer(Integer.MIN_VALUE);
    });
    rows.add(e -> {
      e.decimal(23.45);
      e.decimal(-0.001);
      e.decimal(1e300);
      e.decimal(Double.NaN);
      e.decimal(Double.NEGATIVE_INFINITY);
      e.value(1.1f);
      e.value(new BigDecimal("12.50"));
      e.value(new BigDecimal("42"));
      e.value(new BigDecimal("1E+3"));
      e.value(new BigDecimal("123456789012345678901234567890"));
    });
    rows.add(e -> {
      e.value(null);
      e.value(true);
      e.value(false);
      e.value("plain");
      e.value("\"quoted\"\n\ttab ünï €");
      e.value(new byte[] {1, 2, 3, (byte) 0xFF});
      e.value(LocalDate.of(2025, 3, 4));
      e.value((short) -7);
      e.value((byte) 5);
      e.value(java.util.UUID.fromString("00000000-0000-0000-0000-000000000001"));
    });
    assertSameValues(rows);
  }

  @Test
  void times_of_every_length_are_the_same_text() throws IOException {
    Random random = new Random(11);
    List<Consumer<RowEncoder>> rows = new ArrayList<>();
    LocalDateTime[] fixed = {LocalDateTime.of(2025, 1, 1, 0, 0), LocalDateTime.of(2025, 1, 1, 0, 0, 7),
        LocalDateTime.of(2000, 6, 15, 12, 30, 0, 123_000_000), LocalDateTime.of(2000, 6, 15, 12, 30, 0, 123_456_000),
        LocalDateTime.of(1, 2, 3, 4, 5, 6, 7), LocalDateTime.of(12345, 1, 1, 0, 0), LocalDateTime.of(-5, 1, 1, 0, 0)};
    for (LocalDateTime t : fixed) {
      rows.add(e -> {
        e.dateTime(t);
        e.value(t);
        e.dateTime(null);
      });
    }
    for (int i = 0; i < 2000; i++) {
      LocalDateTime t = LocalDateTime.of(1970 + random.nextInt(100), 1 + random.nextInt(12), 1 + random.nextInt(28),
          random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(3) == 0 ? 0 : random.nextInt(1_000_000_000));
      rows.add(e -> e.dateTime(t));
    }
    assertSameValues(rows);
    JsonNode cbor = both(rows)[1];
    assertThat(cbor.get(0).get(0).textValue()).isEqualTo("2025-01-01T00:00");
  }

  @Test
  void rows_wider_than_23_columns_and_batches_of_any_length() throws IOException {
    for (int columns : new int[] {0, 1, 23, 24, 255, 256, 300}) {
      for (int count : new int[] {1, 23, 24, 300, 70_000}) {
        List<Consumer<RowEncoder>> rows = new ArrayList<>();
        for (int r = 0; r < count; r++) {
          int row = r;
          rows.add(e -> {
            for (int c = 0; c < columns; c++) {
              e.integer((long) row * 1000 + c);
            }
          });
        }
        if ((long) columns * count > 3_000_000) {
          continue;
        }
        JsonNode cbor = both(rows)[1];
        assertThat(cbor.size()).isEqualTo(count);
        assertThat(cbor.get(count - 1).size()).isEqualTo(columns);
        if (columns > 0) {
          assertThat(cbor.get(count - 1).get(columns - 1).longValue()).isEqualTo((long) (count - 1) * 1000 + columns - 1);
        }
      }
    }
  }

  @Test
  void frames_carry_the_json_frames_fields_and_are_recognised_as_binary() throws IOException {
    RowEncoder encoder = RowFormat.CBOR.newEncoder();
    encoder.startBatch();
    encoder.startRow();
    encoder.integer(7);
    encoder.value("x");
    encoder.endRow();
    RowBatch batch = encoder.finishBatch(false);
    String id = "3f1e8c1e-0000-4000-8000-000000000001";
    byte[] published = QueryFrames.batch(RowFormat.CBOR, id, batch.rows());
    assertThat(ChannelFrames.isBinary(published)).isTrue();
    byte[] frame = ChannelFrames.frame("query:" + id, true, 1234567, "e1f2", published);
    assertThat(ChannelFrames.isBinary(frame)).isTrue();
    JsonNode cbor = CBOR.readTree(frame);

    byte[] jsonFrame = ChannelFrames.frame("query:" + id, true, 1234567, "e1f2",
        QueryFrames.batch(RowFormat.JSON, id, RowFormat.JSON.newEncoder() instanceof RowJson j ? jsonOf(j) : null));
    assertThat(ChannelFrames.isBinary(jsonFrame)).isFalse();
    assertThat(cbor).isEqualTo(JSON.readTree(jsonFrame));

    JsonNode row = CBOR.readTree(ChannelFrames.frame("query:" + id, true, 1, "e", QueryFrames.row(RowFormat.CBOR, id, batch.onlyRow())));
    assertThat(row.get("type").textValue()).isEqualTo("query_row");
    assertThat(row.get("row").toString()).isEqualTo("[7,\"x\"]");
  }

  private static byte[] jsonOf(RowJson json) {
    json.startBatch();
    json.startRow();
    json.integer(7);
    json.value("x");
    json.endRow();
    return json.finishBatch(false).rows();
  }

  @Test
  void an_unknown_format_is_refused_as_invalid_options() {
    assertThat(RowFormat.of(null)).isEqualTo(RowFormat.JSON);
    assertThat(RowFormat.of("cbor")).isEqualTo(RowFormat.CBOR);
    for (Object bad : new Object[] {"CBOR", "msgpack", "", 1}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> RowFormat.of(bad)).isInstanceOf(QueryException.class)
          .extracting(e -> ((QueryException) e).code()).isEqualTo("invalid_options");
    }
  }
}
