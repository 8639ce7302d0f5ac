package fr.audience.generate;

import fr.audience.core.Errors;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A gzip text file written line by line, counting lines and uncompressed bytes. Java's gzip header
 * has mtime 0, so the bytes depend on the content only. Fastest deflate level: the benchmark writes
 * gigabytes and the files are short-lived raw drops.
 */
final class GzipText implements AutoCloseable {
  private static final int BUFFER = 1 << 16;

  private final Counting counter;
  private final Writer writer;
  private long lines;

  GzipText(Path path) {
    try {
      Files.createDirectories(path.getParent());
      OutputStream gzip =
          new GZIPOutputStream(Files.newOutputStream(path), BUFFER) {
            {
              def.setLevel(Deflater.BEST_SPEED);
            }
          };
      counter = new Counting(gzip);
      writer = new BufferedWriter(new OutputStreamWriter(counter, StandardCharsets.UTF_8), BUFFER);
    } catch (IOException e) {
      throw Errors.writeFailed("generate data", path, e, "Check the --out directory is writable");
    }
  }

  void line(CharSequence text) {
    try {
      writer.append(text).append('\n');
      lines++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long lines() {
    return lines;
  }

  /** Uncompressed bytes; complete once closed. */
  long bytes() {
    return counter.count;
  }

  @Override
  public void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Counting extends FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }
  }
}
