package org.bulkdocs.api.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole API on a random port, against an in-memory S3 and Temporal's in-process test server.
 * Every class carrying exactly this annotation shares one cached context, so tests use their own
 * patient IDs (see {@link InMemoryS3#newPatient}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "spring.temporal.test-server.enabled=true")
@ContextConfiguration(initializers = {TestCustomers.Initializer.class, InMemoryS3Initializer.class})
@Import(TemporalTestConfiguration.class)
public @interface ApiIntegrationTest {}
