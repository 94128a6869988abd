package dev.cpbench.macro.common;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code host:port} for a listening address; port 0 picks a free one. */
public final class HostPort implements ITypeConverter<InetSocketAddress> {
    /**
     * Null if a server can listen on {@code address} now (port 0 always can), else why not, naming {@code option}:
     * checked before a command starts anything, so that a port in use is a usage error, not a half-started run.
     */
    public static String cannotListen(String option, InetSocketAddress address) {
        if (address.getPort() == 0) {
            return null;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(address);
            return null;
        } catch (IOException | SecurityException e) {
            return option + " " + address.getHostString() + ":" + address.getPort() + " cannot be listened on: "
                    + e.getMessage();
        }
    }

    @Override
    public InetSocketAddress convert(String value) {
        int colon = value.lastIndexOf(':');
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (colon <= 0 || port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(value.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not host:port (e.g. 127.0.0.1:9464)");
        }
    }
}
