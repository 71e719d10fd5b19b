/**
 * The codec server, served by the API's management context only. Outside {@code org.bulkdocs.api} on
 * purpose: that package is component-scanned into the customers' context, and these beans must never be.
 */
package org.bulkdocs.management.codec;
