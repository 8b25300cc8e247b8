package io.github.ecrconnect.ptc.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AwsDetectionTest {
  private static final String[] PROPERTIES = {
    "aws.accessKeyId", "aws.secretAccessKey", "aws.region"
  };

  @AfterEach
  void clear() {
    for (String property : PROPERTIES) {
      System.clearProperty(property);
    }
  }

  @Test
  void credentialsAndARegionFromTheDefaultChainsMeanAws() {
    System.setProperty("aws.accessKeyId", "AKIDDETECTIONTEST");
    System.setProperty("aws.secretAccessKey", "detection-test-secret");
    System.setProperty("aws.region", "eu-central-1");

    AwsDetection.Detection detection = AwsDetection.detect();

    assertThat(detection.found())
        .hasValueSatisfying(
            found -> {
              assertThat(found.region()).isEqualTo("eu-central-1");
              assertThat(found.credentialsFrom()).isEqualTo("SystemProperty");
              assertThat(found.toString()).doesNotContain("detection-test-secret");
            });
  }
}
