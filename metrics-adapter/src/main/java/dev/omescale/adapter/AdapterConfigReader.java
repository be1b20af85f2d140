package dev.omescale.adapter;

import dev.omescale.adapter.security.RequestHeaderSettings;
import dev.omescale.telemetry.config.ConfigException;
import dev.omescale.telemetry.config.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads the {@code adapter:} section of omescale's configuration file. Every problem is collected with its key path
 * and the fix, and reported together.
 *
 * <pre>
 * adapter:
 *   listen: 127.0.0.1:6443
 *   tls: {cert: server.pem, key: server-key.pem}        # or {selfSigned: true}
 *   authentication: {requestheaderClientCa: front-proxy-ca.pem, allowedNames: [front-proxy-client]}
 *   # authentication: none   (development only)
 *   authorization: subjectAccessReview   # the default with requestheaderClientCa or tokenReview; or alwaysAllow
 *   maxDataAge: 60s
 * </pre>
 */
public final class AdapterConfigReader {
    private static final List<String> KEYS = List.of("listen", "tls", "authentication", "authorization",
            "maxDataAge");
    private static final List<String> TLS_KEYS = List.of("cert", "key", "selfSigned", "hosts");
    private static final List<String> AUTH_KEYS = List.of("requestheaderClientCa", "allowedNames", "usernameHeaders",
            "groupHeaders", "extraHeaderPrefixes", "clientCa", "tokenReview");
    private static final String AUTH_EXAMPLE = "e.g. authentication: {requestheaderClientCa: front-proxy-ca.pem,"
            + " allowedNames: [front-proxy-client]}, or authentication: none for development";
    private static final String TLS_EXAMPLE = "e.g. tls: {cert: server.pem, key: server-key.pem} or"
            + " tls: {selfSigned: true}";

    private AdapterConfigReader() {
    }

    /** Reads {@code node} (the section's value) found at key path {@code path}; relative files are read as given. */
    public static AdapterConfig fromTree(JsonNode node, String path) throws ConfigException {
        return fromTree(node, path, null);
    }

