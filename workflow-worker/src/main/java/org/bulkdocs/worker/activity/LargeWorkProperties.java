package org.bulkdocs.worker.activity;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param maxConcurrent listings and message builds at once ({@code WORKER_MAX_CONCURRENT_LARGE_WORK}) */
@Validated
@ConfigurationProperties("bulkdocs.large-work")
public record LargeWorkProperties(@DefaultValue("8") @Min(1) int maxConcurrent) {}
