package io.github.ecrconnect.ptc.containers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;
import org.testcontainers.DockerClientFactory;

/**
 * Containers on the host's network: where the connector inside one must reach the local ECR
 * endpoint of a test on the host's 127.0.0.1 (it accepts plain http only to loopback). That holds
 * for a Linux engine on this machine only, not for Docker Desktop's virtual machine or a remote
 * engine.
 */
public final class HostNetwork {
  private HostNetwork() {}

  /** Skips the calling test unless containers on the host's network share its loopback. */
  public static void assumeSharedLoopback() {
    assumeTrue(
        System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
            && DockerClientFactory.instance()
                .dockerHostIpAddress()
                .matches("localhost|127\\.0\\.0\\.1"),
        "needs a local Linux Docker engine (host networking)");
  }
}
