package dev.playback.aggregator.session.state;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * {@link DataInput} straight over a byte array: each read one buffer access, where a
 * {@link DataInputStream} calls its stream once per byte of every int. Reads the same
 * bytes in the same big-endian format; past the end, an {@link EOFException}. Every
 * heartbeat read decodes its playback's state through it.
 */
public final class BufferDataInput implements DataInput {

	private final ByteBuffer buffer;

	BufferDataInput(byte[] bytes) {
		this.buffer = ByteBuffer.wrap(bytes);
	}

	@Override
	public void readFully(byte[] bytes) throws IOException {
		readFully(bytes, 0, bytes.length);
	}

	@Override
	public void readFully(byte[] bytes, int offset, int length) throws IOException {
		try {
			this.buffer.get(bytes, offset, length);
		}
		catch (BufferUnderflowException ex) {
			throw endOfInput();
		}
	}

	@Override
	public int skipBytes(int count) {
		int skipped = Math.max(0, Math.min(count, this.buffer.remaining()));
		this.buffer.position(this.buffer.position() + skipped);
		return skipped;
	}

	@Override
	public boolean readBoolean() throws IOException {
		return readByte() != 0;
	}

	@Override
	public byte readByte() throws IOException {
		need(Byte.BYTES);
		return this.buffer.get();
	}

	@Override
	public int readUnsignedByte() throws IOException {
		return readByte() & 0xff;
	}

	@Override
	public short readShort() throws IOException {
		need(Short.BYTES);
		return this.buffer.getShort();
	}

	@Override
	public int readUnsignedShort() throws IOException {
		return readShort() & 0xffff;
	}

	@Override
	public char readChar() throws IOException {
		need(Character.BYTES);
		return this.buffer.getChar();
	}

	@Override
	public int readInt() throws IOException {
		need(Integer.BYTES);
		return this.buffer.getInt();
	}

	@Override
	public long readLong() throws IOException {
		need(Long.BYTES);
		return this.buffer.getLong();
	}

	@Override
	public float readFloat() throws IOException {
		need(Float.BYTES);
		return this.buffer.getFloat();
	}

	@Override
	public double readDouble() throws IOException {
		need(Double.BYTES);
		return this.buffer.getDouble();
	}

	/** Not a text format: never called. */
	@Override
	public String readLine() {
		throw new UnsupportedOperationException("readLine");
	}

	@Override
	public String readUTF() throws IOException {
		return DataInputStream.readUTF(this);
	}

	private void need(int bytes) throws EOFException {
		if (this.buffer.remaining() < bytes) {
			throw endOfInput();
		}
	}

	private static EOFException endOfInput() {
		return new EOFException("Playback state ends early");
	}

}