    /**
     * Reads {@code node} (the section's value) found at key path {@code path}; relative file paths are resolved
     * against {@code baseDir} (the configuration file's directory) when it is not null.
     */
    public static AdapterConfig fromTree(JsonNode node, String path, Path baseDir) throws ConfigException {
        List<String> problems = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull() || !node.isObject()) {
            problems.add(path + ": must be a mapping with keys " + String.join(", ", KEYS) + ", e.g. "
                    + path + ": {listen: 127.0.0.1:6443, tls: {selfSigned: true}, authentication: none}");
            throw new ConfigException(path, problems);
        }
        unknownKeys(node, path, KEYS, problems);
        String host = null;
        int port = AdapterConfig.DEFAULT_PORT;
        JsonNode listen = node.get("listen");
        if (listen != null && !listen.isNull()) {
            HostPort hp = listen(listen, path + ".listen", problems);
            if (hp != null) {
                host = hp.host;
                port = hp.port;
            }
        }
        TlsConfig tls = tls(node.get("tls"), path + ".tls", baseDir, problems);
        AuthenticationConfig authentication = authentication(node.get("authentication"), path + ".authentication",
                baseDir, problems);
        Duration maxDataAge = AdapterConfig.DEFAULT_MAX_DATA_AGE;
        JsonNode age = node.get("maxDataAge");
        if (age != null && !age.isNull()) {
            try {
                maxDataAge = Durations.parse(age.isString() ? age.asString() : age.toString());
                if (maxDataAge.isZero()) {
                    problems.add(path + ".maxDataAge: 0 would refuse every value; write e.g. 60s");
                }
            } catch (IllegalArgumentException e) {
                problems.add(path + ".maxDataAge: " + e.getMessage());
            }
        }
        AuthorizationMode authorization = authorization(node.get("authorization"), path + ".authorization",
                authentication, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(path, problems);
        }
        return new AdapterConfig(host, port, tls, authentication, maxDataAge, authorization);
    }

    private record HostPort(String host, int port) {
    }

    // "host:port", "[v6]:port" or ":port" (every interface), as Go's net.Listen takes them.
    private static HostPort listen(JsonNode node, String key, List<String> problems) {
        String fix = "; write host:port, e.g. 127.0.0.1:6443, [::1]:6443 or :6443 for every interface";
        if (!node.isString()) {
            problems.add(key + ": " + node + " is not an address" + fix);
            return null;
        }
        String text = node.asString().trim();
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            problems.add(key + ": '" + text + "' has no port" + fix);
            return null;
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            problems.add(key + ": '" + text + "' is an IPv6 address without brackets" + fix);
            return null;
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            problems.add(key + ": '" + text.substring(colon + 1) + "' is not a port number" + fix);
            return null;
        }
        if (port < 0 || port > 65535) {
            problems.add(key + ": port " + port + " is not between 0 and 65535" + fix);
            return null;
        }
        return new HostPort(host.isEmpty() || host.equals("0.0.0.0") ? null : host, port);
    }

    private static TlsConfig tls(JsonNode node, String key, Path baseDir, List<String> problems) {
        if (node == null || node.isNull()) {
            problems.add(key + ": missing; the metrics API is served over HTTPS only, " + TLS_EXAMPLE);
            return null;
        }
        if (!node.isObject()) {
            problems.add(key + ": must be a mapping, " + TLS_EXAMPLE);
            return null;
        }
        unknownKeys(node, key, TLS_KEYS, problems);
        boolean selfSigned = bool(node.get("selfSigned"), key + ".selfSigned", problems);
        List<String> hosts = strings(node.get("hosts"), key + ".hosts", problems);
        Path cert = file(node.get("cert"), key + ".cert", baseDir, "the PEM serving certificate", problems);
        Path pemKey = file(node.get("key"), key + ".key", baseDir, "the PEM private key of the certificate", problems);
        if (selfSigned) {
            if (node.has("cert") || node.has("key")) {
                problems.add(key + ": selfSigned: true and cert/key exclude each other; drop one, " + TLS_EXAMPLE);
            }
            return TlsConfig.selfSigned(hosts);
        }
        if (!node.has("cert") || !node.has("key")) {
            problems.add(key + ": needs both cert and key (or selfSigned: true), " + TLS_EXAMPLE);
        }
        if (!hosts.isEmpty()) {
            problems.add(key + ".hosts: only used with selfSigned: true; the names of a given certificate are in it");
        }
        return TlsConfig.pem(cert, pemKey);
    }

    private static AuthenticationConfig authentication(JsonNode node, String key, Path baseDir,
            List<String> problems) {
        if (node == null || node.isNull()) {
            problems.add(key + ": missing; say how callers authenticate, " + AUTH_EXAMPLE);
            return null;
        }
        if (node.isString()) {
            if (node.asString().equals("none")) {
                return AuthenticationConfig.none();
            }
            problems.add(key + ": '" + node.asString() + "' is not a setting; the only word is none, " + AUTH_EXAMPLE);
            return null;
        }
        if (!node.isObject()) {
            problems.add(key + ": must be a mapping or none, " + AUTH_EXAMPLE);
            return null;
        }
        unknownKeys(node, key, AUTH_KEYS, problems);
        Path requestheaderCa = file(node.get("requestheaderClientCa"), key + ".requestheaderClientCa", baseDir,
                "the front proxy's CA bundle (requestheader-client-ca-file in ConfigMap"
                        + " kube-system/extension-apiserver-authentication)", problems);
        Path clientCa = file(node.get("clientCa"), key + ".clientCa", baseDir,
                "the client CA bundle (client-ca-file)", problems);
        boolean tokenReview = bool(node.get("tokenReview"), key + ".tokenReview", problems);
        List<String> allowedNames = strings(node.get("allowedNames"), key + ".allowedNames", problems);
        List<String> usernameHeaders = headers(node.get("usernameHeaders"), key + ".usernameHeaders",
                RequestHeaderSettings.DEFAULT_USERNAME_HEADERS, problems);
        List<String> groupHeaders = headers(node.get("groupHeaders"), key + ".groupHeaders",
                RequestHeaderSettings.DEFAULT_GROUP_HEADERS, problems);
        List<String> extraPrefixes = headers(node.get("extraHeaderPrefixes"), key + ".extraHeaderPrefixes",
                RequestHeaderSettings.DEFAULT_EXTRA_HEADER_PREFIXES, problems);
        if (!node.has("requestheaderClientCa") && !node.has("clientCa") && !tokenReview) {
            problems.add(key + ": names no way to authenticate; set requestheaderClientCa (the front proxy),"
                    + " clientCa or tokenReview: true, or write authentication: none for development");
        }
        if (!node.has("requestheaderClientCa") && node.has("allowedNames")) {
            problems.add(key + ".allowedNames: only applies with requestheaderClientCa; add it or drop allowedNames");
        }
        return new AuthenticationConfig(true, requestheaderCa,
                new RequestHeaderSettings(allowedNames, usernameHeaders, groupHeaders, extraPrefixes),
                clientCa, tokenReview);
    }

    /**
     * {@code subjectAccessReview} or {@code alwaysAllow}; absent: SubjectAccessReview when authentication involves
     * the cluster (front proxy or TokenReview), as every aggregated API server authorizes, else alwaysAllow.
     */
    private static AuthorizationMode authorization(JsonNode node, String key, AuthenticationConfig authentication,
            List<String> problems) {
        String choices = "write subjectAccessReview (ask the API server, the default with requestheaderClientCa or"
                + " tokenReview) or alwaysAllow (every authenticated caller reads every metric)";
        if (node == null || node.isNull()) {
            return authentication == null ? AuthorizationMode.ALWAYS_ALLOW
                    : AuthorizationMode.defaultFor(authentication);
        }
        if (!node.isString()) {
            problems.add(key + ": " + node + " is not a mode; " + choices);
            return AuthorizationMode.ALWAYS_ALLOW;
        }
        AuthorizationMode mode = AuthorizationMode.fromConfigName(node.asString()).orElse(null);
        if (mode == null) {
            problems.add(key + ": '" + node.asString() + "' is not a mode; " + choices);
            return AuthorizationMode.ALWAYS_ALLOW;
        }
        if (mode == AuthorizationMode.SUBJECT_ACCESS_REVIEW && authentication != null && !authentication.enabled()) {
            problems.add(key + ": subjectAccessReview needs a user to ask about, but authentication is none; set up"
                    + " authentication or drop authorization");
            return AuthorizationMode.ALWAYS_ALLOW;
        }
        return mode;
    }

    private static Path file(JsonNode node, String key, Path baseDir, String what, List<String> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString() || node.asString().isBlank()) {
            problems.add(key + ": must be the path of " + what);
            return null;
        }
        Path p = Path.of(node.asString());
        if (baseDir != null && !p.isAbsolute()) {
            p = baseDir.resolve(p);
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            problems.add(key + ": " + p + " is not a readable file; give the path of " + what);
        }
        return p;
    }

    private static boolean bool(JsonNode node, String key, List<String> problems) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            problems.add(key + ": " + node + " is not true or false");
            return false;
        }
        return node.asBoolean();
    }

    private static List<String> strings(JsonNode node, String key, List<String> problems) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(key + ": must be a list, e.g. [front-proxy-client]");
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode v = node.get(i);
            if (!v.isString() || v.asString().isBlank()) {
                problems.add(key + "[" + i + "]: " + v + " is not a name");
            } else {
                values.add(v.asString());
            }
        }
        return values;
    }

    private static List<String> headers(JsonNode node, String key, List<String> defaults, List<String> problems) {
        if (node == null || node.isNull()) {
            return defaults;
        }
        List<String> values = strings(node, key, problems);
        if (values.isEmpty() && node.isArray()) {
            problems.add(key + ": an empty list leaves no header to read; drop the key for the default "
                    + defaults);
        }
        return values;
    }

    private static void unknownKeys(JsonNode node, String path, List<String> known, List<String> problems) {
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                problems.add(path + "." + name + ": unknown key; known keys: " + String.join(", ", known));
            }
        }
    }
}
