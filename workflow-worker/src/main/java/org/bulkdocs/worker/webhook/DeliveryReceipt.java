package org.bulkdocs.worker.webhook;

public record DeliveryReceipt(int httpStatus, int bodyBytes, int documentCount) {}
