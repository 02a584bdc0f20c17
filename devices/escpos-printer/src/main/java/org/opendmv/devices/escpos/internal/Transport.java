package org.opendmv.devices.escpos.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.file.Path;

/** A connection to the printer: raw TCP (port 9100 style) or a device file such as /dev/usb/lp0. */
interface Transport extends Closeable {
    OutputStream out();

    InputStream in();

    /** Opens a fresh connection; a printer may accept one client at a time, so callers close promptly. */
    interface Opener {
        Transport open() throws IOException;
    }

    static Opener tcp(String host, int port, int connectTimeoutMs, int readTimeoutMs) {
        return () -> {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
                s.setSoTimeout(readTimeoutMs);
                s.setTcpNoDelay(true);
            } catch (IOException e) {
                s.close();
                throw e;
            }
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            return new Transport() {
                @Override
                public OutputStream out() {
                    return out;
                }

                @Override
                public InputStream in() {
                    return in;
                }

                @Override
                public void close() throws IOException {
                    s.close();
                }
            };
        };
    }

    static Opener file(Path device) {
        return () -> {
            RandomAccessFile f = new RandomAccessFile(device.toFile(), "rw");
            InputStream in = Channels.newInputStream(f.getChannel());
            OutputStream out = Channels.newOutputStream(f.getChannel());
            return new Transport() {
                @Override
                public OutputStream out() {
                    return out;
                }

                @Override
                public InputStream in() {
                    return in;
                }

                @Override
                public void close() throws IOException {
                    f.close();
                }
            };
        };
    }
}
