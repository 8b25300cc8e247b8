package io.github.ecrconnect.ptc.core;

/** Told about every HTTP attempt of an API call, so metrics can count calls and throttling. */
public interface ApiCallListener {
  ApiCallListener NONE =
      new ApiCallListener() {
        @Override
        public void attempted() {}

        @Override
        public void throttled() {}
      };

  /** One HTTP attempt was sent (retries count again). */
  void attempted();

  /** One attempt was answered with throttling. */
  void throttled();
}
