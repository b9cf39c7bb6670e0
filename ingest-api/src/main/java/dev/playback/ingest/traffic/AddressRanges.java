package dev.playback.ingest.traffic;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * IPv4 and IPv6 address ranges in CIDR notation ({@code 203.0.113.0/24},
 * {@code 2001:db8::/32}), merged into sorted, disjoint intervals of the 128-bit address
 * space (IPv4 as IPv4-mapped IPv6), so that a lookup is a binary search however long the
 * list: data-center lists run to tens of thousands of ranges.
 */
final class AddressRanges {

	/** Ascending, disjoint, not adjacent: each an inclusive [first, last] of 128 bits. */
	private final long[][] intervals;

	private AddressRanges(long[][] intervals) {
		this.intervals = intervals;
	}

	/**
	 * The ranges of {@code cidrs}.
	 * @throws IllegalArgumentException naming the first entry that is not a CIDR range or
	 * an address
	 */
	static AddressRanges of(List<String> cidrs) {
		List<long[]> ranges = new ArrayList<>(cidrs.size());
		for (String cidr : cidrs) {
			ranges.add(range(cidr.strip()));
		}
		ranges.sort(Comparator.<long[]>comparingLong((r) -> r[0] ^ Long.MIN_VALUE)
			.thenComparingLong((r) -> r[1] ^ Long.MIN_VALUE));
		List<long[]> merged = new ArrayList<>();
		for (long[] range : ranges) {
			long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
			if (last != null && compare(range[0], range[1], last[2], last[3]) <= 0) {
				if (compare(range[2], range[3], last[2], last[3]) > 0) {
					last[2] = range[2];
					last[3] = range[3];
				}
			}
			else {
				merged.add(range.clone());
			}
		}
		return new AddressRanges(merged.toArray(long[][]::new));
	}

	int size() {
		return this.intervals.length;
	}

	/**
	 * Whether {@code address}, an IP literal as a servlet container reports it, lies in a
	 * range; anything that is not an IP literal is in none (and is never looked up).
	 */
	boolean contains(String address) {
		if (this.intervals.length == 0 || address == null || !isLiteral(address)) {
			return false;
		}
		long[] at;
		try {
			at = bits(InetAddress.getByName(address).getAddress());
		}
		catch (UnknownHostException | IllegalArgumentException ex) {
			return false;
		}
		int low = 0;
		int high = this.intervals.length - 1;
		while (low <= high) {
			int middle = (low + high) >>> 1;
			long[] interval = this.intervals[middle];
			if (compare(at[0], at[1], interval[0], interval[1]) < 0) {
				high = middle - 1;
			}
			else if (compare(at[0], at[1], interval[2], interval[3]) > 0) {
				low = middle + 1;
			}
			else {
				return true;
			}
		}
		return false;
	}

	/** Digits, hex digits, dots, colons and a zone: never a host name to resolve. */
	private static boolean isLiteral(String address) {
		if (address.isEmpty() || address.length() > 64) {
			return false;
		}
		boolean colon = address.indexOf(':') >= 0;
		for (int i = 0; i < address.length(); i++) {
			char c = address.charAt(i);
			boolean ok = (c >= '0' && c <= '9') || c == '.' || (colon && (c == ':' || c == '%' || (c >= 'a' && c <= 'f')
					|| (c >= 'A' && c <= 'F') || Character.isLetterOrDigit(c)));
			if (!ok) {
				return false;
			}
		}
		return true;
	}

	/** {first high, first low, last high, last low} of one CIDR range. */
	private static long[] range(String cidr) {
		int slash = cidr.indexOf('/');
		String address = (slash < 0) ? cidr : cidr.substring(0, slash);
		if (!isLiteral(address)) {
			throw new IllegalArgumentException("Not an address range: " + cidr);
		}
		byte[] bytes;
		try {
			bytes = InetAddress.getByName(address).getAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("Not an address range: " + cidr, ex);
		}
		int width = bytes.length * 8;
		int prefix;
		try {
			prefix = (slash < 0) ? width : Integer.parseInt(cidr.substring(slash + 1));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Not an address range: " + cidr, ex);
		}
		if (prefix < 0 || prefix > width) {
			throw new IllegalArgumentException("Not an address range: " + cidr + " (prefix 0.." + width + ")");
		}
		long[] first = bits(bytes);
		int hostBits = width - prefix;
		long[] mask = hostMask(hostBits);
		return new long[] { first[0] & ~mask[0], first[1] & ~mask[1], first[0] | mask[0], first[1] | mask[1] };
	}

	/** Ones in the low {@code hostBits} bits of 128. */
	private static long[] hostMask(int hostBits) {
		if (hostBits >= 128) {
			return new long[] { -1L, -1L };
		}
		if (hostBits >= 64) {
			return new long[] { (hostBits == 64) ? 0 : -1L >>> (128 - hostBits), -1L };
		}
		return new long[] { 0, (hostBits == 0) ? 0 : -1L >>> (64 - hostBits) };
	}

	/** An address's 128 bits; IPv4 as ::ffff:a.b.c.d. */
	private static long[] bits(byte[] address) {
		byte[] full = address;
		if (address.length == 4) {
			full = new byte[16];
			full[10] = (byte) 0xff;
			full[11] = (byte) 0xff;
			System.arraycopy(address, 0, full, 12, 4);
		}
		long high = 0;
		long low = 0;
		for (int i = 0; i < 8; i++) {
			high = (high << 8) | (full[i] & 0xff);
			low = (low << 8) | (full[i + 8] & 0xff);
		}
		return new long[] { high, low };
	}

	/** Unsigned comparison of two 128-bit numbers. */
	private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
		int high = Long.compareUnsigned(aHigh, bHigh);
		return (high != 0) ? high : Long.compareUnsigned(aLow, bLow);
	}

	@Override
	public String toString() {
		return this.intervals.length + " address ranges";
	}

}
