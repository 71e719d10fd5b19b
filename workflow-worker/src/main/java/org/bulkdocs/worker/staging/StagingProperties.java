package org.bulkdocs.worker.staging;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param prefix key prefix (in the documents bucket) under which runs stage their claim-check data;
 *     it must not look like a customer prefix
 */
@Validated
@ConfigurationProperties("bulkdocs.staging")
public record StagingProperties(@NotBlank @Pattern(regexp = ".+/") String prefix) {}
