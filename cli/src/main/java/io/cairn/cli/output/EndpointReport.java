package io.cairn.cli.output;

import io.cairn.client.EndpointStatus;

/**
 * What one endpoint said to {@code status}: its status, or the one-line error it failed with.
 *
 * @param endpoint the address asked
 * @param status the answer, null when the endpoint failed
 * @param error why it failed, null when it answered
 */
public record EndpointReport(String endpoint, EndpointStatus status, String error) {}
