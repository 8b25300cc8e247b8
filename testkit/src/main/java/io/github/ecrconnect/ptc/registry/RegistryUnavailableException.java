package io.github.ecrconnect.ptc.registry;

/** No schema registry can run here; the message says why and what to do about it. */
public final class RegistryUnavailableException extends Exception {
  public RegistryUnavailableException(String message) {
    super(message);
  }
}
