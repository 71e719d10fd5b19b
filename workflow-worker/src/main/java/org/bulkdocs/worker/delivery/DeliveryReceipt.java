package org.bulkdocs.worker.delivery;

/** @param urlsValidUntilMillis when the delivered URLs expire; 0 for a message without URLs */
public record DeliveryReceipt(int httpStatus, long bodyBytes, int documentCount, long urlsValidUntilMillis) {}
