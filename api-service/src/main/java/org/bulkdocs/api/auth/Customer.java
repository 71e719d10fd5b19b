package org.bulkdocs.api.auth;

/** An authenticated customer; {@code id} is Metriport's cxId and the first segment of its S3 keys. */
public record Customer(String id) {}
