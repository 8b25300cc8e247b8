package io.github.ecrconnect.ptc.core;

import java.util.List;

/** The active member accounts of the organization (AWS Organizations ListAccounts). */
@FunctionalInterface
public interface AccountSource {
  /** Every active account id, all pages read; a failed page fails the whole listing. */
  List<String> activeAccounts() throws DiscoveryException;
}
