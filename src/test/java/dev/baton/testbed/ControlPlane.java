package dev.baton.testbed;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jboss.logging.Logger;

/** A real Kubernetes control plane (etcd, apiserver, controller-manager, scheduler) on loopback. */
public final class ControlPlane implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ControlPlane.class);
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  /**
   * Starts each process in a session of its own: a terminal's Ctrl-C goes to its whole foreground
   * process group, and would kill etcd under an apiserver that then retries it for minutes. The
   * JVM's exit hook, or else the watchdog, stops them in order instead.
   */
  private static final Optional<Path> SETSID = onPath("setsid");

  private static final String CONTROLLERS =
      "deployment-controller,replicaset-controller,garbage-collector-controller,"
          + "disruption-controller,node-lifecycle-controller,endpointslice-controller,"
          + "serviceaccount-controller,namespace-controller,pod-garbage-collector-controller,"
          + "ttl-controller,taint-eviction-controller,clusterrole-aggregation-controller";

  private final Path binDir;
  private final Path workDir;
  private final String adminToken;
  private final int apiServerPort;
  private final List<Process> processes = new ArrayList<>();
  private final Thread exitHook = new Thread(this::stopOnExit, "baton-control-plane-stop");
  private final Watchdog watchdog;
  private final boolean shortNodeGrace;
  private boolean stopped;
  private String etcdUrl;
  private KubernetesClient client;

  private ControlPlane(Path binDir, Path workDir, boolean shortNodeGrace) throws IOException {
    this.binDir = binDir;
    this.workDir = workDir;
    this.shortNodeGrace = shortNodeGrace;
    this.adminToken = randomToken();
    this.apiServerPort = freePort();
    this.watchdog = Watchdog.start(workDir, WorkDir.keepRequested(), SETSID);
  }

  /**
   * Starts a control plane in a new temporary folder and waits until the apiserver is ready. The
   * node-lifecycle controller notices a dead node after {@link
   * NodeTiming#NODE_MONITOR_GRACE_PERIOD} instead of Kubernetes' default, so that tests of node
   * crashes finish sooner.
   */
  public static ControlPlane start() throws Exception {
    return start(true);
  }

  /**
   * Starts a control plane whose node-lifecycle controller keeps Kubernetes' defaults, as a cluster
   * a user runs would: what a benchmark compares against must not be tuned for tests.
   */
  public static ControlPlane startWithDefaultNodeLifecycle() throws Exception {
    return start(false);
  }

  private static ControlPlane start(boolean shortNodeGrace) throws Exception {
    Path binDir = ControlPlaneBinaries.locate();
    Path workDir = WorkDir.create();
    ControlPlane plane = new ControlPlane(binDir, workDir, shortNodeGrace);
    Runtime.getRuntime().addShutdownHook(plane.exitHook);
    try {
      plane.boot();
      return plane;
    } catch (Exception | Error e) {
      plane.close();
      throw e;
    }
  }

  private void boot() throws Exception {
    Instant start = Instant.now();
    LOG.infof("starting control plane in %s", workDir);
    writeCredentials();
    startEtcd();
    startApiServer();
    awaitApiServerReady();
    writeKubeconfig(workDir.resolve("kubeconfig"), apiServerUrl(), adminToken);
    startControllerManager();
    startScheduler();
    client = new KubernetesClientBuilder().withConfig(adminConfig()).build();
    LOG.infof(
        "control plane ready at %s in %d ms",
        apiServerUrl(), Duration.between(start, Instant.now()).toMillis());
  }

  private void writeCredentials() throws Exception {
    Files.writeString(
        workDir.resolve("tokens.csv"), adminToken + ",admin,admin,\"system:masters\"\n");
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    byte[] key = generator.generateKeyPair().getPrivate().getEncoded();
    Files.writeString(workDir.resolve("sa.key"), pem("PRIVATE KEY", key));
  }

  private void startEtcd() throws IOException {
    int clientPort = freePort();
    int peerPort = freePort();
    String clientUrl = "http://127.0.0.1:" + clientPort;
    String peerUrl = "http://127.0.0.1:" + peerPort;
    launch(
        "etcd",
        List.of(
            "--name=baton",
            "--data-dir=" + workDir.resolve("etcd"),
            "--listen-client-urls=" + clientUrl,
            "--advertise-client-urls=" + clientUrl,
            "--listen-peer-urls=" + peerUrl,
            "--initial-advertise-peer-urls=" + peerUrl,
            "--initial-cluster=baton=" + peerUrl,
            "--unsafe-no-fsync=true",
            "--log-level=warn"));
    etcdUrl = clientUrl;
  }

  private void startApiServer() throws IOException {
    Path key = workDir.resolve("sa.key");
    launch(
        "kube-apiserver",
        List.of(
            "--etcd-servers=" + etcdUrl,
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            "--secure-port=" + apiServerPort,
            "--cert-dir=" + workDir.resolve("apiserver-certs"),
            "--token-auth-file=" + workDir.resolve("tokens.csv"),
            "--authorization-mode=RBAC",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            "--service-account-key-file=" + key,
            "--service-account-signing-key-file=" + key,
            "--service-cluster-ip-range=10.96.0.0/16",
            "--allow-privileged=true",
            "--profiling=false",
            "--v=0"));
  }

  private void startControllerManager() throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--kubeconfig=" + kubeconfig(),
                "--controllers=" + CONTROLLERS,
                "--leader-elect=false",
                "--bind-address=127.0.0.1",
                "--secure-port=" + freePort(),
                "--use-service-account-credentials=false",
                "--concurrent-gc-syncs=5",
                "--profiling=false",
                "--v=0"));
    if (shortNodeGrace) {
      args.add("--node-monitor-period=2s");
      args.add("--node-monitor-grace-period=" + NodeTiming.NODE_MONITOR_GRACE_PERIOD);
    }
    launch("kube-controller-manager", args);
  }

  private void startScheduler() throws IOException {
    launch(
        "kube-scheduler",
        List.of(
            "--kubeconfig=" + kubeconfig(),
            "--authentication-kubeconfig=" + kubeconfig(),
            "--authorization-kubeconfig=" + kubeconfig(),
            "--leader-elect=false",
            "--bind-address=127.0.0.1",
            "--secure-port=" + freePort(),
            "--profiling=false",
            "--v=0"));
  }

  private synchronized void launch(String binary, List<String> args) throws IOException {
    if (stopped) {
      throw new IllegalStateException("the control plane is stopping; not starting " + binary);
    }
    List<String> command = new ArrayList<>();
    SETSID.ifPresent(setsid -> command.add(setsid.toString()));
    command.add(binDir.resolve(binary).toString());
    command.addAll(args);
    Path log = workDir.resolve(binary + ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    processes.add(process);
    PidFile.write(workDir.resolve(binary + ".pid"), process.toHandle());
    LOG.debugf("started %s (pid %d), log in %s", binary, process.pid(), log);
  }

  private void awaitApiServerReady() throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(trustAll()).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(apiServerUrl() + "/readyz"))
            .header("Authorization", "Bearer " + adminToken)
            .timeout(Duration.ofSeconds(5))
            .build();
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      failIfExited();
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // The apiserver is still starting: it refuses connections until it listens.
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "kube-apiserver was not ready within " + READY_TIMEOUT + "; see its log in " + workDir);
  }

  private synchronized void failIfExited() {
    for (Process process : processes) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            process.info().command().orElse("a control-plane process")
                + " exited with code "
                + process.exitValue()
                + "; see the logs in "
                + workDir);
      }
    }
  }

  /** Writes a kubeconfig that reaches {@code server} with a bearer token. */
  static void writeKubeconfig(Path file, String server, String token) throws IOException {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: baton
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        users:
        - name: baton
          user:
            token: %s
        contexts:
        - name: baton
          context:
            cluster: baton
            user: baton
            namespace: default
        current-context: baton
        """
            .formatted(server, token);
    Files.writeString(file, yaml);
  }

  private Config adminConfig() {
    return new ConfigBuilder()
        .withMasterUrl(apiServerUrl())
        .withOauthToken(adminToken)
        .withTrustCerts(true)
        .withRequestTimeout(30_000)
        .build();
  }

  /** The admin client; closed with the control plane. */
  public KubernetesClient client() {
    return client;
  }

  /** A new admin client the caller owns and closes. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(adminConfig()).build();
  }

  public String apiServerHost() {
    return "127.0.0.1";
  }

  public int apiServerPort() {
    return apiServerPort;
  }

  public String apiServerUrl() {
    return "https://" + apiServerHost() + ":" + apiServerPort;
  }

  public Path kubeconfig() {
    return workDir.resolve("kubeconfig");
  }

  public Path workDir() {
    return workDir;
  }

  public Path binDir() {
    return binDir;
  }

  /** Runs kubectl against this control plane; throws with its output when it fails. */
  public String kubectl(String... args) {
    return Commands.run(workDir, kubectlCommand(args), Duration.ofMinutes(3));
  }

  /** The kubectl command line for {@code args}, to run it in the background. */
  public List<String> kubectlCommand(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binDir.resolve("kubectl").toString());
    command.add("--kubeconfig=" + kubeconfig());
    command.addAll(List.of(args));
    return command;
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(exitHook);
    } catch (IllegalStateException exiting) {
      // The JVM is already exiting: the hook stops everything, and stop() runs only once.
    }
    if (client != null) {
      client.close();
    }
    stop();
  }

  /**
   * What a JVM that exits without close() does (Ctrl-C, SIGTERM, System.exit); the watchdog
   * finishes the job if the JVM is halted meanwhile.
   */
  private void stopOnExit() {
    // Pods go first: they would only log failures while the API server goes away under them.
    ProcessTree.killAll();
    stop();
  }

  /** Stops the processes in reverse order of start, etcd last, then removes the folder. */
  private synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    for (int i = processes.size() - 1; i >= 0; i--) {
      stop(processes.get(i));
    }
    if (WorkDir.keepRequested()) {
      WorkDir.keep(workDir);
      LOG.infof("kept the control plane's folder %s", workDir);
    } else {
      Commands.deleteTree(workDir);
    }
    watchdog.close();
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static Optional<Path> onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  static SSLContext trustAll() throws Exception {
    TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
    return context;
  }
}
