package io.github.ecrconnect.ptc.it;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * A test-only transformation that holds the task's thread on the record of one rule prefix, so a
 * test can stop a worker while a batch is half sent: the records before it are already with the
 * producer, the ones after it are not. It holds once per {@link #arm}; the test JVM loads it from
 * the class path, so the test and the worker share its state.
 */
public final class PauseOnPrefix<R extends ConnectRecord<R>> implements Transformation<R> {
  private static final AtomicReference<Pause> ARMED = new AtomicReference<>();

  /** What one armed pause looks like from the test. */
  static final class Pause {
    final String prefix;
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch released = new CountDownLatch(1);

    private Pause(String prefix) {
      this.prefix = prefix;
    }

    /** Lets the held thread go on (it will find its worker gone). */
    void release() {
      released.countDown();
    }
  }

  /** Holds the next record keyed with {@code prefix}, once. */
  static Pause arm(String prefix) {
    Pause pause = new Pause(prefix);
    ARMED.set(pause);
    return pause;
  }

  static void disarm() {
    Pause pause = ARMED.getAndSet(null);
    if (pause != null) {
      pause.release();
    }
  }

  @Override
  public R apply(R record) {
    Pause pause = ARMED.get();
    if (pause != null
        && record.key() instanceof Struct
        && pause.prefix.equals(((Struct) record.key()).get("ecrRepositoryPrefix"))
        && ARMED.compareAndSet(pause, null)) {
      pause.reached.countDown();
      try {
        pause.released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectException("interrupted while held by PauseOnPrefix", e);
      }
      throw new ConnectException("the worker was stopped while PauseOnPrefix held this record");
    }
    return record;
  }

  @Override
  public ConfigDef config() {
    return new ConfigDef();
  }

  @Override
  public void configure(Map<String, ?> configs) {}

  @Override
  public void close() {}
}
