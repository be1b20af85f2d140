package dev.omescale.app.observe;

/**
 * Where the metrics listener binds: {@code host:port}, or {@code :port} for every interface.
 *
 * @param host null for every interface
 */
public record MetricsListen(String host, int port) {
    /** Every interface, port 9464: clear of omescale's other ports (9443 KEDA, 6443 metrics API). */
    public static final MetricsListen DEFAULT = new MetricsListen(null, 9464);
    private static final String FIX = "write host:port, e.g. 127.0.0.1:9464, or :9464 for every interface";

    /**
     * Reads {@code text}.
     *
     * @throws IllegalArgumentException naming {@code key}, the input and the fix
     */
    public static MetricsListen parse(String text, String key) {
        String t = text == null ? "" : text.trim();
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(key + ": '" + t + "' has no port; " + FIX);
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException(key + ": '" + t + "' has an IPv6 address without brackets; " + FIX);
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + t.substring(colon + 1) + "' in '" + t
                    + "' is not a port number; " + FIX);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(key + ": port " + port + " is not 0..65535; " + FIX);
        }
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
            host = null;
        } else if (!host.matches("[A-Za-z0-9.:%_-]+")) {
            throw new IllegalArgumentException(key + ": '" + host + "' is not a host name or address; " + FIX);
        }
        return new MetricsListen(host, port);
    }

    @Override
    public String toString() {
        return (host == null ? "" : host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
