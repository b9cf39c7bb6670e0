package dev.playback.aggregator.session;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Byte-array streams without the locking of {@link java.io.ByteArrayOutputStream} and
 * {@link java.io.ByteArrayInputStream}, under the {@code DataOutputStream} and
 * {@code DataInputStream} that write and read a playback's state: those call them once
 * per byte of every int and flag, for every heartbeat, on a stream thread that alone uses
 * them.
 */
final class StateStreams {

	private StateStreams() {
	}

	/** Grows as written; {@link #toByteArray} copies out what was written. */
	static final class Output extends OutputStream {

		private byte[] buffer;

		private int count;

		Output(int initialCapacity) {
			this.buffer = new byte[initialCapacity];
		}

		@Override
		public void write(int b) {
			if (this.count == this.buffer.length) {
				grow(1);
			}
			this.buffer[this.count++] = (byte) b;
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			if (this.count + length > this.buffer.length) {
				grow(length);
			}
			System.arraycopy(bytes, offset, this.buffer, this.count, length);
			this.count += length;
		}

		byte[] toByteArray() {
			return Arrays.copyOf(this.buffer, this.count);
		}

		private void grow(int atLeast) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.count + atLeast));
		}

	}

	/** Reads one array from its start; -1 at its end, as streams do. */
	static final class Input extends InputStream {

		private final byte[] bytes;

		private int position;

		Input(byte[] bytes) {
			this.bytes = bytes;
		}

		@Override
		public int read() {
			return (this.position < this.bytes.length) ? (this.bytes[this.position++] & 0xff) : -1;
		}

		@Override
		public int read(byte[] target, int offset, int length) {
			if (length == 0) {
				return 0;
			}
			int available = this.bytes.length - this.position;
			if (available <= 0) {
				return -1;
			}
			int n = Math.min(length, available);
			System.arraycopy(this.bytes, this.position, target, offset, n);
			this.position += n;
			return n;
		}

	}

}
