package dev.meanflow.jobs.query;

import dev.meanflow.jobs.query.QueryProtocol.Answer;
import dev.meanflow.jobs.query.QueryProtocol.Kind;
import dev.meanflow.jobs.query.QueryProtocol.Request;
import dev.meanflow.jobs.query.QueryServerFiles.Card;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** Asks the query server of one output root, when one of this build runs; never fails the command for it. */
final class QueryClient {
  private static final int CONNECT_MILLIS = 1000;

  private final QueryServerFiles files;

  QueryClient(QueryServerFiles files) {
    this.files = files;
  }

  /**
   * The server's answer to {@code query}; empty when no server answers, or when the one there runs other classes
   * (started before a rebuild: it is asked to stop), so the caller answers itself.
   */
  Optional<Answer> ask(String query, int limit) {
    Optional<Card> card = files.read();
    if (card.isEmpty()) {
      return Optional.empty();
    }
    if (!card.get().build().equals(QueryServerFiles.build())) {
      stop();
      return Optional.empty();
    }
    return send(card.get(), Kind.QUERY, limit, query);
  }

  /** Asks the server to stop; what it answered, or empty when none was there. */
  Optional<Answer> stop() {
    return files.read().flatMap(card -> send(card, Kind.STOP, 0, ""));
  }

  /** True while a server holds the root's lock: one is serving or about to. */
  boolean serverRuns() {
    if (!Files.exists(files.lock())) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(files.lock(), StandardOpenOption.WRITE)) {
      FileLock lock = QueryServerFiles.lockIfFree(channel);
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private Optional<Answer> send(Card card, Kind kind, int limit, String query) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), card.port()), CONNECT_MILLIS);
      new Request(card.token(), kind, limit, query)
          .write(new DataOutputStream(new BufferedOutputStream(socket.getOutputStream())));
      return Optional.of(Answer.read(new DataInputStream(new BufferedInputStream(socket.getInputStream()))));
    } catch (IOException e) {
      // nobody at that port (the server crashed or was killed), or it went away mid-answer: a card no server
      // stands behind is removed, so the next command does not try it again
      if (!serverRuns()) {
        files.removeCardOf(card.pid());
      }
      return Optional.empty();
    }
  }
}
