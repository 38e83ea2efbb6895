package vn.nguon.traceability.subscription;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

import org.springframework.stereotype.Component;

import vn.nguon.traceability.TraceabilityException;

/**
 * Which webhook destinations are allowed (server-side request forgery care): only {@code http}
 * and {@code https} URLs without user info; never link-local addresses (169.254/16, fe80::/10,
 * which include cloud metadata services), multicast, the unspecified address or well-known
 * metadata host names; loopback only when {@code nguon.subscriptions.allow-loopback} is true
 * and private networks only when {@code nguon.subscriptions.allow-private} is true (both false
 * by default). Checked when a subscription is created and again before every call, on every
 * address the host name resolves to.
 */
@Component
public class Destinations {

	private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata",
			"instance-data", "metadata.azure.com");

	private final SubscriptionSettings settings;

	public Destinations(SubscriptionSettings settings) {
		this.settings = settings;
	}

	/**
	 * @param dest the URL as given
	 * @return the URL, checked
	 * @throws TraceabilityException {@code subscription-invalid-dest} when it may not be called
	 */
	public URI check(String dest) {
		if (dest == null || dest.isBlank()) {
			throw invalid(dest, "dest is required: the http or https URL of your webhook.");
		}
		URI uri;
		try {
			uri = new URI(dest);
		}
		catch (URISyntaxException ex) {
			throw invalid(dest, "dest is not a URL: " + ex.getMessage());
		}
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw invalid(dest, "dest must be an http or https URL.");
		}
		if (uri.getHost() == null || uri.getRawUserInfo() != null) {
			throw invalid(dest, "dest must name a host and carry no user name or password.");
		}
		String host = uri.getHost().toLowerCase(Locale.ROOT);
		if (METADATA_HOSTS.contains(host)) {
			throw invalid(dest, "dest may not be a cloud metadata service.");
		}
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
		}
		catch (UnknownHostException ex) {
			throw invalid(dest, "The host of dest is unknown: " + host + ".");
		}
		for (InetAddress a : addresses) {
			String refused = refusal(a);
			if (refused != null) {
				throw invalid(dest, "dest resolves to " + a.getHostAddress() + ", " + refused + ".");
			}
		}
		return uri;
	}

	private String refusal(InetAddress a) {
		if (a.isLinkLocalAddress() || a.getHostAddress().startsWith("169.254.")) {
			return "a link-local or metadata address, which is never allowed";
		}
		if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
			return "not a host address";
		}
		if (a.isLoopbackAddress()) {
			return this.settings.allowLoopback() ? null : "a loopback address (nguon.subscriptions.allow-loopback is false)";
		}
		boolean uniqueLocal = a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
		byte[] b = a.getAddress();
		boolean carrierNat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
		if (a.isSiteLocalAddress() || uniqueLocal || carrierNat) {
			return this.settings.allowPrivate() ? null : "a private network address (nguon.subscriptions.allow-private is false)";
		}
		return null;
	}

	private static TraceabilityException invalid(String dest, String message) {
		return TraceabilityException.invalid("subscription-invalid-dest", message, String.valueOf(dest));
	}

}
