package dev.omescale.scaler.discovery;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's mock API server in CRUD mode (expectations first, then CRUD), torn down server first. The order
 * matters: in fabric8 8.0.0 a watch that the client closes can stall the mock server's event loop for up to a
 * minute (kubernetes-client issue 7857), so informers are closed only after the server is gone. Public for the
 * controller's tests, which meet the same stall.
 */
public final class MockCluster implements AutoCloseable {

    public final KubernetesMockServer server;
    public final KubernetesClient client;
    private final List<AutoCloseable> afterServer = new ArrayList<>();

    public MockCluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient();
    }

    /** Closes {@code c} when the cluster closes, after the server has stopped. */
    public <T extends AutoCloseable> T closeLater(T c) {
        afterServer.add(c);
        return c;
    }

    @Override
    public void close() throws Exception {
        server.destroy();
        for (AutoCloseable c : afterServer) {
            c.close();
        }
        client.close();
    }
}
