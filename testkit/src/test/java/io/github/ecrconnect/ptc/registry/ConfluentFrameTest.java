package io.github.ecrconnect.ptc.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class ConfluentFrameTest {
  @Test
  void splitsMagicByteBigEndianIdAndBody() {
    byte[] wire = {0, 0, 0, 1, 2, 42, 43};

    ConfluentFrame frame = ConfluentFrame.parse(wire);

    assertThat(frame.schemaId()).isEqualTo(258);
    assertThat(frame.avro()).containsExactly(42, 43);
    assertThat(frame.toBytes()).isEqualTo(wire);
  }

  @Test
  void refusesBytesWithoutTheFrame() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConfluentFrame.parse(new byte[] {1, 0, 0, 0, 1, 2}))
        .withMessageContaining("magic byte 1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConfluentFrame.parse(new byte[] {0, 0, 0}))
        .withMessageContaining("3 bytes");
    assertThatIllegalArgumentException().isThrownBy(() -> ConfluentFrame.parse(null));
  }
}
