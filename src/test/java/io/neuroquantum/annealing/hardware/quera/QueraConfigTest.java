package io.neuroquantum.annealing.hardware.quera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.hardware.HardwareException;
import io.neuroquantum.annealing.hardware.HardwareParameters;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration from the environment over the config section, and the refusals when something is missing. */
class QueraConfigTest {

  @Test
  void the_environment_wins_over_the_configuration_and_defaults_point_at_aquila() {
    QueraConfig config = QueraConfig.from(
        Map.of("AWS_ACCESS_KEY_ID", "AKIDENV", "AWS_SECRET_ACCESS_KEY", "env-secret", "NQ_QUERA_S3_BUCKET", "env-bucket"),
        Map.of("access_key_id", "AKIDFILE", "secret_access_key", "file-secret", "s3_bucket", "file-bucket",
            "s3_prefix", "nq"));
    assertThat(config.credentials().accessKeyId()).isEqualTo("AKIDENV");
    assertThat(config.s3Bucket()).isEqualTo("env-bucket");
    assertThat(config.s3Prefix()).isEqualTo("nq");
    assertThat(config.region()).isEqualTo("us-east-1");
    assertThat(config.braketEndpoint()).hasToString("https://braket.us-east-1.amazonaws.com");
    assertThat(config.deviceArn()).isEqualTo("arn:aws:braket:us-east-1::device/qpu/quera/Aquila");
    assertThat(config.toString()).contains("AKIDENV").doesNotContain("env-secret").doesNotContain("file-secret");
  }

  @Test
  void submitting_without_credentials_or_a_bucket_is_refused_with_what_to_set() {
    QueraBackend noCredentials = new QueraBackend(QueraConfig.from(Map.of("NQ_QUERA_S3_BUCKET", "b"), Map.of()));
    assertThatThrownBy(() -> noCredentials.submit(AhsEncodingTest.squareLattice(2), HardwareParameters.reads(10)))
        .isInstanceOf(HardwareException.class).hasMessageContaining("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    QueraBackend noBucket = new QueraBackend(QueraConfig.from(
        Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "s"), Map.of()));
    assertThatThrownBy(() -> noBucket.submit(AhsEncodingTest.squareLattice(2), HardwareParameters.reads(10)))
        .isInstanceOf(HardwareException.class).hasMessageContaining("set NQ_QUERA_S3_BUCKET");
  }
}
