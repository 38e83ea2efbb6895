package vn.nguon.traceability.transparency;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The one piece of Ed25519 the JDK 17 API lacks: deriving the public key from a private key
 * (RFC 8032 section 5.1.5), so a configured PKCS#8 private key is enough. Straight port of the
 * RFC's reference code with {@link BigInteger}; slow, and run once at start.
 */
final class Ed25519 {

	private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

	private static final BigInteger D = BigInteger.valueOf(-121665).multiply(inv(BigInteger.valueOf(121666))).mod(P);

	private static final BigInteger SQRT_M1 = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);

	private static final BigInteger[] G;

	static {
		BigInteger gy = BigInteger.valueOf(4).multiply(inv(BigInteger.valueOf(5))).mod(P);
		BigInteger gx = recoverX(gy, 0);
		G = new BigInteger[] { gx, gy, BigInteger.ONE, gx.multiply(gy).mod(P) };
	}

	private Ed25519() {
	}

	private static BigInteger inv(BigInteger x) {
		return x.modPow(P.subtract(BigInteger.TWO), P);
	}

	private static BigInteger recoverX(BigInteger y, int sign) {
		BigInteger x2 = y.multiply(y).subtract(BigInteger.ONE).multiply(inv(D.multiply(y).multiply(y).add(BigInteger.ONE)));
		BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
		if (!x.multiply(x).subtract(x2).mod(P).equals(BigInteger.ZERO)) {
			x = x.multiply(SQRT_M1).mod(P);
		}
		if (x.testBit(0) != (sign == 1)) {
			x = P.subtract(x);
		}
		return x;
	}

	private static BigInteger[] add(BigInteger[] p, BigInteger[] q) {
		BigInteger a = p[1].subtract(p[0]).multiply(q[1].subtract(q[0])).mod(P);
		BigInteger b = p[1].add(p[0]).multiply(q[1].add(q[0])).mod(P);
		BigInteger c = BigInteger.TWO.multiply(p[3]).multiply(q[3]).multiply(D).mod(P);
		BigInteger d = BigInteger.TWO.multiply(p[2]).multiply(q[2]).mod(P);
		BigInteger e = b.subtract(a);
		BigInteger f = d.subtract(c);
		BigInteger g = d.add(c);
		BigInteger h = b.add(a);
		return new BigInteger[] { e.multiply(f).mod(P), g.multiply(h).mod(P), f.multiply(g).mod(P), e.multiply(h).mod(P) };
	}

	private static BigInteger[] mul(BigInteger s, BigInteger[] point) {
		BigInteger[] q = { BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO };
		BigInteger[] p = point;
		while (s.signum() > 0) {
			if (s.testBit(0)) {
				q = add(q, p);
			}
			p = add(p, p);
			s = s.shiftRight(1);
		}
		return q;
	}

	/**
	 * @param seed the 32-byte private key
	 * @return the 32-byte public key
	 */
	static byte[] publicKey(byte[] seed) {
		if (seed.length != 32) {
			throw new IllegalArgumentException("an Ed25519 private key has 32 bytes");
		}
		byte[] h;
		try {
			h = MessageDigest.getInstance("SHA-512").digest(seed);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		BigInteger a = littleEndian(Arrays.copyOf(h, 32));
		a = a.and(BigInteger.ONE.shiftLeft(254).subtract(BigInteger.valueOf(8))).or(BigInteger.ONE.shiftLeft(254));
		BigInteger[] point = mul(a, G);
		BigInteger zinv = inv(point[2]);
		BigInteger x = point[0].multiply(zinv).mod(P);
		BigInteger y = point[1].multiply(zinv).mod(P);
		BigInteger encoded = x.testBit(0) ? y.setBit(255) : y;
		byte[] out = new byte[32];
		byte[] be = encoded.toByteArray();
		for (int i = 0; i < 32 && i < be.length; i++) {
			out[i] = be[be.length - 1 - i];
		}
		return out;
	}

	private static BigInteger littleEndian(byte[] bytes) {
		byte[] be = new byte[bytes.length];
		for (int i = 0; i < bytes.length; i++) {
			be[i] = bytes[bytes.length - 1 - i];
		}
		return new BigInteger(1, be);
	}

}
