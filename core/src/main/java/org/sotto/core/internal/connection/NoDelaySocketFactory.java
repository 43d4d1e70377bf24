package org.sotto.core.internal.connection;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * Plain sockets with TCP_NODELAY. Chat traffic is many small writes that wait for an answer (a message, then the
 * stream management ack request); with Nagle's algorithm and delayed ACKs each such exchange could stall ~40 ms.
 */
final class NoDelaySocketFactory extends SocketFactory {
    private static final SocketFactory DEFAULT = SocketFactory.getDefault();

    private static Socket noDelay(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }

    @Override
    public Socket createSocket() throws IOException {
        return noDelay(DEFAULT.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(DEFAULT.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(DEFAULT.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(DEFAULT.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return noDelay(DEFAULT.createSocket(address, port, localAddress, localPort));
    }
}
