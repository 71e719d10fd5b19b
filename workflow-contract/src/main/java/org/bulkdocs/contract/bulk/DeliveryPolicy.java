package org.bulkdocs.contract.bulk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;

/**
 * How a run retries its webhook. Read once from the worker's configuration at the start of a run and
 * recorded in its history, so a configuration change never alters a run that is already going.
 *
 * @param deliveryWindow time from the start of the run after which delivery is given up
 * @param initialBackoff wait after the first failed attempt
 * @param maxBackoff upper bound of the exponentially growing wait
 * @param maxRejections how many times a permanent 4xx answer is tolerated before the run fails
 * @param attemptTimeout how long one delivery attempt may take in all (waiting for the customer's
 *     delivery slot, building the message and the HTTP call); the worker stops the attempt's HTTP call
 *     when it is up, so nothing is sent after the server has given up on the attempt
 * @param outageInitialBackoff wait after a dependency (S3, the staged data) failed, doubled on each
 *     failure in a row
 * @param outageMaxBackoff at most this between two tries while a dependency is down, so a run goes on
 *     soon after the outage ends; only the delivery window ends a run that waits for one
 */
// API and worker deploy separately: a field added by a newer release must not break an older one.
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeliveryPolicy(
    Duration deliveryWindow,
    Duration initialBackoff,
    Duration maxBackoff,
    int maxRejections,
    Duration attemptTimeout,
    Duration outageInitialBackoff,
    Duration outageMaxBackoff) {}
