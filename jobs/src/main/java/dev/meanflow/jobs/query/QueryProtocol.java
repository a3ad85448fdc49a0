package dev.meanflow.jobs.query;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What a {@code meanflow sql} client and its root's query server say over one local connection: the client sends
 * one request, the server answers it and closes. Texts are length-prefixed UTF-8, so a query or an answer may hold
 * any characters and be of any size.
 */
final class QueryProtocol {
  private QueryProtocol() {}

  enum Kind { QUERY, STOP }

  /** A query to answer (at most {@code limit} rows printed), or a request to stop; {@code token} proves the card was read. */
  record Request(String token, Kind kind, int limit, String query) {
    void write(DataOutputStream out) throws IOException {
      writeText(out, token);
      writeText(out, kind.name());
      out.writeInt(limit);
      writeText(out, query);
      out.flush();
    }

    static Request read(DataInputStream in) throws IOException {
      return new Request(readText(in, 256), Kind.valueOf(readText(in, 16)), in.readInt(),
          readText(in, MAX_QUERY_BYTES));
    }
  }

  /** The command's exit code and what it printed to standard output and to standard error. */
  record Answer(int code, String out, String err) {
    void write(DataOutputStream stream) throws IOException {
      stream.writeInt(code);
      writeText(stream, out);
      writeText(stream, err);
      stream.flush();
    }

    static Answer read(DataInputStream in) throws IOException {
      return new Answer(in.readInt(), readText(in, Integer.MAX_VALUE), readText(in, Integer.MAX_VALUE));
    }
  }

  /** A request's query larger than this is refused without reading on (a request is read before its token is checked). */
  static final int MAX_QUERY_BYTES = 1 << 20;

  private static void writeText(DataOutputStream out, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readText(DataInputStream in, int maxBytes) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > maxBytes) {
      throw new IOException("text of " + length + " bytes, expected 0 to " + maxBytes);
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
