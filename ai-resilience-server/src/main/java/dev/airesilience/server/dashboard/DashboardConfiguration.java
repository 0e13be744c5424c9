package dev.airesilience.server.dashboard;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.time.Scheduler;
import dev.airesilience.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The dashboard's server side: the timeline fed by the orchestrator's events, and the counter sampler. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DashboardSettings.class)
public class DashboardConfiguration {

    @Bean
    Timeline dashboardTimeline(AIServiceResilience resilience, DashboardSettings settings) {
        Timeline timeline = new Timeline(TimeSource.system(), settings.timelineSize());
        resilience.addListener(new DashboardListener(timeline));
        return timeline;
    }

    @Bean(destroyMethod = "close")
    DashboardSampler dashboardSampler(AIServiceResilience resilience, DashboardSettings settings) {
        DashboardSampler sampler = new DashboardSampler(resilience, TimeSource.system(), new DaemonTimer(), settings);
        sampler.start();
        return sampler;
    }

    /** One daemon thread that only reads counters; closed with the sampler. */
    static final class DaemonTimer implements Scheduler, AutoCloseable {

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dashboard-sampler");
            thread.setDaemon(true);
            return thread;
        });

        @Override
        public Future<?> schedule(Runnable task, Duration delay) {
            return timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
