package org.bulkdocs.api.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Starts an {@link InMemoryS3} for a Spring test context and points the application at it.
 *
 * <p>Tied to the context rather than to a test class: Spring caches the context across test
 * classes, and a per-class proxy would leave the cached context pointing at a stopped port. The
 * proxy is registered as a bean so tests can add documents, and stops when the context closes.
 */
public final class InMemoryS3Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    InMemoryS3 s3 = InMemoryS3.start();
    context.getBeanFactory().registerSingleton("inMemoryS3", s3);
    context.addApplicationListener(
        event -> {
          if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
            s3.close();
          }
        });
    TestPropertyValues.of(s3.applicationProperties()).applyTo(context);
  }
}
