package dev.playback.aggregator.session.state;

import java.io.DataInput;
import java.io.IOException;

import dev.playback.schemas.BufferDataOutput;

/**
 * Variable-length numbers of the stores' encodings: seven bits per byte, the low ones
 * first; signed ones zig-zag first, so that small magnitudes of either sign are short.
 */
final class Varints {

	private Varints() {
	}

	static void writeUnsigned(BufferDataOutput out, long value) {
		long rest = value;
		while ((rest & ~0x7FL) != 0) {
			out.writeByte((int) ((rest & 0x7F) | 0x80));
			rest >>>= 7;
		}
		out.writeByte((int) rest);
	}

	static long readUnsigned(DataInput in) throws IOException {
		long value = 0;
		for (int shift = 0; shift < 64; shift += 7) {
			int b = in.readUnsignedByte();
			value |= (long) (b & 0x7F) << shift;
			if ((b & 0x80) == 0) {
				return value;
			}
		}
		throw new IOException("Variable-length number longer than 10 bytes");
	}

	static void writeSigned(BufferDataOutput out, long value) {
		writeUnsigned(out, (value << 1) ^ (value >> 63));
	}

	static long readSigned(DataInput in) throws IOException {
		long zigzag = readUnsigned(in);
		return (zigzag >>> 1) ^ -(zigzag & 1);
	}

}
