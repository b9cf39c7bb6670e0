package dev.playback.schemas;

import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * {@link DataOutput} straight into a growing byte array: each value one array write,
 * where a {@link DataOutputStream} calls its stream once per byte of every int, and a
 * {@code ByteArrayOutputStream} takes a lock for every write. Writes the same bytes as a
 * {@link DataOutputStream} (big-endian, modified UTF-8 for {@link #writeUTF}). The hot
 * paths write through it: the aggregator's playback state for every heartbeat read, and
 * the Avro bodies of {@link DirectAvroSerializer}.
 */
public final class BufferDataOutput extends OutputStream implements DataOutput {

	private byte[] buffer;

	private int size;

	/** Only for {@link #writeUTF}, whose modified UTF-8 it encodes into this stream. */
	private DataOutputStream utf;

	public BufferDataOutput(int expectedSize) {
		this.buffer = new byte[Math.max(16, expectedSize)];
	}

	/** The bytes written so far. */
	public byte[] toByteArray() {
		return Arrays.copyOf(this.buffer, this.size);
	}

	private int reserve(int length) {
		int at = this.size;
		if (at + length > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, at + length));
		}
		this.size = at + length;
		return at;
	}

	@Override
	public void write(int value) {
		// reserved first: it may replace the array
		int at = reserve(1);
		this.buffer[at] = (byte) value;
	}

	@Override
	public void write(byte[] bytes) {
		write(bytes, 0, bytes.length);
	}

	@Override
	public void write(byte[] bytes, int offset, int length) {
		int at = reserve(length);
		System.arraycopy(bytes, offset, this.buffer, at, length);
	}

	@Override
	public void writeBoolean(boolean value) {
		write(value ? 1 : 0);
	}

	@Override
	public void writeByte(int value) {
		write(value);
	}

	@Override
	public void writeShort(int value) {
		int at = reserve(2);
		this.buffer[at] = (byte) (value >>> 8);
		this.buffer[at + 1] = (byte) value;
	}

	@Override
	public void writeChar(int value) {
		writeShort(value);
	}

	@Override
	public void writeInt(int value) {
		int at = reserve(4);
		this.buffer[at] = (byte) (value >>> 24);
		this.buffer[at + 1] = (byte) (value >>> 16);
		this.buffer[at + 2] = (byte) (value >>> 8);
		this.buffer[at + 3] = (byte) value;
	}

	@Override
	public void writeLong(long value) {
		int at = reserve(8);
		for (int i = 0; i < 8; i++) {
			this.buffer[at + i] = (byte) (value >>> (56 - 8 * i));
		}
	}

	@Override
	public void writeFloat(float value) {
		writeInt(Float.floatToIntBits(value));
	}

	@Override
	public void writeDouble(double value) {
		writeLong(Double.doubleToLongBits(value));
	}

	@Override
	public void writeBytes(String value) {
		int at = reserve(value.length());
		for (int i = 0; i < value.length(); i++) {
			this.buffer[at + i] = (byte) value.charAt(i);
		}
	}

	@Override
	public void writeChars(String value) {
		for (int i = 0; i < value.length(); i++) {
			writeChar(value.charAt(i));
		}
	}

	@Override
	public void writeUTF(String value) throws IOException {
		if (this.utf == null) {
			this.utf = new DataOutputStream(this);
		}
		this.utf.writeUTF(value);
	}

}
