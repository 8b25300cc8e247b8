package io.github.ecrconnect.ptc.connect;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The discovery's metrics: written by the discovery thread, read by JMX. */
final class DiscoveryMetrics implements EcrSourceDiscoveryMetricsMXBean, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DiscoveryMetrics.class);

  private final LongSupplier nowMs;
  private final ObjectName name;
  private final AtomicLong discoveries = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private volatile int registries;
  private volatile int accountsFailing;
  private volatile long lastSuccessMs;

  DiscoveryMetrics(String connectorName, LongSupplier nowMs) {
    this.nowMs = nowMs;
    this.lastSuccessMs = nowMs.getAsLong();
    try {
      this.name =
          new ObjectName(
              TaskMetrics.DOMAIN
                  + ":type=discovery-metrics,connector="
                  + (connectorName.matches("[\\w.-]+")
                      ? connectorName
                      : ObjectName.quote(connectorName)));
    } catch (JMException e) {
      throw new IllegalArgumentException("connector name " + connectorName, e);
    }
  }

  ObjectName name() {
    return name;
  }

  DiscoveryMetrics register() {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
      server.registerMBean(this, name);
    } catch (JMException e) {
      log.warn("Could not register metrics {}: {}", name, e.toString());
    }
    return this;
  }

  void succeeded(int registriesFound, int accountsFailingNow) {
    discoveries.incrementAndGet();
    registries = registriesFound;
    accountsFailing = accountsFailingNow;
    if (accountsFailingNow == 0) {
      lastSuccessMs = nowMs.getAsLong();
    } else {
      errors.incrementAndGet();
    }
  }

  void failed() {
    discoveries.incrementAndGet();
    errors.incrementAndGet();
  }

  @Override
  public long getTotalNumberOfDiscoveries() {
    return discoveries.get();
  }

  @Override
  public long getTotalNumberOfDiscoveryErrors() {
    return errors.get();
  }

  @Override
  public int getNumberOfRegistriesDiscovered() {
    return registries;
  }

  @Override
  public int getNumberOfAccountsFailing() {
    return accountsFailing;
  }

  @Override
  public long getMilliSecondsSinceLastSuccessfulDiscovery() {
    return Math.max(0, nowMs.getAsLong() - lastSuccessMs);
  }

  @Override
  public void close() {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (JMException e) {
      log.debug("Could not unregister metrics {}", name, e);
    }
  }
}
