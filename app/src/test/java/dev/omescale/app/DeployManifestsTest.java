package dev.omescale.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.adapter.AdapterConfig;
import dev.omescale.app.controller.ControllerServer;
import dev.omescale.app.observe.MetricsEndpoint;
import dev.omescale.app.serve.ServeConfig;
import dev.omescale.scaler.controller.ControllerRbac;
import dev.omescale.app.serve.ServeConfigLoader;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code deploy/}: every manifest reads as fabric8's typed objects, and what {@code kubectl kustomize} renders for the
 * base and every overlay agrees with the code: ports with the servers' configuration, probe paths, the flags the
 * CLI takes, the security settings, the RBAC subjects and references.
 */
class DeployManifestsTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    /** Kinds with a typed class in fabric8's model; every other kind must be a CRD-based or aggregated one. */
    private static final Set<String> GENERIC_KINDS = Set.of("ServiceMonitor", "ScaledObject",
            "InferenceService", "Certificate", "Issuer");
    private static final List<String> OVERLAYS = List.of("base", "overlays/controller-only", "overlays/metrics-only",
            "overlays/sidecar");

    // ---- every file ------------------------------------------------------------------------------------------------

    @Test
    void everyManifestReadsAsTypedObjects() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Manifests.DEPLOY)) {
            files = walk.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(15);
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        for (Path file : files) {
            String text = Manifests.read(file);
            JsonNode first = YAML.readTree(Manifests.documents(text).get(0));
            if (first.isArray()) {
                // A JSON patch (RFC 6902) an overlay applies; rendering below checks what it produces.
                assertThat(first).as(file + " JSON patch").allSatisfy(op -> assertThat(op.path("op").asString())
                        .isIn("add", "replace", "remove"));
                continue;
            }
            String kind = first.path("kind").asString();
            if (kind.equals("Kustomization") || kind.equals("Component")) {
                continue;
            }
            List<HasMetadata> objects = Manifests.objects(text, file.toString());
            assertThat(objects).as(file.toString()).isNotEmpty();
            for (HasMetadata object : objects) {
                String what = file + ": " + object.getKind() + " " + object.getMetadata().getName();
                assertThat(object.getMetadata().getName()).as(what + " name").isNotBlank();
                if (GENERIC_KINDS.contains(object.getKind())) {
                    assertThat(object).as(what).isInstanceOf(GenericKubernetesResource.class);
                } else {
                    assertThat(object).as(what + " must read as fabric8's typed class")
                            .isNotInstanceOf(GenericKubernetesResource.class);
                }
                kinds.merge(object.getKind(), 1, Integer::sum);
            }
        }
        assertThat(kinds.keySet()).contains("Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role",
                "RoleBinding", "ConfigMap", "Deployment", "Service", "APIService", "PodDisruptionBudget",
                "NetworkPolicy", "ServiceMonitor", "InferenceService", "ScaledObject", "HorizontalPodAutoscaler");
    }

    @Test
    void examplesHaveOneScaledObjectPerTriggerStyleAndOneHpaPerMetricKind() {
        List<HasMetadata> scaled = Manifests.objects(Manifests.read(Manifests.DEPLOY.resolve("examples/scaledobjects.yaml")),
                "scaledobjects.yaml");
        List<String> styles = new ArrayList<>();
        for (HasMetadata o : scaled) {
            Map<String, Object> spec = spec(o);
            List<Map<String, Object>> triggers = list(spec.get("triggers"));
            assertThat(triggers).hasSize(1);
            Map<String, Object> trigger = triggers.get(0);
            Map<String, Object> metadata = map(trigger.get("metadata"));
            String style = (String) trigger.get("type");
            if (style.startsWith("external")) {
                assertThat(metadata.get("scalerAddress")).isEqualTo("omescale-keda.omescale.svc:9443");
                if (metadata.containsKey("query")) {
                    style += "+query";
                }
            }
            styles.add(style);
        }
        assertThat(styles).containsExactly("external", "external-push", "external+query", "prometheus");

        List<HorizontalPodAutoscaler> hpas = Manifests.ofType(Manifests.objects(Manifests.read(
                Manifests.DEPLOY.resolve("examples/hpa-per-metric-kind.yaml")), "hpa"), HorizontalPodAutoscaler.class);
        assertThat(hpas).extracting(h -> h.getSpec().getMetrics().get(0).getType())
                .containsExactly("Pods", "Object", "External");
    }

    // ---- base ------------------------------------------------------------------------------------------------------

    @Test
    void baseControllerDeployment(@TempDir Path tmp) throws Exception {
        List<HasMetadata> base = Manifests.render("base");
        Deployment deployment = Manifests.one(base, Deployment.class, "omescale");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container c = container(pod, "omescale");
        assertThat(c.getImage()).as("the kustomization's images: entry replaced the placeholder")
                .matches("[a-z0-9./-]+/omescale:[0-9][0-9A-Za-z.-]*");
        // The arguments through the controller's own parser, its files from the mounted ConfigMap.
        ControllerOptions o = controllerOptions(base, pod, c, tmp);
        assertThat(o.writeReplicas()).isTrue();
        assertThat(o.leaderElection()).isTrue();
        assertThat(o.leaseNamespace()).as("the Lease lives where the leader-election Role grants it")
                .isEqualTo(Manifests.one(base, Role.class, "omescale-leader-election").getMetadata().getNamespace());
        int listenPort = o.port();
        assertThat(o.host()).isEqualTo("0.0.0.0");
        assertThat(namedPort(c, "http")).isEqualTo(listenPort);
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo(ControllerServer.HEALTH_PATH);
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo(ControllerServer.READY_PATH);
        assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertHardened(pod, c);
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKeys("memory");
        String javaOptions = env(c, "JAVA_TOOL_OPTIONS");
        assertThat(javaOptions).contains("-XX:+UseZGC").containsPattern("-XX:MaxRAMPercentage=[0-9.]+");

        // The servers' ports are the container ports the Services name.
        assertThat(c.getVolumeMounts()).extracting(m -> m.getMountPath())
                .contains("/etc/omescale/tls", "/etc/omescale/front-proxy");
        AdapterConfig adapter = o.adapter();
        assertThat(adapter).as("--adapter-config").isNotNull();
        assertThat(o.kedaHost()).as("KEDA must listen on every interface in a pod").isEqualTo("0.0.0.0");
        assertThat(adapter.host()).isNull();
        assertThat(adapter.authentication().enabled()).isTrue();
        assertThat(namedPort(c, "keda-grpc")).isEqualTo(o.kedaPort());
        assertThat(namedPort(c, "metrics-api")).isEqualTo(adapter.port()).isEqualTo(AdapterConfig.DEFAULT_PORT);
        int kedaPort = o.kedaPort();

        Service metrics = Manifests.one(base, Service.class, "omescale-metrics");
        assertThat(metrics.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(443);
            assertThat(targetPort(c, p)).isEqualTo(adapter.port());
        });
        Service kedaService = Manifests.one(base, Service.class, "omescale-keda");
        assertThat(kedaService.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(targetPort(c, p)).isEqualTo(kedaPort);
            assertThat(p.getAppProtocol()).isEqualTo("grpc");
        });
        Service http = Manifests.one(base, Service.class, "omescale-controller");
        assertThat(targetPort(c, http.getSpec().getPorts().get(0))).isEqualTo(listenPort);
        for (Service s : Manifests.ofType(base, Service.class)) {
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .as(s.getMetadata().getName() + " selects the pods").containsAllEntriesOf(s.getSpec().getSelector());
        }
        assertVolumesResolve(base, pod, c);
    }

    @Test
    void baseApiServicesMonitoringDisruptionAndNetwork() throws Exception {
        List<HasMetadata> base = Manifests.render("base");
        Deployment deployment = Manifests.one(base, Deployment.class, "omescale");
        Container c = container(deployment.getSpec().getTemplate().getSpec(), "omescale");
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();

        List<APIService> apiServices = Manifests.ofType(base, APIService.class);
        assertThat(apiServices).extracting(a -> a.getMetadata().getName())
                .containsExactlyInAnyOrder("v1beta1.custom.metrics.k8s.io", "v1beta2.custom.metrics.k8s.io");
        for (APIService api : apiServices) {
            assertThat(api.getSpec().getInsecureSkipTLSVerify()).isNotEqualTo(Boolean.TRUE);
            var service = api.getSpec().getService();
            Service target = Manifests.one(base, Service.class, service.getName());
            assertThat(target.getMetadata().getNamespace()).isEqualTo(service.getNamespace());
            assertThat(target.getSpec().getPorts()).extracting(ServicePort::getPort).contains(service.getPort());
            String certificate = api.getMetadata().getAnnotations().get("cert-manager.io/inject-ca-from");
            GenericKubernetesResource cert = generic(base, "Certificate").get(0);
            assertThat(certificate).isEqualTo(cert.getMetadata().getNamespace() + "/" + cert.getMetadata().getName());
            assertThat(strings(spec(cert).get("dnsNames"))).contains(service.getName() + "." + service.getNamespace() + ".svc");
        }

        GenericKubernetesResource monitor = generic(base, "ServiceMonitor").get(0);
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        Map<String, Object> endpoint = list(spec(monitor).get("endpoints")).get(0);
        assertThat(endpoint.get("path")).isEqualTo(MetricsEndpoint.PATH);
        Service http = Manifests.one(base, Service.class, "omescale-controller");
        assertThat(http.getMetadata().getLabels()).containsAllEntriesOf(
                map(map(spec(monitor).get("selector")).get("matchLabels")).entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> (String) e.getValue())));
        assertThat(http.getSpec().getPorts()).extracting(ServicePort::getName).contains((String) endpoint.get("port"));

        PodDisruptionBudget pdb = Manifests.ofType(base, PodDisruptionBudget.class).get(0);
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isBetween(1, deployment.getSpec().getReplicas() - 1);

        NetworkPolicy policy = Manifests.ofType(base, NetworkPolicy.class).get(0);
        assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        Set<String> portNames = c.getPorts().stream().map(ContainerPort::getName).collect(Collectors.toSet());
        Set<String> admitted = new TreeSet<>();
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
            for (NetworkPolicyPort p : rule.getPorts()) {
                admitted.add(p.getPort().getStrVal());
            }
        }
        assertThat(admitted).as("every admitted port is a container port, and every container port is admitted")
                .isEqualTo(portNames);

        Namespace namespace = Manifests.ofType(base, Namespace.class).get(0);
        assertThat(namespace.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        for (HasMetadata o : base) {
            if (!(o instanceof Namespace) && !(o instanceof ClusterRole) && !(o instanceof ClusterRoleBinding)
                    && !o.getKind().equals("APIService") && !o.getMetadata().getName().equals("omescale-metrics-auth-reader")) {
                assertThat(o.getMetadata().getNamespace()).as(o.getKind() + " " + o.getMetadata().getName())
                        .isEqualTo("omescale");
            }
        }
    }

    @Test
    void baseRbac() throws Exception {
        List<HasMetadata> base = Manifests.render("base");
        ServiceAccount account = Manifests.ofType(base, ServiceAccount.class).get(0);
        assertThat(Manifests.one(base, Deployment.class, "omescale").getSpec().getTemplate().getSpec()
                .getServiceAccountName()).isEqualTo(account.getMetadata().getName());
        List<Subject> subjects = new ArrayList<>();
        Manifests.ofType(base, ClusterRoleBinding.class).forEach(b -> subjects.addAll(b.getSubjects()));
        Manifests.ofType(base, RoleBinding.class).forEach(b -> subjects.addAll(b.getSubjects()));
        assertThat(subjects).isNotEmpty().allSatisfy(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
            assertThat(s.getNamespace()).isEqualTo(account.getMetadata().getNamespace());
        });
        // Every binding's role is here, or a built-in one an aggregated API server needs.
        for (ClusterRoleBinding b : Manifests.ofType(base, ClusterRoleBinding.class)) {
            String role = b.getRoleRef().getName();
            assertThat(role.equals("system:auth-delegator")
                    || Manifests.ofType(base, ClusterRole.class).stream().anyMatch(r -> r.getMetadata().getName().equals(role)))
                    .as("ClusterRole " + role).isTrue();
        }
        RoleBinding reader = Manifests.one(base, RoleBinding.class, "omescale-metrics-auth-reader");
        assertThat(reader.getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(reader.getRoleRef().getName()).isEqualTo("extension-apiserver-authentication-reader");

        ClusterRole controller = Manifests.one(base, ClusterRole.class, "omescale-controller");
        Map<String, Set<String>> grants = grants(controller.getRules());
        for (PolicyRule rule : controller.getRules()) {
            assertThat(rule.getVerbs()).doesNotContain("*", "delete", "deletecollection", "escalate", "bind", "impersonate");
            assertThat(rule.getResources()).doesNotContain("*", "secrets", "configmaps");
            assertThat(rule.getApiGroups()).doesNotContain("*");
            assertThat(rule.getResourceNames()).isNullOrEmpty();
        }
        assertThat(grants).as("the ClusterRole grants exactly ControllerRbac.RULES (but the Lease)")
                .isEqualTo(grants(ControllerRbac.RULES, u -> u != ControllerRbac.Use.LEADER_ELECTION));
        Role lease = Manifests.one(base, Role.class, "omescale-leader-election");
        assertThat(lease.getMetadata().getNamespace()).isEqualTo("omescale");
        assertThat(grants(lease.getRules())).as("the Role grants exactly ControllerRbac.RULES' Lease rule")
                .isEqualTo(grants(ControllerRbac.RULES, u -> u == ControllerRbac.Use.LEADER_ELECTION));
    }

    /**
     * The RBAC audit's second half (the first, ControllerRbacAuditTest in scaler, checks {@link ControllerRbac} against
     * every request the controller makes): each rendering grants the controller's ServiceAccount exactly the rules its
     * mode uses, nothing missing and nothing extra, per API group and resource.
     */
    @Test
    void everyRenderingGrantsExactlyTheRulesItsModeUses(@TempDir Path tmp) throws Exception {
        for (String dir : List.of("base", "overlays/controller-only", "overlays/metrics-only")) {
            List<HasMetadata> objects = Manifests.render(dir);
            Deployment d = Manifests.one(objects, Deployment.class, "omescale");
            ControllerOptions o = controllerOptions(objects, d.getSpec().getTemplate().getSpec(),
                    container(d.getSpec().getTemplate().getSpec(), "omescale"), Files.createTempDirectory(tmp, "o"));
            java.util.function.Predicate<ControllerRbac.Use> used = u -> u == ControllerRbac.Use.READ
                    || u == ControllerRbac.Use.WRITE && o.writeReplicas();
            Map<String, Set<String>> granted = grants(Manifests.one(objects, ClusterRole.class, "omescale-controller")
                    .getRules());
            assertThat(granted).as(dir + ": ClusterRole omescale-controller").isEqualTo(grants(ControllerRbac.RULES,
                    used));
            Map<String, Set<String>> leases = new java.util.TreeMap<>();
            Manifests.ofType(objects, Role.class).stream().filter(r -> r.getMetadata().getName()
                    .equals("omescale-leader-election")).forEach(r -> leases.putAll(grants(r.getRules())));
            assertThat(leases).as(dir + ": Role omescale-leader-election").isEqualTo(grants(ControllerRbac.RULES,
                    u -> u == ControllerRbac.Use.LEADER_ELECTION && o.leaderElection()));
        }
    }

    // ---- overlays --------------------------------------------------------------------------------------------------

    @Test
    void everyOverlayRendersAndEveryPodIsHardened(@TempDir Path tmp) throws Exception {
        for (String dir : OVERLAYS) {
            List<HasMetadata> objects = Manifests.render(dir);
            assertThat(objects).as(dir).isNotEmpty();
            for (Deployment d : Manifests.ofType(objects, Deployment.class)) {
                PodSpec pod = d.getSpec().getTemplate().getSpec();
                for (Container c : pod.getContainers()) {
                    assertHardened(pod, c);
                    assertVolumesResolve(objects, pod, c);
                    controllerOptions(objects, pod, c, Files.createTempDirectory(tmp, "o"));
                }
            }
        }
    }

    @Test
    void controllerOnlyHasNoServersAndNothingThatServesThem(@TempDir Path tmp) throws Exception {
        List<HasMetadata> objects = Manifests.render("overlays/controller-only");
        Deployment d = Manifests.one(objects, Deployment.class, "omescale");
        Container c = container(d.getSpec().getTemplate().getSpec(), "omescale");
        ControllerOptions o = controllerOptions(objects, d.getSpec().getTemplate().getSpec(), c, tmp);
        assertThat(o.leaderElection()).isTrue();
        assertThat(o.writeReplicas()).isTrue();
        assertThat(o.adapter()).as("--adapter-config").isNull();
        assertThat(o.kedaPort()).as("--keda-listen").isEqualTo(-1);
        assertThat(namedPort(c, "http")).isEqualTo(o.port());
        assertThat(c.getPorts()).extracting(ContainerPort::getName).containsExactly("http");
        assertThat(objects).extracting(HasMetadata::getKind).doesNotContain("APIService", "Certificate", "Issuer",
                "ConfigMap");
        assertThat(Manifests.ofType(objects, Service.class)).extracting(s -> s.getMetadata().getName())
                .containsExactly("omescale-controller");
        assertThat(Manifests.ofType(objects, ClusterRoleBinding.class)).extracting(b -> b.getRoleRef().getName())
                .containsExactly("omescale-controller");
        assertThat(Manifests.ofType(objects, RoleBinding.class)).extracting(b -> b.getRoleRef().getName())
                .containsExactly("omescale-leader-election");
        assertThat(Manifests.ofType(objects, NetworkPolicy.class).get(0).getSpec().getIngress())
                .flatExtracting(NetworkPolicyIngressRule::getPorts).extracting(p -> p.getPort().getStrVal())
                .containsExactly("http");
        assertVolumesResolve(objects, d.getSpec().getTemplate().getSpec(), c);
    }

    @Test
    void metricsOnlyReadsAndNeverWrites(@TempDir Path tmp) throws Exception {
        List<HasMetadata> objects = Manifests.render("overlays/metrics-only");
        PodSpec pod = Manifests.one(objects, Deployment.class, "omescale").getSpec().getTemplate().getSpec();
        Container c = container(pod, "omescale");
        ControllerOptions o = controllerOptions(objects, pod, c, tmp);
        assertThat(o.writeReplicas()).as("--write-replicas off").isFalse();
        assertThat(o.leaderElection()).isFalse();
        assertThat(o.adapter()).isNotNull();
        assertThat(namedPort(c, "keda-grpc")).isEqualTo(o.kedaPort());
        assertThat(Manifests.ofType(objects, Role.class)).isEmpty();
        Map<String, Set<String>> granted = grants(Manifests.one(objects, ClusterRole.class, "omescale-controller")
                .getRules());
        assertThat(granted.values()).as("no write verb").allSatisfy(v -> assertThat(v).doesNotContainAnyElementsOf(
                ControllerRbac.WRITE_VERBS));
        assertThat(granted).isEqualTo(grants(ControllerRbac.METRICS_ONLY_RULES, u -> true));
        assertThat(Manifests.ofType(objects, APIService.class)).hasSize(2);
        assertThat(Manifests.ofType(objects, Service.class)).hasSize(3);
    }

    @Test
    void sidecarRunsServeWithFlagsAndAFileItAccepts(@TempDir Path tmp) throws Exception {
        List<HasMetadata> objects = Manifests.render("overlays/sidecar");
        GenericKubernetesResource isvc = generic(objects, "InferenceService").get(0);
        assertThat(isvc.getMetadata().getAnnotations()).containsEntry("ome.io/autoscalerClass", "external");
        Map<String, Object> engine = map(spec(isvc).get("engine"));
        List<Map<String, Object>> containers = list(engine.get("containers"));
        assertThat(containers).hasSize(1);
        Container c = Manifests.SERIALIZATION.convertValue(containers.get(0), Container.class);
        assertThat(c.getArgs().get(0)).isEqualTo("serve");
        // The serve command accepts every flag: parsed up to a trailing --help, which then answers 0.
        List<String> args = new ArrayList<>(c.getArgs().subList(1, c.getArgs().size()));
        args.add("--help");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new ServeCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args.toArray(new String[0]));
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();

        String file = c.getArgs().get(c.getArgs().indexOf("--config") + 1);
        ConfigMap config = Manifests.ofType(objects, ConfigMap.class).get(0);
        String yaml = config.getData().get(Path.of(file).getFileName().toString());
        ServeConfig serve = ServeConfigLoader.parse(yaml, "sidecar serve.yaml", tmp);
        assertThat(serve.keda().host()).isNull();
        assertThat(namedPort(c, "keda-grpc")).isEqualTo(serve.keda().port());
        assertThat(c.getReadinessProbe().getGrpc().getPort()).isEqualTo(serve.keda().port());
        assertThat(c.getLivenessProbe().getGrpc().getPort()).isEqualTo(serve.keda().port());
        assertThat(serve.telemetry().targets()).singleElement().satisfies(t -> {
            assertThat(t.url().getHost()).isEqualTo("127.0.0.1");
            assertThat(t.inferenceService()).isEqualTo(isvc.getMetadata().getName());
        });
        // The volumes the sidecar mounts are in the engine's pod.
        List<Volume> volumes = list(engine.get("volumes")).stream()
                .map(v -> Manifests.SERIALIZATION.convertValue(v, Volume.class)).toList();
        assertThat(volumes).extracting(Volume::getName)
                .containsExactlyInAnyOrderElementsOf(c.getVolumeMounts().stream().map(m -> m.getName()).toList());
        assertThat(volumes).filteredOn(v -> v.getConfigMap() != null).singleElement()
                .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo(config.getMetadata().getName()));
        assertHardened(null, c);
    }

    @Test
    void dockerfileRunsTheShadedJarAsTheManifestsUser() throws Exception {
        String dockerfile = Manifests.read(Path.of("..", "Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^FROM \\S+")
                .containsPattern("(?m)^COPY .*app/target/omescale\\.jar ")
                .containsPattern("(?m)^USER 65532(:65532)?$")
                .containsPattern("(?m)^ENTRYPOINT \\[\"java\", \"-jar\", \"[^\"]+omescale\\.jar\"\\]$");
        Deployment d = Manifests.one(Manifests.render("base"), Deployment.class, "omescale");
        assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** Non-root, read-only root with a writable /tmp, seccomp RuntimeDefault, no capabilities, no escalation. */
    private static void assertHardened(PodSpec pod, Container c) {
        var sc = c.getSecurityContext();
        assertThat(sc).as(c.getName() + " securityContext").isNotNull();
        boolean nonRoot = Boolean.TRUE.equals(sc.getRunAsNonRoot())
                || pod != null && pod.getSecurityContext() != null && Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot());
        assertThat(nonRoot).as(c.getName() + " runAsNonRoot").isTrue();
        assertThat(sc.getReadOnlyRootFilesystem()).as(c.getName() + " readOnlyRootFilesystem").isTrue();
        assertThat(sc.getAllowPrivilegeEscalation()).as(c.getName() + " allowPrivilegeEscalation").isFalse();
        assertThat(sc.getCapabilities().getDrop()).as(c.getName() + " capabilities").containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
        String seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType()
                : pod.getSecurityContext().getSeccompProfile().getType();
        assertThat(seccomp).isEqualTo("RuntimeDefault");
        assertThat(c.getVolumeMounts()).as(c.getName() + " writable /tmp").anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/tmp");
            assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        });
        assertThat(c.getResources().getRequests()).as(c.getName() + " requests").containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).as(c.getName() + " limits").containsKey("memory");
    }

    /** Every mount names a volume of the pod, every volume is mounted, /tmp is an emptyDir, ConfigMaps exist. */
    private static void assertVolumesResolve(List<HasMetadata> objects, PodSpec pod, Container c) {
        Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
        assertThat(c.getVolumeMounts()).allSatisfy(m -> assertThat(volumes).containsKey(m.getName()));
        assertThat(volumes.keySet()).allSatisfy(name -> assertThat(c.getVolumeMounts()).anySatisfy(
                m -> assertThat(m.getName()).isEqualTo(name)));
        c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                .forEach(m -> assertThat(volumes.get(m.getName()).getEmptyDir()).isNotNull());
        for (Volume v : volumes.values()) {
            if (v.getConfigMap() != null && !v.getConfigMap().getName().equals("omescale-front-proxy-ca")) {
                // The front proxy's CA is copied in by the operator (metrics-adapter/README.md); the rest ship here.
                Manifests.one(objects, ConfigMap.class, v.getConfigMap().getName());
            }
        }
    }

    private static Container container(PodSpec pod, String name) {
        return pod.getContainers().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow().getValue();
    }

    private static int namedPort(Container c, String name) {
        List<Integer> ports = c.getPorts().stream().filter(p -> name.equals(p.getName()))
                .map(ContainerPort::getContainerPort).toList();
        assertThat(ports).as(c.getName() + " port " + name).hasSize(1);
        return ports.get(0);
    }

    private static int targetPort(Container c, ServicePort p) {
        return p.getTargetPort().getStrVal() != null ? namedPort(c, p.getTargetPort().getStrVal())
                : p.getTargetPort().getIntVal();
    }

    private static int port(String listen) {
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }

    /**
     * The container's arguments through {@code omescale controller}'s own parser. Files under /etc/omescale come from
     * the pod's mounts: ConfigMap files are written into {@code tmp} (their /etc/omescale paths rewritten to it), the
     * Secret's and the front proxy's files are stand-ins.
     */
    private static ControllerOptions controllerOptions(List<HasMetadata> objects, PodSpec pod, Container c,
            Path tmp) throws IOException {
        assertThat(c.getArgs()).as(c.getName() + " args").first().isEqualTo("controller");
        String etc = "/etc/omescale/";
        for (var m : c.getVolumeMounts()) {
            Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(m.getName())).findFirst().orElseThrow();
            if (v.getConfigMap() != null && m.getSubPath() != null && m.getMountPath().startsWith(etc)) {
                String text = Manifests.one(objects, ConfigMap.class, v.getConfigMap().getName()).getData()
                        .get(m.getSubPath());
                assertThat(text).as("ConfigMap " + v.getConfigMap().getName() + " key " + m.getSubPath()).isNotNull();
                Path file = tmp.resolve(m.getMountPath().substring(etc.length()));
                Files.createDirectories(file.getParent());
                Files.writeString(file, text.replace(etc, tmp + "/"));
            }
        }
        for (String p : List.of("tls/tls.crt", "tls/tls.key", "front-proxy/ca.crt")) {
            Files.createDirectories(tmp.resolve(p).getParent());
            Files.writeString(tmp.resolve(p), "");
        }
        String[] args = c.getArgs().subList(1, c.getArgs().size()).stream()
                .map(a -> a.startsWith(etc) ? tmp.resolve(a.substring(etc.length())).toString() : a)
                .toArray(String[]::new);
        // the Deployment's env: POD_NAMESPACE from the downward API, HOSTNAME from the pod name
        Map<String, String> env = Map.of("POD_NAMESPACE", "omescale", "HOSTNAME", "omescale-0");
        try {
            return ControllerOptions.parse(args, env);
        } catch (UsageException e) {
            throw new AssertionError("omescale controller refuses " + c.getArgs() + ": " + e.getMessage(), e);
        }
    }

    /** {@code group/resource} → verbs of the rules whose use {@code used} accepts. */
    private static Map<String, Set<String>> grants(List<ControllerRbac.Rule> rules,
            java.util.function.Predicate<ControllerRbac.Use> used) {
        Map<String, Set<String>> out = new java.util.TreeMap<>();
        for (ControllerRbac.Rule r : rules) {
            if (used.test(r.use())) {
                out.computeIfAbsent(r.group() + "/" + r.resource(), k -> new TreeSet<>()).addAll(r.verbs());
            }
        }
        return out;
    }

    /** {@code group/resource} → verbs, over all rules. */
    private static Map<String, Set<String>> grants(List<PolicyRule> rules) {
        Map<String, Set<String>> out = new java.util.TreeMap<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    out.computeIfAbsent(group + "/" + resource, k -> new TreeSet<>()).addAll(rule.getVerbs());
                }
            }
        }
        return out;
    }

    private static List<GenericKubernetesResource> generic(List<HasMetadata> objects, String kind) {
        return Manifests.ofType(objects, GenericKubernetesResource.class).stream().filter(o -> o.getKind().equals(kind))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(HasMetadata o) {
        return (Map<String, Object>) ((GenericKubernetesResource) o).getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return (List<String>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }
}
