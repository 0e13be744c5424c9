package dev.airesilience.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.monitoring.ConfigEvent;
import dev.airesilience.config.monitoring.ConfigEventLog;
import dev.airesilience.config.monitoring.ConfigEventType;
import dev.airesilience.config.schema.ConfigSchema;
import dev.airesilience.config.validation.ConfigProblem;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.settings.ConfigSource;
import dev.airesilience.settings.ResilienceSettings;
import dev.airesilience.settings.ResolvedConfiguration;
import dev.airesilience.time.ManualClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 18: 200 runtime updates of 999 new operations each left 199,800 overrides, the heap grew from
 * 5 to 128 MiB and one update went from 5 ms to 356 ms. What updates accumulate is now bounded: an operation
 * keeps one entry however often it is reassigned, at most {@link ConfigSchema#MAX_RUNTIME_OVERRIDES} operations
 * have a runtime override, and a change event keeps at most {@link ConfigEventLog#MAX_CHANGES_PER_EVENT} changes.
 *
 * <p>"The work of one update does not grow" is asserted structurally: an update copies the runtime overrides in
 * force, re-resolves every override in force and diffs the old and new ones, so its work is proportional to the
 * size of {@link ResolvedConfiguration#operationOverrides()} (plus the document, at most
 * {@link ConfigSchema#MAX_KEYS} keys) and to what it leaves in the event log. Both are measured after every update.
 */
class RuntimeUpdatePileUpTest {

    private static final int UPDATES = 200;
    /** The most one document can name: {@code operation_overrides} plus 999 entries is {@link ConfigSchema#MAX_KEYS}. */
    private static final int OPERATIONS_PER_UPDATE = ConfigSchema.MAX_KEYS - 1;
    private static final ResilienceStrategy[] STRATEGIES = ResilienceStrategy.values();

    private final AIServiceResilience resilience = AIServiceResilience.builder().clock(new ManualClock())
            .settings(ResilienceSettings.builder().preset("production").build()).build();
    private final int presetOverrides = resilience.getConfiguration().operationOverrides().size();

    @AfterEach
    void close() {
        resilience.close();
    }

    /** {@code {"operation_overrides": {"<prefix>0": strategy, ..., "<prefix>998": strategy}}} */
    private static String document(String prefix, ResilienceStrategy strategy) {
        StringBuilder json = new StringBuilder("{\"operation_overrides\": {");
        for (int i = 0; i < OPERATIONS_PER_UPDATE; i++) {
            json.append(i == 0 ? "" : ", ").append('"').append(prefix).append(i).append("\": \"")
                    .append(strategy.wireName()).append('"');
        }
        return json.append("}}").toString();
    }

    private long runtimeOverrides() {
        return resilience.getConfiguration().operationOverrideSources().values().stream()
                .filter(source -> source == ConfigSource.RUNTIME).count();
    }

    /** Entries the next update re-resolves and diffs: every override in force. */
    private int overridesInForce() {
        return resilience.getConfiguration().operationOverrides().size();
    }

    private int retainedChangesOfTheLastUpdate() {
        List<ConfigEvent> changes = resilience.configEvents().events(null, ConfigEventType.CONFIG_CHANGE);
        return ((Map<?, ?>) changes.get(changes.size() - 1).metadata().get("changes")).size();
    }

    @Test
    void two_hundred_updates_of_999_new_operations_each_stop_at_the_cap_with_a_clear_error_and_change_nothing() {
        int accepted = 0;
        InvalidConfigurationException firstRejection = null;
        for (int update = 0; update < UPDATES; update++) {
            ResolvedConfiguration before = resilience.getConfiguration();
            String json = document("op_" + update + "_", STRATEGIES[update % STRATEGIES.length]);
            InvalidConfigurationException rejection =
                    catchThrowableOfType(InvalidConfigurationException.class, () -> resilience.updateConfiguration(json));
            if (rejection == null) {
                accepted++;
            } else {
                firstRejection = firstRejection == null ? rejection : firstRejection;
                assertThat(resilience.getConfiguration()).as("a rejected update changes nothing").isEqualTo(before);
            }
            assertThat(runtimeOverrides()).as("runtime overrides retained after update %d", update)
                    .isLessThanOrEqualTo(ConfigSchema.MAX_RUNTIME_OVERRIDES);
            assertThat(overridesInForce()).as("work of the next update, after update %d", update)
                    .isLessThanOrEqualTo(ConfigSchema.MAX_RUNTIME_OVERRIDES + presetOverrides);
        }

        assertThat(accepted).as("999 fit under the cap of 1000; 999 more would make 1998").isEqualTo(1);
        assertThat(runtimeOverrides()).isEqualTo(OPERATIONS_PER_UPDATE);
        assertThat(resilience.getConfiguration().strategyFor("op_0_5")).isEqualTo(STRATEGIES[0]);
        assertThat(resilience.getConfiguration().strategyFor("op_1_5")).as("never applied").isEqualTo(ResilienceStrategy.CONSERVATIVE);
        assertThat(firstRejection.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("$.operation_overrides");
            assertThat(problem.allowed()).isEqualTo("at most 1000 operations with a runtime override");
            assertThat(problem.received()).isEqualTo("1998 operations");
            assertThat(problem.message()).isEqualTo("Field 'operation_overrides': runtime updates may give at most 1000"
                    + " operations an override, but this update would make it 1998 (999 in force, 999 new);"
                    + " reassign operations already overridden instead of adding new ones");
        });
        assertThat(firstRejection).hasMessageContaining("1000").hasMessageContaining("1998");
        assertThat(resilience.configEvents().usageStatistics(null).validationFailures()).isEqualTo(UPDATES - 1);
    }

    @Test
    void at_the_cap_reassigning_operations_and_scalar_updates_are_still_accepted() {
        resilience.updateConfiguration(document("op_", ResilienceStrategy.CRITICAL));
        resilience.updateConfiguration("{\"operation_overrides\": {\"op_999\": \"critical\"}}");
        assertThat(runtimeOverrides()).isEqualTo(ConfigSchema.MAX_RUNTIME_OVERRIDES);

        ConfigProblem problem = catchThrowableOfType(InvalidConfigurationException.class, () -> resilience
                .updateConfiguration("{\"retry_attempts\": 4, \"operation_overrides\": {\"op_1000\": \"critical\"}}"))
                .problems().get(0);
        assertThat(problem.received()).isEqualTo("1001 operations");
        assertThat(resilience.getConfiguration().values()).as("nothing of the rejected update applied")
                .doesNotContainEntry("retry_attempts", 4);
        assertThat(resilience.validateConfiguration("{\"operation_overrides\": {\"op_1000\": \"critical\"}}").isValid())
                .as("validate reports the cap too").isFalse();

        resilience.updateConfiguration(document("op_", ResilienceStrategy.AGGRESSIVE));
        resilience.updateConfiguration("{\"retry_attempts\": 4}");
        assertThat(runtimeOverrides()).isEqualTo(ConfigSchema.MAX_RUNTIME_OVERRIDES);
        assertThat(resilience.getConfiguration().strategyFor("op_7")).isEqualTo(ResilienceStrategy.AGGRESSIVE);
        assertThat(resilience.getConfiguration().values()).containsEntry("retry_attempts", 4);
    }

    @Test
    void two_hundred_updates_reassigning_999_operations_replace_their_entries_and_each_does_the_same_work() {
        int[] work = new int[UPDATES];
        for (int update = 0; update < UPDATES; update++) {
            ResilienceStrategy strategy = STRATEGIES[update % STRATEGIES.length];
            resilience.updateConfiguration(document("op_", strategy));

            assertThat(runtimeOverrides()).as("one entry per operation after update %d", update)
                    .isEqualTo(OPERATIONS_PER_UPDATE);
            assertThat(resilience.getConfiguration().strategyFor("op_" + (update % OPERATIONS_PER_UPDATE)))
                    .isEqualTo(strategy);
            // Every update changes all 999 strategies; the event keeps the first 50 and counts the rest.
            List<ConfigEvent> changes = resilience.configEvents().events(null, ConfigEventType.CONFIG_CHANGE);
            Map<String, Object> last = changes.get(changes.size() - 1).metadata();
            assertThat(retainedChangesOfTheLastUpdate()).isEqualTo(ConfigEventLog.MAX_CHANGES_PER_EVENT);
            assertThat(last.get("changes_omitted")).isEqualTo(OPERATIONS_PER_UPDATE - ConfigEventLog.MAX_CHANGES_PER_EVENT);
            work[update] = overridesInForce() + retainedChangesOfTheLastUpdate();
        }
        assertThat(work).as("entries each update re-resolves, diffs and retains: the same for the 1st and the 200th")
                .containsOnly(OPERATIONS_PER_UPDATE + presetOverrides + ConfigEventLog.MAX_CHANGES_PER_EVENT);
        assertThat(resilience.configEvents().events(null, ConfigEventType.CONFIG_CHANGE)).hasSize(UPDATES)
                .allSatisfy(event -> assertThat((Map<?, ?>) event.metadata().get("changes"))
                        .hasSizeLessThanOrEqualTo(ConfigEventLog.MAX_CHANGES_PER_EVENT));
    }

    @Test
    void a_rejected_document_with_a_thousand_problems_leaves_at_most_twenty_messages_in_the_log() {
        StringBuilder json = new StringBuilder("{\"operation_overrides\": {");
        for (int i = 0; i < OPERATIONS_PER_UPDATE; i++) {
            json.append(i == 0 ? "" : ", ").append("\"op_").append(i).append("\": \"fastest\"");
        }
        String document = json.append("}}").toString();
        InvalidConfigurationException rejection =
                catchThrowableOfType(InvalidConfigurationException.class, () -> resilience.updateConfiguration(document));
        assertThat(rejection.problems()).as("the caller still gets every problem").hasSize(OPERATIONS_PER_UPDATE);

        ConfigEvent validation = resilience.configEvents().events(null, ConfigEventType.VALIDATION_EVENT).get(0);
        assertThat((List<?>) validation.metadata().get("validation_errors")).hasSize(ConfigEventLog.MAX_ERRORS_PER_EVENT);
        assertThat(validation.metadata()).containsEntry("validation_errors_omitted",
                OPERATIONS_PER_UPDATE - ConfigEventLog.MAX_ERRORS_PER_EVENT);
    }
}
