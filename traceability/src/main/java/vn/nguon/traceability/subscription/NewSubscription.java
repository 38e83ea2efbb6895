package vn.nguon.traceability.subscription;

import vn.nguon.traceability.TraceabilityException;

/**
 * What a subscriber asks for ({@code POST /epcis/queries/{name}/subscriptions}).
 *
 * @param dest webhook URL (http or https)
 * @param stream every new matching event in capture order
 * @param schedule when not a stream, the schedule
 * @param reportIfEmpty whether a scheduled run with nothing new still calls
 * @param signatureToken key of the HMAC in {@code GS1-Signature}, or null for unsigned callbacks
 */
public record NewSubscription(String dest, boolean stream, Schedule schedule, boolean reportIfEmpty,
		String signatureToken) {

	public NewSubscription {
		if (stream == (schedule != null)) {
			throw TraceabilityException.invalid("subscription-stream-or-schedule",
					"Give either \"stream\": true or a \"schedule\", not both and not neither.");
		}
		if (signatureToken != null && (signatureToken.length() < 16 || signatureToken.length() > 256)) {
			throw TraceabilityException.invalid("subscription-invalid-signature-token",
					"signatureToken must have 16 to 256 characters.");
		}
	}

}
