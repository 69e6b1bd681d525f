package io.neuroquantum.server.query;

import io.neuroquantum.server.channels.CborOut;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.Arrays;

/**
 * Writes rows as CBOR (RFC 8949) into one growing byte array: a batch is an array of row arrays.
 * Each value decodes to what its JSON text ({@link RowJson}) parses to: integers as CBOR integers,
 * floating point and NUMERIC values as float64 (an integer when a NUMERIC has no fraction and fits
 * 64 bits), non-finite ones as null, times as the same ISO-8601 text, bytes as base64 text, anything
 * else as its text. What it saves over JSON is the number text: no digits to write on the server, no
 * {@code parseDouble} on the client.
 *
 * <p>Neither the rows of a batch nor the columns of a row are counted before they are written, yet
 * their array heads come first: a batch reserves room for the longest head and writes it in front
 * of its rows at the end; a row writes a one-byte head (up to 23 columns) and widens it in the rare
 * row with more columns. Both heads end up in the shortest form.
 */
final class RowCbor extends CborOut implements RowEncoder {

  /** Room for the batch's array head: one byte plus a 32-bit count. */
  private static final int BATCH_HEAD_ROOM = 5;

  private int rows;
  private int rowStart;
  private int columnsInRow;

  RowCbor() {
    super(64 * 1024);
  }

  @Override
  public void startBatch() {
    len = BATCH_HEAD_ROOM;
    rows = 0;
  }

  @Override
  public void startRow() {
    rows++;
    rowStart = len;
    put(MAJOR_ARRAY << 5);   // count filled in by endRow
    columnsInRow = 0;
  }

  @Override
  public void endRow() {
    if (columnsInRow < 24) {
      buf[rowStart] = (byte) ((MAJOR_ARRAY << 5) | columnsInRow);
      return;
    }
    // a wide row: the head needs 2, 3 or 5 bytes; move the row's values to make room
    int extra = columnsInRow < 0x100 ? 1 : columnsInRow < 0x10000 ? 2 : 4;
    ensure(extra);
    System.arraycopy(buf, rowStart + 1, buf, rowStart + 1 + extra, len - rowStart - 1);
    len += extra;
    int end = len;
    len = rowStart;
    head(MAJOR_ARRAY, columnsInRow);
    len = end;
  }

  @Override
  public int rows() {
    return rows;
  }

  @Override
  public RowBatch finishBatch(boolean last) {
    int end = len;
    len = 0;
    head(MAJOR_ARRAY, rows);   // at most BATCH_HEAD_ROOM bytes, at the front of the reserved room
    int headLength = len;
    int from = BATCH_HEAD_ROOM - headLength;
    System.arraycopy(buf, 0, buf, from, headLength);
    len = end;
    return new RowBatch(rows, Arrays.copyOfRange(buf, from, end), last, RowFormat.CBOR);
  }

  @Override
  public void nullValue() {
    columnsInRow++;
    put(NULL);
  }

  @Override
  public void bool(boolean b) {
    columnsInRow++;
    put(b ? TRUE : FALSE);
  }

  @Override
  public void string(String s) {
    columnsInRow++;
    text(s);
  }

  @Override
  public void integer(long v) {
    columnsInRow++;
    writeLong(v);
  }

  @Override
  public void decimal(double d) {
    columnsInRow++;
    decimal0(d);
  }

  @Override
  public void dateTime(LocalDateTime t) {
    if (t == null) {
      nullValue();
      return;
    }
    columnsInRow++;
    if (IsoDateTime.fits(t)) {
      dateTimeText(t);
    } else {
      text(t.toString());   // other years get a sign or more digits
    }
  }

  /** An integer when it has no fraction and fits 64 bits (as its JSON text would parse), else the nearest double. */
  @Override
  public void number(BigDecimal b) {
    columnsInRow++;
    if (b.scale() <= 0 || b.stripTrailingZeros().scale() <= 0) {
      try {
        writeLong(b.longValueExact());
        return;
      } catch (ArithmeticException tooLarge) {
        // falls through to a double, as a JSON reader would make of it
      }
    }
    decimal0(b.doubleValue());
  }

  private void decimal0(double d) {
    if (Double.isFinite(d)) {
      float64(d);
    } else {
      put(NULL);
    }
  }

  /** A text string of up to 29 ASCII bytes: the head's length byte is filled in after the text. */
  private void dateTimeText(LocalDateTime t) {
    ensure(2 + IsoDateTime.MAX_LENGTH);
    int start = len;
    int end = IsoDateTime.write(t, buf, start + 1);
    int length = end - start - 1;
    if (length < 24) {
      buf[start] = (byte) ((MAJOR_TEXT << 5) | length);
      len = end;
    } else {   // 24..29 characters: a two-byte head
      System.arraycopy(buf, start + 1, buf, start + 2, length);
      buf[start] = (byte) ((MAJOR_TEXT << 5) | 24);
      buf[start + 1] = (byte) length;
      len = end + 1;
    }
  }
}
