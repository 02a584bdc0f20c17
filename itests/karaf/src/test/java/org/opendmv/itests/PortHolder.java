package org.opendmv.itests;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A separate process that holds a TCP port (as a kiosk not yet gone would) until a file appears
 * or a time limit passes: {@code PortHolder <port> <release-file> <max-seconds>}. Prints
 * "holding <port>" once bound.
 */
public final class PortHolder {
    private PortHolder() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path release = Path.of(args[1]);
        long until = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(port));
            System.out.println("holding " + port);
            System.out.flush();
            while (!Files.exists(release) && System.nanoTime() < until) {
                Thread.sleep(100);
            }
        }
        System.out.println("released " + port);
    }
}
