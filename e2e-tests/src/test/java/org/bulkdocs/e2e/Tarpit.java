package org.bulkdocs.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A customer's endpoint that takes the connection and never answers: the worst a silent receiver can
 * do to a sender, short of a slow trickle. Counts the connections it took.
 */
final class Tarpit implements AutoCloseable {

  private final ServerSocket listener;
  private final Set<Socket> held = ConcurrentHashMap.newKeySet();

  Tarpit() throws IOException {
    listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    Thread acceptor =
        new Thread(
            () -> {
              while (!listener.isClosed()) {
                try {
                  held.add(listener.accept()); // read nothing, answer nothing
                } catch (IOException e) {
                  // closed
                }
              }
            },
            "tarpit");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + listener.getLocalPort() + "/webhook";
  }

  /** Connections accepted so far. */
  int accepted() {
    return held.size();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket socket : held) {
      socket.close();
    }
  }
}
