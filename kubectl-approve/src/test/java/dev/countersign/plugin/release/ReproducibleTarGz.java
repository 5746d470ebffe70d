package dev.countersign.plugin.release;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A .tar.gz whose bytes depend only on the entries put in it, in the order they are put: ustar
 * headers with a fixed time, owner 0:0 and no user or group names; a gzip header with no name and
 * no time; and the tar in stored (uncompressed) deflate blocks. Stored blocks make the bytes
 * independent of the zlib the JDK happens to use (distributions ship different ones, and their
 * compressed output differs); the price is size, little here, as the jars inside are compressed
 * already (gzip -9 saves 9% on kubectl approve's lib/).
 */
final class ReproducibleTarGz {
  /** Every entry's time: the jars' project.build.outputTimestamp (the parent pom). */
  static final long MTIME = Instant.parse("2026-12-02T00:00:00Z").getEpochSecond();

  private static final int BLOCK = 512;
  private static final int MAX_STORED = 65_535;

  private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

  void directory(String name) {
    header(name.endsWith("/") ? name : name + "/", 0755, 0, '5');
  }

  void file(String name, int mode, byte[] content) {
    header(name, mode, content.length, '0');
    tar.writeBytes(content);
    tar.writeBytes(new byte[(BLOCK - content.length % BLOCK) % BLOCK]);
  }

  /** The finished archive: two zero blocks end the tar, which is then wrapped in gzip. */
  byte[] finish() {
    tar.writeBytes(new byte[2 * BLOCK]);
    return gzip(tar.toByteArray());
  }

  private void header(String name, int mode, long size, char type) {
    byte[] path = name.getBytes(StandardCharsets.UTF_8);
    if (path.length > 100) {
      throw new IllegalArgumentException(name + " is longer than a ustar name (100 bytes)");
    }
    byte[] header = new byte[BLOCK];
    System.arraycopy(path, 0, header, 0, path.length);
    octal(header, 100, 8, mode);
    octal(header, 108, 8, 0);
    octal(header, 116, 8, 0);
    octal(header, 124, 12, size);
    octal(header, 136, 12, MTIME);
    Arrays.fill(header, 148, 156, (byte) ' ');
    header[156] = (byte) type;
    System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
    long checksum = 0;
    for (byte b : header) {
      checksum += b & 0xff;
    }
    octal(header, 148, 7, checksum);
    tar.writeBytes(header);
  }

  /** Writes value in octal, zero-padded to length - 1 digits and a NUL. */
  private static void octal(byte[] header, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    String padded = "0".repeat(length - 1 - digits.length()) + digits;
    System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, header, offset, length - 1);
    header[offset + length - 1] = 0;
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + data.length / 4096 + 32);
    // Magic, deflate, no flags, no time, no extra flags, OS unknown.
    out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
    int offset = 0;
    do {
      int length = Math.min(MAX_STORED, data.length - offset);
      boolean last = offset + length == data.length;
      out.write(last ? 1 : 0); // BFINAL, BTYPE 00 (stored); the block starts on a byte boundary
      out.write(length & 0xff);
      out.write(length >>> 8);
      out.write(~length & 0xff);
      out.write((~length >>> 8) & 0xff);
      out.write(data, offset, length);
      offset += length;
    } while (offset < data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    littleEndian(out, crc.getValue());
    littleEndian(out, data.length & 0xffff_ffffL);
    return out.toByteArray();
  }

  private static void littleEndian(ByteArrayOutputStream out, long value) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
  }
}
