package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.aws.AwsScopeSources;
import io.github.ecrconnect.ptc.aws.AwsSettings;
import io.github.ecrconnect.ptc.core.AccountSource;
import io.github.ecrconnect.ptc.core.DiscoveryException;
import io.github.ecrconnect.ptc.core.RegionSource;
import java.util.List;

/** Where the connector's discovery finds accounts and regions; closed with the connector. */
interface ScopeSources extends AccountSource, RegionSource, AutoCloseable {
  @Override
  void close();

  /** Organizations and Account Management through the AWS SDK. */
  static ScopeSources aws(AwsSettings settings, String homeRegion) {
    AwsScopeSources aws = new AwsScopeSources(settings, homeRegion);
    return new ScopeSources() {
      @Override
      public List<String> activeAccounts() throws DiscoveryException {
        return aws.activeAccounts();
      }

      @Override
      public List<String> enabledRegions(String accountId) throws DiscoveryException {
        return aws.enabledRegions(accountId);
      }

      @Override
      public void close() {
        aws.close();
      }
    };
  }
}
