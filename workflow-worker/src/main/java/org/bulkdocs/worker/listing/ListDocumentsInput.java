package org.bulkdocs.worker.listing;

public record ListDocumentsInput(String cxId, String patientId, String requestId) {}
