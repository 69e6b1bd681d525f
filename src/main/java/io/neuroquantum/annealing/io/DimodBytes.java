package io.neuroquantum.annealing.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.neuroquantum.annealing.model.InvalidModelException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Locale;

/**
 * dimod's {@code use_bytes=True} arrays in JSON. dimod stores such an array as {@code ndarray.tobytes()}:
 * its elements back to back in NumPy's native byte order (little-endian on every platform dimod is
 * built for), typed by a separate dtype name ({@code bias_type}/{@code index_type} of a BQM,
 * {@code data_type} of a serialized array). A Python {@code bytes} value has no JSON form, so dimod's
 * dict is not JSON-encodable as it is; here each such value is a base64 string (RFC 4648, standard
 * alphabet, padded), what {@code base64.b64encode(b).decode()} gives, and is read back by
 * {@code base64.b64decode}. Everything else in the document is as dimod writes it.
 *
 * <p>This class only converts: a base64 value and its dtype to the JSON array dimod would have written
 * with {@code use_bytes=False}, and back, so the readers and writers of {@link DimodJson} see one form.
 */
final class DimodBytes {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** The NumPy dtypes dimod writes for biases, indices, samples and vectors. */
  enum Dtype {
    INT8(1), UINT8(1), INT16(2), UINT16(2), INT32(4), UINT32(4), INT64(8), FLOAT32(4), FLOAT64(8);

    final int size;

    Dtype(int size) {
      this.size = size;
    }

    static Dtype of(String name, String what) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new InvalidModelException(what + ": dtype " + name + " is not one of int8, uint8, int16, uint16, int32,"
            + " uint32, int64, float32, float64");
      }
    }

    String numpyName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private DimodBytes() {
  }

  /** How many elements a base64 value holds, from its length alone (to check a size before decoding). */
  static long count(JsonNode value, Dtype type, String what) {
    String text = base64(value, what);
    int padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
    long bytes = (long) text.length() / 4 * 3 - padding;
    if (text.length() % 4 != 0 || bytes % type.size != 0) {
      throw new InvalidModelException(what + ": " + bytes + " bytes of base64 are not whole " + type.numpyName()
          + " elements");
    }
    return bytes / type.size;
  }

  /** The flat array of numbers a base64 value holds. */
  static ArrayNode decode(JsonNode value, Dtype type, String what) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64(value, what));
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException(what + " is not base64: " + e.getMessage());
    }
    if (bytes.length % type.size != 0) {
      throw new InvalidModelException(what + ": " + bytes.length + " bytes are not whole " + type.numpyName()
          + " elements");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    ArrayNode out = JSON.arrayNode(bytes.length / type.size);
    while (in.hasRemaining()) {
      switch (type) {
        case INT8 -> out.add(in.get());
        case UINT8 -> out.add(in.get() & 0xFF);
        case INT16 -> out.add(in.getShort());
        case UINT16 -> out.add(in.getShort() & 0xFFFF);
        case INT32 -> out.add(in.getInt());
        case UINT32 -> out.add(in.getInt() & 0xFFFFFFFFL);
        case INT64 -> out.add(in.getLong());
        case FLOAT32 -> out.add((double) in.getFloat());
        case FLOAT64 -> out.add(in.getDouble());
      }
    }
    return out;
  }

  /** A flat or nested (row-major) array of numbers as a base64 value of {@code type}. */
  static TextNode encode(JsonNode array, Dtype type) {
    ByteBuffer out = ByteBuffer.allocate(Math.multiplyExact(flatSize(array), type.size)).order(ByteOrder.LITTLE_ENDIAN);
    put(out, array, type);
    return JSON.textNode(Base64.getEncoder().encodeToString(out.array()));
  }

  /** Folds a flat array into {@code count} rows of {@code columns} (a 2-D {@code shape}). */
  static ArrayNode rows(ArrayNode flat, int count, int columns, String what) {
    if ((long) count * columns != flat.size()) {
      throw new InvalidModelException(what + ": " + flat.size() + " elements do not fill " + count + " rows of " + columns);
    }
    ArrayNode rows = JSON.arrayNode();
    for (int r = 0; r < count; r++) {
      ArrayNode row = rows.addArray();
      for (int c = 0; c < columns; c++) {
        row.add(flat.get(r * columns + c));
      }
    }
    return rows;
  }

  private static int flatSize(JsonNode array) {
    int n = 0;
    for (JsonNode e : array) {
      n += e.isArray() ? flatSize(e) : 1;
    }
    return n;
  }

  private static void put(ByteBuffer out, JsonNode array, Dtype type) {
    for (JsonNode e : array) {
      if (e.isArray()) {
        put(out, e, type);
        continue;
      }
      switch (type) {
        case INT8, UINT8 -> out.put((byte) e.asLong());
        case INT16, UINT16 -> out.putShort((short) e.asLong());
        case INT32, UINT32 -> out.putInt((int) e.asLong());
        case INT64 -> out.putLong(e.asLong());
        case FLOAT32 -> out.putFloat((float) e.asDouble());
        case FLOAT64 -> out.putDouble(e.asDouble());
      }
    }
  }

  private static String base64(JsonNode value, String what) {
    if (value == null || !value.isTextual()) {
      throw new InvalidModelException(what + " must be a base64 string (use_bytes=true), found " + value);
    }
    return value.asText();
  }
}
