package fr.audience.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.audience.core.AppConfig;
import fr.audience.core.AudienceException;
import org.junit.jupiter.api.Test;

class PipelineTest {
  @Test
  void everyJobOfTheReferenceListHasAFactoryAndEveryFactoryIsInTheList() {
    assertThat(Pipeline.ORDER)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(Pipeline.FACTORIES.keySet());
  }

  @Test
  void theDefaultPipelineRunsTheReferenceList() {
    assertThat(AppConfig.defaults().getStringList(Pipeline.JOBS_KEY)).isEqualTo(Pipeline.ORDER);
  }

  @Test
  void aJobNameOutsideTheListIsAConfigErrorNamingTheJobs() {
    assertThatThrownBy(
            () ->
                Pipeline.from(AppConfig.defaults(Pipeline.JOBS_KEY + "=[ingest, segment_assign]")))
        .isInstanceOf(AudienceException.class)
        .hasMessageContaining("audience.pipeline.jobs")
        .hasMessageContaining("'segment_assign'")
        .hasMessageContaining(Pipeline.ORDER.toString());
  }
}
